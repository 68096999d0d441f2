import { useMemo, useState, type FormEvent, type ReactNode } from 'react';
import type { ConsoleUsage, ConsoleVenue } from '../../contract/console-api';
import { usageCsvHref, type UsageTable } from '../api/endpoints';
import { SelectField, TextField } from '../components/Field';
import { LineChart } from '../components/LineChart';
import { Loaded } from '../components/Loaded';
import { PageHeading } from '../components/PageHeading';
import { count, dayString, daysBefore, serviceName } from '../format';
import { useResource } from '../hooks/useResource';
import { fill, useT, type Catalogue } from '../i18n';
import { href } from '../route';
import { useSession } from '../session';
import { venueName } from './venue-config';
import {
  cardsPivot,
  overlapsPivot,
  redemptionsPivot,
  SCAN_GROUPS,
  scansPivot,
  totals,
  type Pivot,
  type ScanGroup,
} from './usage-data';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The figures of a chart as a table: periods down, series across, a total at the end. */
function PivotTable({ data, caption, xLabel }: { data: Pivot; caption: string; xLabel: string }) {
  const t = useT();
  const sums = totals(data);
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={fill(t.usage.tableLabel, { title: caption })}>
      <table className="figures-table">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{xLabel}</th>
            {data.series.map((s) => (
              <th scope="col" key={s.name}>
                {s.name}
              </th>
            ))}
            <th scope="col">{t.usage.total}</th>
          </tr>
        </thead>
        <tbody>
          {data.x.map((x, i) => (
            <tr key={x}>
              <th scope="row" className="nowrap">
                {x}
              </th>
              {data.series.map((s) => (
                <td key={s.name} className="number">
                  {count(t, s.values[i] ?? 0)}
                </td>
              ))}
              <td className="number strong">{count(t, sums[i] ?? 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One usage table: its heading, the chart with the table beside it, and its CSV. */
function UsageSection({
  id,
  title,
  data,
  xLabel,
  table,
  from,
  to,
  children,
}: {
  id: string;
  title: string;
  data: Pivot;
  xLabel: string;
  table: UsageTable;
  from: string;
  to: string;
  children?: ReactNode;
}) {
  const t = useT();
  return (
    <section className="usage-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
      {data.x.length === 0 ? (
        <p>{t.usage.empty}</p>
      ) : (
        <div className="chart-and-table">
          <LineChart data={data} label={fill(t.usage.chartLabel, { title })} />
          <PivotTable data={data} caption={title} xLabel={xLabel} />
        </div>
      )}
      <p>
        <a className="button-link secondary" href={usageCsvHref(table, from, to)} download={`${table}.csv`}>
          <span aria-hidden="true">⤓ </span>
          {t.usage.download}
          <span className="sr-only"> ({title})</span>
        </a>
      </p>
    </section>
  );
}

function groupName(t: Catalogue, venues: readonly ConsoleVenue[]) {
  return (group: ScanGroup, value: string | null): string => {
    if (group === 'venueId') return venueName(venues, value ?? '');
    if (group === 'service') return value === null ? t.usage.noService : serviceName(t, value);
    return (t.usage.outcomes as Readonly<Record<string, string>>)[value ?? ''] ?? value ?? '';
  };
}

function UsageFigures({
  usage,
  venues,
  from,
  to,
}: {
  usage: ConsoleUsage;
  venues: readonly ConsoleVenue[];
  from: string;
  to: string;
}) {
  const t = useT();
  const [group, setGroup] = useState<ScanGroup>('venueId');
  const scans = useMemo(() => scansPivot(usage, group, groupName(t, venues)), [usage, group, t, venues]);
  const redemptions = useMemo(() => redemptionsPivot(usage, (id) => venueName(venues, id)), [usage, venues]);
  const cards = useMemo(() => cardsPivot(usage, (id) => venueName(venues, id)), [usage, venues]);
  const overlaps = useMemo(() => overlapsPivot(usage, (id) => venueName(venues, id)), [usage, venues]);
  return (
    <>
      <UsageSection
        id="usage-scans"
        title={t.usage.scansHeading}
        data={scans}
        xLabel={t.usage.day}
        table="scans-per-day"
        from={from}
        to={to}
      >
        <SelectField
          id="usage-group"
          label={t.usage.groupBy}
          value={group}
          onChange={(g) => setGroup(SCAN_GROUPS.find((s) => s === g) ?? 'venueId')}
          options={SCAN_GROUPS.map((g) => ({ value: g, label: t.usage.groups[g] }))}
        />
      </UsageSection>
      <UsageSection
        id="usage-redemptions"
        title={t.usage.redemptionsHeading}
        data={redemptions}
        xLabel={t.usage.week}
        table="redemptions-per-week"
        from={from}
        to={to}
      />
      <UsageSection
        id="usage-overlaps"
        title={t.usage.overlapsHeading}
        data={overlaps}
        xLabel={t.usage.week}
        table="overlaps-per-week"
        from={from}
        to={to}
      >
        <p>{t.usage.overlapsIntro}</p>
      </UsageSection>
      <UsageSection
        id="usage-cards"
        title={t.usage.cardsHeading}
        data={cards}
        xLabel={t.usage.month}
        table="cards-per-month"
        from={from}
        to={to}
      />
    </>
  );
}

/** The date range, kept in the address (`#/usage?from=...&to=...`) so a reload shows the same. */
function RangeForm({ from, to }: { from: string; to: string }) {
  const t = useT();
  const [f, setF] = useState(from);
  const [tt, setTt] = useState(to);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (!DAY.test(f) || !DAY.test(tt) || f > tt) {
      setProblem(t.usage.rangeInvalid);
      document.getElementById('usage-from')?.focus();
      return;
    }
    setProblem(null);
    location.hash = href('usage', null, { from: f, to: tt });
  };
  return (
    <form className="inline-form" onSubmit={submit} noValidate>
      <TextField id="usage-from" label={t.usage.from} type="date" value={f} onChange={setF} error={problem} />
      <TextField id="usage-to" label={t.usage.to} type="date" value={tt} onChange={setTt} />
      <button type="submit" className="primary">
        {t.usage.show}
      </button>
    </form>
  );
}

/** Scans, City Save redemptions and distinct cards, as charts with their tables and CSVs. */
export function UsagePage({ params }: { params: URLSearchParams }) {
  const t = useT();
  const { api } = useSession();
  const today = new Date();
  const fromParam = params.get('from') ?? '';
  const toParam = params.get('to') ?? '';
  const from = DAY.test(fromParam) ? fromParam : dayString(daysBefore(today, 29));
  const to = DAY.test(toParam) ? toParam : dayString(today);
  const { resource, reload } = useResource(
    () => Promise.all([api.usage(from, to), api.venues().catch(() => [] as readonly ConsoleVenue[])]),
    `usage:${from}:${to}`,
  );
  return (
    <>
      <PageHeading>{t.usage.title}</PageHeading>
      <p>{t.usage.intro}</p>
      <RangeForm key={`${from}:${to}`} from={from} to={to} />
      <Loaded resource={resource} reload={reload}>
        {([usage, venues]) => <UsageFigures usage={usage} venues={venues} from={from} to={to} />}
      </Loaded>
    </>
  );
}
