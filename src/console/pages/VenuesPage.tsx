import { useState } from 'react';
import type { ConsoleVenue } from '../../contract/console-api';
import { Loaded } from '../components/Loaded';
import { Notice } from '../components/Notice';
import { PageHeading } from '../components/PageHeading';
import { count, serviceName } from '../format';
import { useResource } from '../hooks/useResource';
import { fill, useT } from '../i18n';
import { href } from '../route';
import { useSession } from '../session';
import { VenueEditor } from './VenueEditor';
import { venueName } from './venue-config';

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function VenueTable({ venues }: { venues: readonly ConsoleVenue[] }) {
  const t = useT();
  const { abilities } = useSession();
  const canEdit = abilities.editVenues || abilities.editOffers;
  const c = t.venues.columns;
  if (venues.length === 0) return <p>{t.venues.empty}</p>;
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={t.venues.caption}>
      <table>
        <caption className="sr-only">{t.venues.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{c.name}</th>
            <th scope="col">{c.id}</th>
            <th scope="col">{c.role}</th>
            <th scope="col">{c.services}</th>
            <th scope="col">{c.offers}</th>
            {canEdit ? <th scope="col">{c.actions}</th> : null}
          </tr>
        </thead>
        <tbody>
          {venues.map((v) => {
            const name = venueName(venues, v.id);
            const role = str(v.config['role']) as keyof typeof t.venues.roles;
            const services = Array.isArray(v.config['services']) ? v.config['services'].map(String) : [];
            const offers = Array.isArray(v.config['offers']) ? v.config['offers'].length : 0;
            return (
              <tr key={v.id}>
                <th scope="row">{name}</th>
                <td>
                  <code>{v.id}</code>
                </td>
                <td>{t.venues.roles[role] ?? role}</td>
                <td>{services.map((s) => serviceName(t, s)).join(', ')}</td>
                <td className="number">{count(t, offers)}</td>
                {canEdit ? (
                  <td>
                    <a
                      className="button-link small"
                      href={href('venues', v.id)}
                      aria-label={fill(t.venues.editLabel, { name })}
                    >
                      {abilities.editVenues ? t.venues.edit : t.venues.editOffers}
                    </a>
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The venues (a venue manager: their own), and the editor of one at `#/venues/<id>` or `#/venues/new`. */
export function VenuesPage({ sub }: { sub: string | null }) {
  const t = useT();
  const { api, abilities } = useSession();
  const { resource, reload } = useResource(() => api.venues(), 'venues');
  const [notice, setNotice] = useState<string | null>(null);

  if (sub !== null) {
    return (
      <Loaded resource={resource} reload={reload}>
        {(venues) => (
          <VenueEditor
            key={sub}
            venue={sub === 'new' ? null : (venues.find((v) => v.id === sub) ?? null)}
            isNew={sub === 'new'}
            onSaved={(message) => {
              setNotice(message);
              reload();
            }}
          />
        )}
      </Loaded>
    );
  }
  return (
    <>
      <PageHeading>{t.venues.title}</PageHeading>
      <p>{t.venues.intro}</p>
      <Notice message={notice} />
      {abilities.editVenues ? (
        <p>
          <a className="button-link" href={href('venues', 'new')}>
            {t.venues.create}
          </a>
        </p>
      ) : null}
      <Loaded resource={resource} reload={reload}>
        {(venues) => <VenueTable venues={venues} />}
      </Loaded>
    </>
  );
}
