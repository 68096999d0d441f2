/**
 * dispatch: every call from outside is validated, and every outcome is an envelope. A refusal in
 * the contract's vocabulary crosses with its code and detail and is not an error to log; anything
 * else is logged with its stack and its causes, and crosses as `internal` without them.
 */
import { describe, expect, it } from 'vitest';
import { dispatch, type ErrorLog } from '../../src/contract/dispatch';
import type { TerminalApi } from '../../src/contract/terminal-api';
import { ApiError } from '../../src/contract/validate';
import { OutOfOrderTerminal } from '../../src/service/out-of-order-terminal';

function capturingLog(): ErrorLog & { lines: { fields: Record<string, unknown>; message: string }[] } {
  const lines: { fields: Record<string, unknown>; message: string }[] = [];
  return { lines, error: (fields, message) => void lines.push({ fields: { ...fields }, message }) };
}

/** A terminal whose every operation fails the way `fail` says. */
function failing(fail: () => never): TerminalApi {
  const api = new OutOfOrderTerminal('failed', 'unused');
  return Object.assign(Object.create(api) as TerminalApi, { getStatus: () => Promise.resolve().then(fail) });
}

describe('dispatch', () => {
  it('logs a fault with its stack and every cause, and answers internal without them', async () => {
    const log = capturingLog();
    const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    const api = failing(() => {
      throw new Error('could not read the status', { cause: full });
    });
    const envelope = await dispatch(api, 'getStatus', undefined, log);
    expect(envelope).toEqual({
      ok: false,
      error: { code: 'internal', message: 'The terminal could not do that. Try again, or restart it.', detail: null },
    });
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]!.fields).toMatchObject({ event: 'internal_error', operation: 'getStatus' });
    const detail = String(log.lines[0]!.fields['detail']);
    expect(detail).toMatch(/^Error: could not read the status\n\s+at /);
    expect(detail).toMatch(/caused by: Error: database or disk is full/);
  });

  it('a refusal crosses with its code and detail, and is not logged as a fault', async () => {
    const log = capturingLog();
    const api = failing(() => {
      throw new ApiError('withdrawn', 'This terminal has been withdrawn.', null);
    });
    expect(await dispatch(api, 'getStatus', undefined, log)).toEqual({
      ok: false,
      error: { code: 'withdrawn', message: 'This terminal has been withdrawn.', detail: null },
    });
    const refused = await dispatch(api, 'updateSettings', { volume: 'loud' }, log);
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_argument', detail: 'volume' } });
    expect(log.lines).toEqual([]);
  });
});
