import type { SyncState, TerminalApiEvent } from '../contract/terminal-api';
import type { SyncSummary } from '../node/sync/sync-client';
import type { TerminalParts } from './compose';
import { SyncCoordinator } from './sync-coordinator';

/**
 * The sync coordinator over the terminal's parts, with what every sync tells the rest: its state
 * to the page (a problem logged once when it appears, not at every retry), a summary to the log,
 * what was pulled to the caller.
 */
export function syncCoordinatorFor(
  parts: TerminalParts,
  hooks: {
    readonly emit: (event: TerminalApiEvent) => void;
    /** The server withdrew this terminal: wipe its personal data and keys. */
    readonly wipe: () => void;
    readonly synced: (pulled: SyncSummary['pulled']) => void;
  },
): SyncCoordinator {
  const { db, trust, clock, system, scans, log, options } = parts;
  let lastProblem: string | null = null;
  const logProblem = (state: SyncState): void => {
    const key = state.problem ? `${state.problem.code}:${state.problem.detail}` : null;
    if (key === lastProblem) return;
    lastProblem = key;
    if (state.problem) log.warn({ event: 'sync_problem', ...state.problem }, 'sync problem');
    else log.info({ event: 'sync_ok' }, 'sync working again');
  };
  return new SyncCoordinator({
    dataDir: options.dataDir,
    db,
    settings: parts.settings,
    security: parts.security,
    scans,
    trust,
    clock,
    keyring: parts.keyring,
    now: () => system.now(),
    autoSync: options.autoSync ?? true,
    ...(options.protector ? { protector: options.protector } : {}),
    ...(options.syncTimeoutMs !== undefined ? { timeoutMs: options.syncTimeoutMs } : {}),
    ...(options.syncInterval !== undefined ? { interval: options.syncInterval } : {}),
    onState: (state) => {
      logProblem(state);
      hooks.emit({ type: 'sync', sync: state });
    },
    wipe: hooks.wipe,
    onSynced: (summary) => {
      log.info(
        {
          event: 'sync',
          accepted: summary.pushed.accepted,
          rejected: summary.pushed.rejected,
          remaining: summary.pushed.remaining,
          trustList: summary.pulled.trustList,
          redemptions: summary.pulled.redemptions,
          staffCalls: summary.pulled.staffCalls.length,
        },
        'sync done',
      );
      hooks.synced(summary.pulled);
    },
  });
}

/**
 * New keys, cancellations, settings or other tills' redemptions (and their undos) may change an
 * answer: after such a sync a re-scan is judged anew.
 */
export function changesAnswers(p: SyncSummary['pulled']): boolean {
  return (
    p.trustList === 'updated' ||
    p.config === 'updated' ||
    p.registryChanges > 0 ||
    p.redemptions > 0 ||
    p.statusLists.some((l) => l.result === 'updated')
  );
}
