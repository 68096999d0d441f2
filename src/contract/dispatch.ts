import { validateArgument, type OperationName, type TerminalApi } from './terminal-api';
import { errorDetail } from './error-detail';
import { ApiError } from './validate';

/** What crosses a process boundary for one call: errors lose their details otherwise. */
export type Envelope =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: EnvelopeError };

/** A refusal as it crosses: the contract's code, its refining detail, and English for support. */
export interface EnvelopeError {
  readonly code: string;
  readonly message: string;
  readonly detail: string | null;
}

/** The IPC channel of each operation (`civicpass:getStatus`), and the one events go out on. */
export const CHANNEL_PREFIX = 'civicpass:';
export const EVENT_CHANNEL = 'civicpass-event';

/** Where a host logs the internal errors it turns into envelopes (the terminal's log port). */
export interface ErrorLog {
  error(fields: Readonly<Record<string, string | number | boolean | null | undefined>>, message: string): void;
}

/**
 * Calls one TerminalApi operation with an argument from outside (HTTP, IPC): validated against
 * the contract's schema first, and every outcome wrapped in an envelope. An error that is not the
 * contract's own (a bug, a fault) is logged with its cause and answered `internal`, never lost.
 */
export async function dispatch(api: TerminalApi, op: OperationName, arg: unknown, log?: ErrorLog): Promise<Envelope> {
  try {
    const valid: unknown = validateArgument(op, arg);
    // Called as a method of `api`, so a class-based implementation keeps its `this`.
    const value = await (api as unknown as Record<OperationName, (a: unknown) => Promise<unknown>>)[op](valid);
    return { ok: true, value: value ?? null };
  } catch (e) {
    if (e instanceof ApiError) return { ok: false, error: { code: e.code, message: e.message, detail: e.detail } };
    log?.error({ event: 'internal_error', operation: op, detail: errorDetail(e) }, 'an operation failed');
    return {
      ok: false,
      error: { code: 'internal', message: 'The terminal could not do that. Try again, or restart it.', detail: null },
    };
  }
}
