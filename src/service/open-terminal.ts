import { OutOfOrderTerminal } from './out-of-order-terminal';
import { startupProblemOf } from './startup-problem';
import { TerminalService } from './terminal-service';
import type { TerminalServiceOptions } from './compose';

/** What a host serves: the terminal service, or, when it could not start, the out-of-order one. */
export type OpenedTerminal =
  | { readonly ok: true; readonly api: TerminalService; readonly service: TerminalService }
  | { readonly ok: false; readonly api: OutOfOrderTerminal; readonly service: null; readonly error: unknown };

/**
 * Opens the terminal for a host (Electron's main process, the browser host). A failure does not
 * leave a blank kiosk: the host serves an OutOfOrderTerminal whose every answer says why, and
 * the cause goes to the terminal's log (written by the composition when the log could open) and
 * to `report` for the host's own output.
 */
export async function openTerminalForHost(
  options: TerminalServiceOptions,
  report: (message: string) => void,
): Promise<OpenedTerminal> {
  try {
    const service = await TerminalService.open(options);
    return { ok: true, api: service, service };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const problem = startupProblemOf(error);
    report(`the terminal could not start (${problem}): ${message}`);
    await options.devices?.close();
    return { ok: false, api: new OutOfOrderTerminal(problem, message), service: null, error };
  }
}
