/**
 * What can be wrong with a SIP2 message, as a value (core never throws for bad input): which
 * part of the message, and what was wrong with it, so a log line or a test can say exactly why
 * an answer was refused.
 */
export type Sip2ProblemKind =
  /** The checksum (`AZ`) is missing where it is required, malformed, or does not match. */
  | 'checksum'
  /** The message is not shaped as SIP2 says (a fixed field, a field id, a length). */
  | 'malformed'
  /** A character cannot be written in the configured character set (requests only). */
  | 'encoding'
  /** A well-formed message, but not the one that answers the request. */
  | 'unexpected';

export interface Sip2Problem {
  readonly kind: Sip2ProblemKind;
  /** The field concerned: a SIP2 field id (`AE`) or a fixed field's name (`patron status`). */
  readonly field: string | null;
  readonly message: string;
}

export type Sip2Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: Sip2Problem };

export function success<T>(value: T): Sip2Result<T> {
  return { ok: true, value };
}

export function failure<T = never>(kind: Sip2ProblemKind, field: string | null, message: string): Sip2Result<T> {
  return { ok: false, problem: { kind, field, message } };
}
