import { isApiErrorCode, type ApiErrorCode } from '../../contract/validate';

/**
 * A refusal from the terminal service as the page holds it: the contract's code (which the
 * catalogue words), the code's detail if any, and the service's English for support only.
 */
export class TerminalError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly detail: string | null = null,
  ) {
    super(message);
    this.name = 'TerminalError';
  }
}

/**
 * Whatever an API call rejected with, as a TerminalError: Electron's bridge rejects with a plain
 * `{ code, message, detail }`; anything else (a bug in the page, a code this page does not know)
 * is `internal`, so the screen still has words for it.
 */
export function asTerminalError(e: unknown): TerminalError {
  if (e instanceof TerminalError) return e;
  const fields = typeof e === 'object' && e !== null ? (e as Record<string, unknown>) : {};
  const message = typeof fields['message'] === 'string' ? fields['message'] : String(e);
  const detail = typeof fields['detail'] === 'string' ? fields['detail'] : null;
  return new TerminalError(isApiErrorCode(fields['code']) ? fields['code'] : 'internal', message, detail);
}
