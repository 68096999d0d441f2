/**
 * The usage figures (issue 13) from stored events: scans per day by venue, service and outcome;
 * redemptions that stand per ISO week per venue; distinct card references per venue per month.
 * Days, weeks and months are the scheme's (Europe/London). Cards are counted by the keyed
 * reference terminals send, never by identity. Pure.
 */
import type { RedemptionOverlap } from '../storage/figures';
import type { ConsoleUsage } from '../../src/contract/console-api';
import type { UsageRedemption, UsageScan } from '../storage/sync-storage';
import { SCHEME_TIME_ZONE } from './revocations';

const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: SCHEME_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** YYYY-MM-DD of the London day holding `t`. */
export function localDay(t: number): string {
  return dayFormat.format(new Date(t * 1000));
}

/** ISO 8601 week (YYYY-Www) of a calendar day. */
export function isoWeek(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  const weekday = date.getUTCDay() || 7;
  // The week belongs to the year of its Thursday.
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const year = date.getUTCFullYear();
  const week = Math.ceil(((date.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

function counted<K>(items: Iterable<K>, key: (k: K) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

const byKey = <T>(a: [string, T], b: [string, T]): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** Figures for the days from..to (inclusive, YYYY-MM-DD); rows outside them are left out. */
export function usageFigures(
  scans: readonly UsageScan[],
  redemptions: readonly UsageRedemption[],
  from: string,
  to: string,
  overlaps: readonly RedemptionOverlap[] = [],
): ConsoleUsage {
  const inRange = (t: number): boolean => {
    const day = localDay(t);
    return day >= from && day <= to;
  };
  const days = scans.filter((s) => inRange(s.at));
  // JSON keys keep the parts apart whatever they hold (a null service, a dash in an id).
  const scanCounts = counted(days, (s) => JSON.stringify([localDay(s.at), s.venueId, s.service, s.outcome]));
  const weekCounts = counted(
    redemptions.filter((r) => inRange(r.at)),
    (r) => JSON.stringify([isoWeek(localDay(r.at)), r.venueId]),
  );
  const cards = new Map<string, Set<string>>();
  for (const s of days) {
    if (s.cardRef === null) continue;
    const key = JSON.stringify([localDay(s.at).slice(0, 7), s.venueId]);
    cards.set(key, (cards.get(key) ?? new Set()).add(s.cardRef));
  }
  return {
    scansPerDay: [...scanCounts].sort(byKey).map(([key, count]) => {
      const [day, venueId, service, outcome] = JSON.parse(key) as [string, string, string | null, string];
      return { day, venueId, service, outcome, count };
    }),
    redemptionsPerWeek: [...weekCounts].sort(byKey).map(([key, count]) => {
      const [week, venueId] = JSON.parse(key) as [string, string];
      return { week, venueId, count };
    }),
    cardsPerMonth: [...cards].sort(byKey).map(([key, refs]) => {
      const [month, venueId] = JSON.parse(key) as [string, string];
      return { month, venueId, distinctCards: refs.size };
    }),
    // Counted by the later redemption's week: that is when the limit was given a second time.
    overlapsPerWeek: [
      ...counted(
        overlaps.filter((o) => inRange(o.later.at)),
        (o) => JSON.stringify([isoWeek(localDay(o.later.at)), o.venueId]),
      ),
    ]
      .sort(byKey)
      .map(([key, count]) => {
        const [week, venueId] = JSON.parse(key) as [string, string];
        return { week, venueId, count };
      }),
  };
}
