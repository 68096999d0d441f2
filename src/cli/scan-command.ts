import { parseArgs } from 'node:util';
import { isScanSource } from '../core/sync-protocol';
import { isoFromSeconds } from '../core/time';
import type { SubmitResult } from '../contract/terminal-api';
import { openTerminal } from './data-dir';
import { streamLines, UsageError, writeJsonLine, type CommandIo } from '../node/command-io';

/**
 * One output line per message: the scan as the kiosk would show it, without personal data. A
 * repeat read within the venue's window prints the earlier result again with `"repeat": true`.
 */
function scanLine(r: SubmitResult): Record<string, unknown> {
  const s = r.result;
  return {
    id: s.eventId,
    at: isoFromSeconds(s.at),
    outcome: s.outcome,
    reason: s.reason,
    warnings: s.warnings,
    source: s.source,
    service: s.service,
    offer: s.offer?.id ?? null,
    ...(s.lastUsedAt !== null ? { lastUsedAt: isoFromSeconds(s.lastUsedAt) } : {}),
    repeat: s.repeat,
    latencyMs: s.latencyMs,
  };
}

/**
 * `civicpass scan --data-dir DIR [--source SRC]`: barcode messages from stdin, one a line,
 * through the whole terminal pipeline (verify, policy, log, outbox) exactly as the kiosk runs it.
 * Each result is printed only after its scan is committed to the database.
 */
export async function runScan(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { 'data-dir': { type: 'string' }, source: { type: 'string', default: 'hid' } },
  });
  if (!isScanSource(values.source)) throw new UsageError(`--source must be camera, hid, keyboard, nfc or manual`);
  const source = values.source;
  const terminal = await openTerminal(values['data-dir']);
  try {
    // A withdrawn terminal checks nothing: one line saying so, before any input is read.
    const withdrawn = terminal.admin.withdrawn;
    if (withdrawn !== null) throw new UsageError(withdrawn, 'terminal_withdrawn');
    for await (const line of streamLines(io.stdin)) {
      writeJsonLine(io.stdout, scanLine(await terminal.submit({ text: line, source })));
    }
  } finally {
    await terminal.close();
  }
  return 0;
}
