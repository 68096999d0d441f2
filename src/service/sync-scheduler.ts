import { backoffDelay, DEFAULT_BACKOFF } from '../core/backoff';
import type { SyncState } from '../contract/terminal-api';
import { DeviceRevokedError, SyncBusyError, type SyncClient, type SyncSummary } from '../node/sync/sync-client';
import { SyncHttpError, SyncNetworkError } from '../node/sync/sync-http';
import { syncProblemOf, syncProblemOfWarnings } from './sync-problem';

export interface SchedulerDeps {
  readonly client: SyncClient;
  readonly queue: () => { depth: number; oldestQueuedAt: number | null; setAside: number };
  readonly onState: (state: SyncState) => void;
  readonly onRevoked: (message: string) => void;
  readonly onSynced: (summary: SyncSummary) => void;
  /** Seconds between cycles while all is well. */
  readonly interval?: number;
  readonly random?: () => number;
  readonly now?: () => number;
}

/**
 * Runs sync cycles in the background: every `interval` while online, with exponential backoff and
 * jitter after failures, honouring Retry-After. Scanning never waits for it.
 */
export class SyncScheduler {
  private failures = 0;
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;
  private state: SyncState;

  constructor(private readonly deps: SchedulerDeps) {
    const q = deps.queue();
    this.state = {
      enrolled: true,
      online: 'unknown',
      lastSuccessAt: null,
      nextAttemptAt: null,
      problem: null,
      queueDepth: q.depth,
      oldestQueuedAt: q.oldestQueuedAt,
      setAside: q.setAside,
      revoked: false,
    };
  }

  get current(): SyncState {
    const q = this.deps.queue();
    return { ...this.state, queueDepth: q.depth, oldestQueuedAt: q.oldestQueuedAt, setAside: q.setAside };
  }

  private now(): number {
    return (this.deps.now ?? (() => Date.now() / 1000))();
  }

  start(firstDelay = 0): void {
    this.stopped = false;
    this.schedule(firstDelay);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Records when the next attempt is due; arms the timer only when running in the background. */
  private schedule(delay: number): void {
    this.update({ nextAttemptAt: this.now() + delay });
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    // A failed cycle is recorded in the state (its problem, the next attempt), not thrown here.
    this.timer = setTimeout(() => void this.runNow().catch(() => undefined), delay * 1000);
    this.timer.unref();
  }

  private update(patch: Partial<SyncState>): void {
    this.state = { ...this.state, ...patch };
    this.deps.onState(this.current);
  }

  /** Runs a cycle now; the schedule continues from its outcome. */
  async runNow(): Promise<SyncSummary> {
    try {
      const summary = await this.deps.client.cycle();
      this.failures = 0;
      this.update({ online: 'online', lastSuccessAt: this.now(), problem: syncProblemOfWarnings(summary.warnings) });
      this.deps.onSynced(summary);
      this.schedule(this.deps.interval ?? 60);
      return summary;
    } catch (e) {
      if (e instanceof DeviceRevokedError) {
        this.stop();
        this.update({ revoked: true, online: 'online', problem: syncProblemOf(e), nextAttemptAt: null });
        this.deps.onRevoked(e.message);
        throw e;
      }
      if (e instanceof SyncBusyError) {
        this.update({ problem: syncProblemOf(e) });
        this.schedule(5);
        throw e;
      }
      this.failures++;
      const offline = e instanceof SyncNetworkError || (e instanceof SyncHttpError && e.retryable);
      const retryAfter = e instanceof SyncHttpError ? e.retryAfter : null;
      this.update({ online: offline ? 'offline' : this.state.online, problem: syncProblemOf(e) });
      // Retrying never waits much longer than the regular interval (5 minutes at most).
      const policy = { ...DEFAULT_BACKOFF, max: Math.min(DEFAULT_BACKOFF.max, 5 * (this.deps.interval ?? 60)) };
      this.schedule(backoffDelay(this.failures, (this.deps.random ?? Math.random)(), retryAfter, policy));
      throw e;
    }
  }
}
