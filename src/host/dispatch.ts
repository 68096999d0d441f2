import { validateArgument, type OperationName, type TerminalApi } from '../contract/terminal-api';
import { ApiError } from '../contract/validate';

export type Envelope = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

/**
 * Calls one TerminalApi operation with an argument from outside (HTTP, IPC): validated against
 * the contract's schema first, and every outcome wrapped in an envelope, since errors lose their
 * details crossing a process boundary.
 */
export async function dispatch(api: TerminalApi, op: OperationName, arg: unknown): Promise<Envelope> {
  try {
    const valid: unknown = validateArgument(op, arg);
    // Called as a method of `api`, so a class-based implementation keeps its `this`.
    const value = await (api as unknown as Record<OperationName, (a: unknown) => Promise<unknown>>)[op](valid);
    return { ok: true, value: value ?? null };
  } catch (e) {
    if (e instanceof ApiError) return { ok: false, error: { code: e.code, message: e.message } };
    return {
      ok: false,
      error: { code: 'internal', message: 'The terminal could not do that. Try again, or restart it.' },
    };
  }
}
