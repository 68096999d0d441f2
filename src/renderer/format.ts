/** Dates and times in the screen's language, Europe/London time. */
const TZ = 'Europe/London';

/** English here is British English: 28 November 2027, not November 28. */
function locale(lang: string): string {
  return lang === 'en' ? 'en-GB' : lang;
}

export function formatDate(seconds: number, lang: string): string {
  return new Intl.DateTimeFormat(locale(lang), { day: 'numeric', month: 'long', year: 'numeric', timeZone: TZ }).format(
    seconds * 1000,
  );
}

export function formatTime(seconds: number, lang: string): string {
  return new Intl.DateTimeFormat(locale(lang), {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: TZ,
  }).format(seconds * 1000);
}

export function isToday(seconds: number): boolean {
  const day = (t: number): string => new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(t);
  return day(seconds * 1000) === day(Date.now());
}

/** "5 minutes", "2 hours": the age of something, for "updated ... ago". */
export function formatAge(seconds: number, lang: string): string {
  const age = Math.max(0, Date.now() / 1000 - seconds);
  const rtf = new Intl.RelativeTimeFormat(locale(lang), { numeric: 'auto' });
  if (age < 60) return rtf.format(-Math.round(age), 'second');
  if (age < 3600) return rtf.format(-Math.round(age / 60), 'minute');
  if (age < 86400) return rtf.format(-Math.round(age / 3600), 'hour');
  return rtf.format(-Math.round(age / 86400), 'day');
}

/** A calendar date (YYYY-MM-DD, as the library system's due dates come) in the screen's language. */
export function formatCalendarDate(date: string, lang: string): string {
  const [y, m, d] = date.split('-').map(Number);
  if (y === undefined || m === undefined || d === undefined) return date;
  // Noon UTC is the same calendar day in London whatever the season.
  return new Intl.DateTimeFormat(locale(lang), { day: 'numeric', month: 'long', year: 'numeric', timeZone: TZ }).format(
    Date.UTC(y, m - 1, d, 12),
  );
}

/** An amount of money in its currency (ISO 4217), in the screen's language; plain if the code is unknown. */
export function formatMoney(amount: number, currency: string, lang: string): string {
  try {
    return new Intl.NumberFormat(locale(lang), { style: 'currency', currency }).format(amount);
  } catch {
    return `${new Intl.NumberFormat(locale(lang), { minimumFractionDigits: 2 }).format(amount)} ${currency}`;
  }
}
