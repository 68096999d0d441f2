/**
 * Times, ages and durations in words, from the catalogue. The API gives Unix seconds; people read
 * "12 Mar 2026, 14:05" and "5 min ago".
 */
import { fill, type Catalogue } from './i18n';

/** en-GB's day-month order for English; another catalogue brings its own locale. */
function locale(t: Catalogue): string {
  return t.lang === 'en' ? 'en-GB' : t.lang;
}

export function dateTime(t: Catalogue, seconds: number): string {
  return new Intl.DateTimeFormat(locale(t), { dateStyle: 'medium', timeStyle: 'short' }).format(seconds * 1000);
}

export function date(t: Catalogue, seconds: number): string {
  return new Intl.DateTimeFormat(locale(t), { dateStyle: 'medium' }).format(seconds * 1000);
}

export function count(t: Catalogue, n: number): string {
  return new Intl.NumberFormat(locale(t)).format(n);
}

/** A length of time, rounded to the largest unit that fits: "45 s", "12 min", "3 h", "2 days". */
export function duration(t: Catalogue, seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return fill(t.time.seconds, { n: s });
  if (s < 3600) return fill(t.time.minutes, { n: Math.floor(s / 60) });
  if (s < 2 * 86_400) return fill(t.time.hours, { n: Math.floor(s / 3600) });
  return fill(t.time.days, { n: Math.floor(s / 86_400) });
}

export function ago(t: Catalogue, seconds: number, now: number): string {
  const s = Math.max(0, Math.round(now - seconds));
  if (s < 60) return fill(t.time.secondsAgo, { n: s });
  if (s < 3600) return fill(t.time.minutesAgo, { n: Math.floor(s / 60) });
  if (s < 2 * 86_400) return fill(t.time.hoursAgo, { n: Math.floor(s / 3600) });
  return fill(t.time.daysAgo, { n: Math.floor(s / 86_400) });
}

/** A terminal's clock against the server's: "2 min ahead", "40 s behind", "in step" within a second. */
export function skew(t: Catalogue, seconds: number): string {
  if (Math.abs(seconds) < 1) return t.time.inStep;
  return fill(seconds > 0 ? t.time.ahead : t.time.behind, { d: duration(t, Math.abs(seconds)) });
}

/** A service code in words where the catalogue knows it, else the code itself. */
export function serviceName(t: Catalogue, code: string): string {
  return (t.services as Readonly<Record<string, string>>)[code] ?? code;
}

/** Today and the day `days` before it, as the YYYY-MM-DD the usage API takes, in local time. */
export function dayString(d: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function daysBefore(d: Date, days: number): Date {
  const copy = new Date(d);
  copy.setDate(copy.getDate() - days);
  return copy;
}
