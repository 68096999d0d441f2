/**
 * The IPC bridge's logic, without Electron: every `civicpass:<operation>` call is checked for its
 * sender (the app's main frame) and its operation name, its argument is validated against the
 * contract's schema, and the answer is an envelope `{ok, value} | {ok: false, error}` because
 * Electron's invoke loses error details.
 */
import { CHANNEL_PREFIX, dispatch, type Envelope, type ErrorLog } from '../../src/contract/dispatch';
import { isOperationName, type TerminalApi } from '../../src/contract/terminal-api';
import { isTrustedSender, type SenderFrame } from './guards';

export { CHANNEL_PREFIX, EVENT_CHANNEL } from '../../src/contract/dispatch';

export async function handleIpc(
  api: TerminalApi,
  channel: string,
  sender: SenderFrame | null | undefined,
  arg: unknown,
  log?: ErrorLog,
): Promise<Envelope> {
  if (!isTrustedSender(sender))
    return { ok: false, error: { code: 'forbidden', message: 'calls are accepted only from the app', detail: null } };
  const op = channel.startsWith(CHANNEL_PREFIX) ? channel.slice(CHANNEL_PREFIX.length) : '';
  if (!isOperationName(op))
    return { ok: false, error: { code: 'not_found', message: `no operation ${op}`, detail: null } };
  return dispatch(api, op, arg, log);
}
