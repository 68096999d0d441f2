import type { ConsoleAuditEntry } from '../../contract/console-api';
import { Loaded } from '../components/Loaded';
import { PageHeading } from '../components/PageHeading';
import { dateTime } from '../format';
import { useResource } from '../hooks/useResource';
import { useT } from '../i18n';
import { useSession } from '../session';

/** A before or after value as people can read it: short JSON, nothing for nothing. */
function Value({ value }: { value: unknown }) {
  const t = useT();
  if (value === null || value === undefined) return <span className="muted">{t.audit.nothing}</span>;
  const text = typeof value === 'string' ? value : JSON.stringify(value, null, 1);
  return <pre className="json">{text}</pre>;
}

function AuditTable({ entries }: { entries: readonly ConsoleAuditEntry[] }) {
  const t = useT();
  const c = t.audit.columns;
  if (entries.length === 0) return <p>{t.audit.empty}</p>;
  const sorted = [...entries].sort((a, b) => b.at - a.at || b.id - a.id);
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={t.audit.caption}>
      <table className="audit">
        <caption className="sr-only">{t.audit.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{c.at}</th>
            <th scope="col">{c.actor}</th>
            <th scope="col">{c.action}</th>
            <th scope="col">{c.target}</th>
            <th scope="col">{c.before}</th>
            <th scope="col">{c.after}</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((e) => (
            <tr key={e.id}>
              <td className="nowrap">{dateTime(t, e.at)}</td>
              <td>{e.actor}</td>
              <td>
                <code>{e.action}</code>
              </td>
              <td>{e.target ?? t.audit.nothing}</td>
              <td>
                <Value value={e.before} />
              </td>
              <td>
                <Value value={e.after} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Every change, newest first: who, what, when, before and after. Read only, for admins and auditors. */
export function AuditPage() {
  const t = useT();
  const { api } = useSession();
  const { resource, reload } = useResource(() => api.audit(), 'audit');
  return (
    <>
      <PageHeading>{t.audit.title}</PageHeading>
      <p>{t.audit.intro}</p>
      <Loaded resource={resource} reload={reload}>
        {(entries) => <AuditTable entries={entries} />}
      </Loaded>
    </>
  );
}
