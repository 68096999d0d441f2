import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { SyncHttpError, SyncNetworkError } from '../node/sync/sync-http';
import { EnrolmentError } from '../node/sync/enrol';
import { DeviceRevokedError } from '../node/sync/sync-client';
import { openTerminal } from './data-dir';
import { UsageError, writeJsonLine, type CommandIo } from '../node/command-io';

/** `civicpass sync --data-dir DIR`: one sync cycle (push, then pull) and its summary. */
export async function runSync(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { 'data-dir': { type: 'string' }, timeout: { type: 'string', default: '15000' } },
  });
  const timeout = /^\d{1,7}$/.test(values.timeout) ? Number(values.timeout) : 0;
  if (timeout < 1) throw new UsageError(`--timeout ${values.timeout} is not a number of milliseconds (1-9999999)`);
  const terminal = await openTerminal(values['data-dir'], { autoSync: false, syncTimeoutMs: timeout });
  try {
    if (!terminal.admin.enrolment)
      throw new UsageError('this terminal is not enrolled: run `civicpass enrol` first', 'not_enrolled');
    try {
      const summary = await terminal.admin.runSync();
      writeJsonLine(io.stdout, { ok: true, ...summary });
      return 0;
    } catch (e) {
      const kind =
        e instanceof DeviceRevokedError
          ? 'device_revoked'
          : e instanceof SyncNetworkError
            ? 'network'
            : e instanceof SyncHttpError
              ? `http_${e.status}`
              : 'failed';
      writeJsonLine(io.stdout, {
        ok: false,
        error: kind,
        message: (e as Error).message,
        queueDepth: terminal.admin.queue().depth,
      });
      return 1;
    }
  } finally {
    await terminal.close();
  }
}

/** `civicpass enrol --data-dir DIR --server URL --code CODE [--label NAME]`: enrols, then syncs. */
export async function runEnrol(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string' },
      server: { type: 'string' },
      code: { type: 'string' },
      label: { type: 'string', default: hostname() },
    },
  });
  if (!values.server || !values.code) throw new UsageError('--server and --code are required');
  const terminal = await openTerminal(values['data-dir'], { autoSync: false });
  try {
    const state = await terminal.admin.enrol(values.server, values.code, values.label);
    const status = await terminal.getStatus();
    writeJsonLine(io.stdout, { enrolled: terminal.admin.enrolment, venue: status.venue, sync: state });
    return 0;
  } catch (e) {
    // Refused by the server, unreachable, or refused here (http, a foreign anchor, enrolled
    // already): one line saying why, never a stack trace.
    if (e instanceof SyncHttpError || e instanceof SyncNetworkError || e instanceof EnrolmentError)
      throw new UsageError(`enrolment failed: ${e.message}`, 'enrolment_failed');
    throw e;
  } finally {
    await terminal.close();
  }
}
