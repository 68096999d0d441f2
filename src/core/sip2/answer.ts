/** Shared by the typed parsers: an answer must be the message expected. */
import type { Sip2Message } from './message';
import { failure, success, type Sip2Result } from './problem';

export function expectId(message: Sip2Message, id: string): Sip2Result<Sip2Message> {
  return message.id === id
    ? success(message)
    : failure('unexpected', 'id', `expected message ${id}, got ${message.id}`);
}

/** `Y` true, `N` false, anything else (or absent) null: optional Y/N fields such as BL and CQ. */
export function yesNoField(value: string | null): boolean | null {
  return value === 'Y' ? true : value === 'N' ? false : null;
}

/** A field that is absent or empty reads as null: LMSs send empty `AF|` and `AE|` freely. */
export function nonEmpty(value: string | null): string | null {
  return value === null || value.trim() === '' ? null : value;
}

/** All values of a repeatable text field (AF, AG) as one, or null. */
export function joined(values: readonly string[]): string | null {
  const kept = values.map((v) => v.trim()).filter((v) => v !== '');
  return kept.length === 0 ? null : kept.join(' ');
}
