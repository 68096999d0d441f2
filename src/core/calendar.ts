import { DAY, type Seconds } from './time';

/**
 * Local calendar arithmetic for offer periods ("once a day" means the venue's day, not the
 * last 24 hours). Uses only ECMA-402 Intl, available in every runtime we target.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 1 = Monday ... 7 = Sunday */
  isoWeekday: number;
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function localParts(t: Seconds, timeZone: string): LocalParts {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(t * 1000))) parts[p.type] = p.value;
  return {
    year: Number(parts['year']),
    month: Number(parts['month']),
    day: Number(parts['day']),
    hour: Number(parts['hour']),
    minute: Number(parts['minute']),
    second: Number(parts['second']),
    isoWeekday: WEEKDAYS.indexOf(parts['weekday'] ?? '') + 1,
  };
}

/** The zone's offset from UTC at instant t, in seconds (e.g. 3600 in London's summer). */
function offsetAt(t: Seconds, timeZone: string): Seconds {
  const p = localParts(t, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) / 1000;
  return asUtc - Math.floor(t);
}

/** The instant of local midnight starting the day that contains t. */
export function startOfLocalDay(t: Seconds, timeZone: string): Seconds {
  const p = localParts(t, timeZone);
  const midnightAsUtc = Date.UTC(p.year, p.month - 1, p.day) / 1000;
  // The offset at midnight may differ from the offset at t on a DST change day: ask twice.
  const guess = midnightAsUtc - offsetAt(t, timeZone);
  return midnightAsUtc - offsetAt(guess, timeZone);
}

/** The instant starting the ISO week (Monday 00:00 local) that contains t. */
export function startOfLocalWeek(t: Seconds, timeZone: string): Seconds {
  const dayStart = startOfLocalDay(t, timeZone);
  const back = localParts(t, timeZone).isoWeekday - 1;
  // Step back by whole days, then snap to that day's midnight (DST-safe).
  return startOfLocalDay(dayStart - back * DAY + DAY / 2, timeZone);
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}
