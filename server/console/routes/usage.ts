/** Usage figures as JSON, and each table as CSV (a venue manager's own venue only). */
import { USAGE_TABLES, type ConsoleUsage } from '../../../src/contract/console-api';
import { invalid, notFound, type ConsoleReply } from '../console-http';
import { EVERYONE, type ConsoleContext, type ConsoleRoute } from '../context';
import { toCsv, type CsvValue } from '../csv';
import { venueFilter } from '../scope';
import { OVERLAP_WINDOW_SECONDS } from '../../storage/figures';
import { localDay, usageFigures } from '../usage-figures';

const DAY = 86_400;
const MAX_DAYS = 400;
const DEFAULT_DAYS = 30;

const dayStart = (day: string): number => Date.parse(`${day}T00:00:00Z`) / 1000;

function dayParam(raw: string | null, name: string, fallback: string): string {
  const day = raw ?? fallback;
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(day) ||
    Number.isNaN(dayStart(day)) ||
    new Date(dayStart(day) * 1000).toISOString().slice(0, 10) !== day
  )
    throw invalid(`${name} must be a day as YYYY-MM-DD`, name);
  return day;
}

async function figures(ctx: ConsoleContext): Promise<ConsoleUsage> {
  const q = ctx.url.searchParams;
  const to = dayParam(q.get('to'), 'to', localDay(ctx.now));
  const from = dayParam(q.get('from'), 'from', localDay(dayStart(to) - (DEFAULT_DAYS - 1) * DAY + DAY / 2));
  if (from > to) throw invalid('from must not be after to', 'from');
  if ((dayStart(to) - dayStart(from)) / DAY >= MAX_DAYS) throw invalid(`at most ${MAX_DAYS} days at a time`, 'from');
  const venue = venueFilter(ctx, q.get('venue'));
  // A day either side of the UTC days: London's days start an hour off UTC in summer.
  const start = dayStart(from) - DAY;
  const end = dayStart(to) + 2 * DAY;
  const [scans, redemptions, overlaps] = await Promise.all([
    ctx.storage.scansBetween(start, end, venue),
    ctx.storage.redemptionsBetween(start, end, venue),
    ctx.storage.overlappingRedemptions(start, end, venue, OVERLAP_WINDOW_SECONDS),
  ]);
  return usageFigures(scans, redemptions, from, to, overlaps);
}

function csvOf(table: (typeof USAGE_TABLES)[number], usage: ConsoleUsage): string {
  const rows = (header: string[], values: CsvValue[][]): string => toCsv(header, values);
  switch (table) {
    case 'scans-per-day':
      return rows(
        ['day', 'venue', 'service', 'outcome', 'scans'],
        usage.scansPerDay.map((r) => [r.day, r.venueId, r.service, r.outcome, r.count]),
      );
    case 'redemptions-per-week':
      return rows(
        ['week', 'venue', 'redemptions'],
        usage.redemptionsPerWeek.map((r) => [r.week, r.venueId, r.count]),
      );
    case 'cards-per-month':
      return rows(
        ['month', 'venue', 'distinct_cards'],
        usage.cardsPerMonth.map((r) => [r.month, r.venueId, r.distinctCards]),
      );
    case 'overlaps-per-week':
      return rows(
        ['week', 'venue', 'overlapping_redemptions'],
        usage.overlapsPerWeek.map((r) => [r.week, r.venueId, r.count]),
      );
  }
}

export const USAGE_ROUTES: readonly ConsoleRoute[] = [
  {
    method: 'GET',
    path: /^\/usage$/,
    roles: EVERYONE,
    async run(ctx) {
      return { status: 200, body: await figures(ctx) };
    },
  },
  {
    method: 'GET',
    path: /^\/usage\/([a-z-]{1,40})\.csv$/,
    roles: EVERYONE,
    async run(ctx): Promise<ConsoleReply> {
      const table = USAGE_TABLES.find((t) => t === ctx.params[0]);
      if (!table) throw notFound(`no usage table ${ctx.params[0]} (${USAGE_TABLES.join(', ')})`);
      return {
        status: 200,
        raw: { bytes: csvOf(table, await figures(ctx)), type: 'text/csv; charset=utf-8; header=present' },
        headers: { 'content-disposition': `attachment; filename="${table}.csv"` },
      };
    },
  },
];
