/**
 * The usage tables (GET /console/api/usage) turned into what a chart and its table show: one
 * row per period (day, week, month: sorted as the API writes them, which sorts by time), one
 * series per group (venue, service, outcome), missing cells counted as 0.
 */
import type { ConsoleUsage } from '../../contract/console-api';

export interface Series {
  readonly name: string;
  readonly values: readonly number[];
}

export interface Pivot {
  readonly x: readonly string[];
  readonly series: readonly Series[];
}

export function pivot<R>(
  rows: readonly R[],
  xOf: (row: R) => string,
  groupOf: (row: R) => string,
  valueOf: (row: R) => number,
): Pivot {
  const x = [...new Set(rows.map(xOf))].sort();
  const groups = [...new Set(rows.map(groupOf))].sort((a, b) => a.localeCompare(b));
  const at = new Map(x.map((v, i) => [v, i]));
  const series = groups.map((name) => ({ name, values: x.map(() => 0) }));
  const byName = new Map(series.map((s) => [s.name, s.values]));
  for (const row of rows) {
    const values = byName.get(groupOf(row));
    const i = at.get(xOf(row));
    if (values !== undefined && i !== undefined) values[i] = (values[i] ?? 0) + valueOf(row);
  }
  return { x, series };
}

export const SCAN_GROUPS = ['venueId', 'service', 'outcome'] as const;
export type ScanGroup = (typeof SCAN_GROUPS)[number];

/** Scans per day, one series per venue, service or outcome (named by `name`, e.g. a venue's name). */
export function scansPivot(
  usage: ConsoleUsage,
  group: ScanGroup,
  name: (group: ScanGroup, value: string | null) => string,
): Pivot {
  return pivot(
    usage.scansPerDay,
    (r) => r.day,
    (r) => name(group, r[group]),
    (r) => r.count,
  );
}

export function redemptionsPivot(usage: ConsoleUsage, venueName: (id: string) => string): Pivot {
  return pivot(
    usage.redemptionsPerWeek,
    (r) => r.week,
    (r) => venueName(r.venueId),
    (r) => r.count,
  );
}

export function overlapsPivot(usage: ConsoleUsage, venueName: (id: string) => string): Pivot {
  return pivot(
    usage.overlapsPerWeek,
    (r) => r.week,
    (r) => venueName(r.venueId),
    (r) => r.count,
  );
}

export function cardsPivot(usage: ConsoleUsage, venueName: (id: string) => string): Pivot {
  return pivot(
    usage.cardsPerMonth,
    (r) => r.month,
    (r) => venueName(r.venueId),
    (r) => r.distinctCards,
  );
}

/** Each period's total across the series. */
export function totals(p: Pivot): number[] {
  return p.x.map((_, i) => p.series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
}
