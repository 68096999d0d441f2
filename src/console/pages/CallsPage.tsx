import type { ConsoleCall, ConsoleVenue } from '../../contract/console-api';
import { SelectField } from '../components/Field';
import { Loaded } from '../components/Loaded';
import { PageHeading } from '../components/PageHeading';
import { ago, dateTime } from '../format';
import { useResource } from '../hooks/useResource';
import { useT } from '../i18n';
import { href } from '../route';
import { useSession } from '../session';
import { venueName } from './venue-config';

function CallTable({ calls, venues }: { calls: readonly ConsoleCall[]; venues: readonly ConsoleVenue[] }) {
  const t = useT();
  const { now } = useSession();
  const c = t.calls.columns;
  if (calls.length === 0) return <p>{t.calls.empty}</p>;
  // Newest first, whatever order the answer came in.
  const sorted = [...calls].sort((a, b) => b.at - a.at);
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={t.calls.caption}>
      <table>
        <caption className="sr-only">{t.calls.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{c.at}</th>
            <th scope="col">{c.venue}</th>
            <th scope="col">{c.from}</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((call) => (
            <tr key={call.id}>
              <td>
                {dateTime(t, call.at)} <span className="muted">({ago(t, call.at, now())})</span>
              </td>
              <td>{venueName(venues, call.venueId)}</td>
              <td>{call.from}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** "Call staff" events from self-service kiosks, newest first, for one venue or all. */
export function CallsPage({ params }: { params: URLSearchParams }) {
  const t = useT();
  const { api } = useSession();
  const venue = params.get('venue') ?? '';
  const venues = useResource(() => api.venues().catch(() => [] as readonly ConsoleVenue[]), 'venues');
  const calls = useResource(() => api.calls(venue === '' ? undefined : venue), `calls:${venue}`);
  const known = venues.resource.status === 'ready' ? venues.resource.value : [];
  return (
    <>
      <PageHeading>{t.calls.title}</PageHeading>
      <p>{t.calls.intro}</p>
      <div className="toolbar">
        <SelectField
          id="calls-venue"
          label={t.calls.venue}
          value={venue}
          onChange={(v) => (location.hash = href('calls', null, v === '' ? undefined : { venue: v }))}
          options={[
            { value: '', label: t.allVenues },
            ...known.map((v) => ({ value: v.id, label: venueName(known, v.id) })),
          ]}
        />
      </div>
      <Loaded resource={calls.resource} reload={calls.reload}>
        {(list) => <CallTable calls={list} venues={known} />}
      </Loaded>
    </>
  );
}
