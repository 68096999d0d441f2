/**
 * SIP2's date and time: `YYYYMMDDZZZZHHMMSS`, 18 characters, where ZZZZ is the zone (four
 * spaces for the LMS's local time, `   Z` for UTC). Due dates (`AH`) are another matter: many
 * LMSs send free text there, so they are read leniently, to a calendar date or nothing.
 */

export interface Sip2DateTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** The four zone characters as sent: `    ` local, `   Z` UTC, or an LMS's own code. */
  readonly zone: string;
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** A UTC instant as SIP2 writes it, zone `   Z` (docs/decisions.md: we send UTC). */
export function formatSip2Date(epochMs: number): string {
  const d = new Date(epochMs);
  return (
    String(d.getUTCFullYear()).padStart(4, '0') +
    two(d.getUTCMonth() + 1) +
    two(d.getUTCDate()) +
    '   Z' +
    two(d.getUTCHours()) +
    two(d.getUTCMinutes()) +
    two(d.getUTCSeconds())
  );
}

/** A SIP2 local date-time (zone four spaces), as an LMS that keeps local time writes it. */
export function formatSip2LocalDate(t: Omit<Sip2DateTime, 'zone'>): string {
  return (
    String(t.year).padStart(4, '0') + two(t.month) + two(t.day) + '    ' + two(t.hour) + two(t.minute) + two(t.second)
  );
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function validDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

const SIP2_DATE = /^(\d{4})(\d{2})(\d{2})([ A-Za-z0-9+-]{4})(\d{2})(\d{2})(\d{2})$/;

/** The 18-character form, strictly; null when it is not one. */
export function parseSip2Date(text: string): Sip2DateTime | null {
  const m = SIP2_DATE.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 5, 6, 7].map((i) => Number(m[i]));
  if (
    year === undefined ||
    month === undefined ||
    day === undefined ||
    hour === undefined ||
    minute === undefined ||
    second === undefined
  )
    return null;
  if (!validDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return null;
  return { year, month, day, hour, minute, second, zone: m[4] ?? '    ' };
}

function calendar(year: number, month: number, day: number): string | null {
  return validDate(year, month, day) ? `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}` : null;
}

/**
 * A due date as a calendar date (YYYY-MM-DD), or null. Accepted: SIP2's own form (and any text
 * that starts with its 8 date digits, as Koha's `YYYYMMDD    HHMMSS` does), ISO 8601 and
 * `YYYY/MM/DD`. Day-first or month-first forms (`03/04/2026`) are ambiguous and give null: a
 * wrong due date is worse than none.
 */
export function parseDueDate(text: string | null | undefined): string | null {
  if (!text) return null;
  const t = text.trim();
  const compact = /^(\d{4})(\d{2})(\d{2})(?:\D|$)/.exec(t);
  if (compact) return calendar(Number(compact[1]), Number(compact[2]), Number(compact[3]));
  const separated = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:\D|$)/.exec(t);
  if (separated) return calendar(Number(separated[1]), Number(separated[2]), Number(separated[3]));
  return null;
}
