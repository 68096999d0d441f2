/**
 * Reading a message's fixed fields one after another, each checked, so a refusal names the
 * field and shows what was there.
 */
import { failure, success, type Sip2Result } from './problem';

export class FixedReader {
  private at = 0;

  constructor(
    private readonly messageId: string,
    private readonly fixed: string,
  ) {}

  private take(length: number): string {
    const value = this.fixed.slice(this.at, this.at + length);
    this.at += length;
    return value;
  }

  private refuse<T>(name: string, value: string, expected: string): Sip2Result<T> {
    return failure('malformed', name, `${this.messageId} ${name}: expected ${expected}, got '${value}'`);
  }

  /** Any characters (dates, language, fields this terminal does not use). */
  text(length: number): string {
    return this.take(length);
  }

  /** One character from a set, e.g. `Y`/`N`, `0`/`1`. */
  oneOf<T extends string>(name: string, allowed: readonly T[]): Sip2Result<T> {
    const value = this.take(1);
    const found = allowed.find((a) => a === value);
    return found !== undefined ? success(found) : this.refuse(name, value, allowed.map((a) => `'${a}'`).join(' or '));
  }

  /** Y (true) or N (false); `U` (unknown) and a space read as false where the spec allows them. */
  yesNo(name: string, alsoFalse: readonly string[] = []): Sip2Result<boolean> {
    const r = this.oneOf(name, ['Y', 'N', ...alsoFalse]);
    return r.ok ? success(r.value === 'Y') : r;
  }

  /** 0/1 (the `ok` of answers). */
  zeroOne(name: string): Sip2Result<boolean> {
    const r = this.oneOf(name, ['0', '1']);
    return r.ok ? success(r.value === '1') : r;
  }

  /** A fixed count of digits; all blanks mean "not said" (null). */
  count(name: string, length: number): Sip2Result<number | null> {
    const value = this.take(length);
    if (value.trim() === '') return success(null);
    // Some servers pad counts with spaces rather than zeros ("   3").
    return /^ *\d+$/.test(value) ? success(Number(value.trim())) : this.refuse(name, value, `${length} digits`);
  }

  /** The 14 patron status flags: `Y` set, space (or `N`) not. */
  flags(name: string, length: number): Sip2Result<boolean[]> {
    const value = this.take(length);
    return /^[YN ]*$/.test(value) && value.length === length
      ? success(Array.from(value, (c) => c === 'Y'))
      : this.refuse(name, value, `${length} characters, each Y or a space`);
  }
}
