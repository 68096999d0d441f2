import { useState } from 'react';
import type { ConsoleTerminal, ConsoleVenue } from '../../contract/console-api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { SelectField } from '../components/Field';
import { Loaded } from '../components/Loaded';
import { Notice } from '../components/Notice';
import { PageHeading } from '../components/PageHeading';
import { ago, count, duration, skew } from '../format';
import { useResource } from '../hooks/useResource';
import { fill, plural, useT } from '../i18n';
import { href } from '../route';
import { useSession } from '../session';
import { EnrolmentCodePanel } from './EnrolmentCodePanel';
import { matches, oldestStatusList, parseFilter, TERMINAL_FILTERS, type TerminalFilter } from './terminal-filter';
import { venueName } from './venue-config';

const STATE_MARK: Record<ConsoleTerminal['state'], string> = { online: '●', offline: '○', never: '–', revoked: '✗' };

/** A reported figure, with its problem written beside it when the server flags one. */
function Flagged({ text, flag }: { text: string; flag: string | null }) {
  return (
    <>
      {text}
      {flag ? (
        <span className="flag">
          <span aria-hidden="true">⚠ </span>
          {flag}
        </span>
      ) : null}
    </>
  );
}

function TerminalRow({
  terminal,
  venues,
  onRevoke,
}: {
  terminal: ConsoleTerminal;
  venues: readonly ConsoleVenue[];
  onRevoke: ((terminal: ConsoleTerminal) => void) | null;
}) {
  const t = useT();
  const { now } = useSession();
  const h = terminal.health;
  const age = oldestStatusList(terminal);
  return (
    <tr>
      <th scope="row">{terminal.label}</th>
      <td>{venueName(venues, terminal.venueId)}</td>
      <td className={`state state-${terminal.state}`}>
        <span aria-hidden="true">{STATE_MARK[terminal.state]} </span>
        {t.terminals.states[terminal.state]}
      </td>
      <td>{terminal.lastSyncAt === null ? t.never : ago(t, terminal.lastSyncAt, now())}</td>
      <td>{h?.appVersion ?? t.notReported}</td>
      <td>
        <Flagged
          text={h === null || h.trustListSeq === null ? t.notReported : count(t, h.trustListSeq)}
          flag={terminal.staleTrust ? t.terminals.flags.staleTrust : null}
        />
      </td>
      <td>
        <Flagged
          text={age === null ? t.notReported : duration(t, age)}
          flag={terminal.staleStatus ? t.terminals.flags.staleStatus : null}
        />
      </td>
      <td className="number">
        <Flagged
          text={h ? count(t, h.queueDepth) : t.notReported}
          flag={terminal.backlog ? t.terminals.flags.backlog : null}
        />
      </td>
      <td>
        <Flagged
          text={h === null || h.clockSkew === null ? t.notReported : skew(t, h.clockSkew)}
          flag={terminal.clockSuspect ? t.terminals.flags.clockSuspect : null}
        />
      </td>
      {onRevoke ? (
        <td>
          {terminal.state === 'revoked' ? null : (
            <button
              type="button"
              className="danger small"
              aria-label={fill(t.terminals.revokeLabel, { label: terminal.label })}
              onClick={() => onRevoke(terminal)}
            >
              {t.terminals.revoke}
            </button>
          )}
        </td>
      ) : null}
    </tr>
  );
}

function TerminalTable({
  terminals,
  venues,
  onRevoke,
}: {
  terminals: readonly ConsoleTerminal[];
  venues: readonly ConsoleVenue[];
  onRevoke: ((terminal: ConsoleTerminal) => void) | null;
}) {
  const t = useT();
  const c = t.terminals.columns;
  if (terminals.length === 0) return <p>{t.terminals.empty}</p>;
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={t.terminals.caption}>
      <table>
        <caption className="sr-only">{t.terminals.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{c.label}</th>
            <th scope="col">{c.venue}</th>
            <th scope="col">{c.state}</th>
            <th scope="col">{c.lastSync}</th>
            <th scope="col">{c.appVersion}</th>
            <th scope="col">{c.trustSeq}</th>
            <th scope="col">{c.statusAge}</th>
            <th scope="col">{c.queue}</th>
            <th scope="col">{c.skew}</th>
            {onRevoke ? <th scope="col">{c.actions}</th> : null}
          </tr>
        </thead>
        <tbody>
          {terminals.map((terminal) => (
            <TerminalRow key={terminal.id} terminal={terminal} venues={venues} onRevoke={onRevoke} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Every terminal the role may see, filtered as the Overview's link asked; revoke; new enrolment codes. */
export function TerminalsPage({ params }: { params: URLSearchParams }) {
  const t = useT();
  const { api, abilities } = useSession();
  const filter = parseFilter(params.get('show'));
  const { resource, reload } = useResource(
    () => Promise.all([api.terminals(), api.venues().catch(() => [] as readonly ConsoleVenue[])]),
    'terminals',
  );
  const [revoking, setRevoking] = useState<ConsoleTerminal | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const setFilter = (next: string): void => {
    location.hash = href('terminals', null, next === 'all' ? undefined : { show: next });
  };

  return (
    <>
      <PageHeading>{t.terminals.title}</PageHeading>
      <p>{t.terminals.intro}</p>
      <Notice message={notice} />
      <Loaded resource={resource} reload={reload}>
        {([terminals, venues]) => {
          const shown = terminals.filter((terminal) => matches(filter, terminal));
          return (
            <>
              <div className="toolbar">
                <SelectField
                  label={t.terminals.filterLabel}
                  value={filter}
                  onChange={setFilter}
                  options={TERMINAL_FILTERS.map((f: TerminalFilter) => ({ value: f, label: t.terminals.filters[f] }))}
                />
                <p className="count" aria-live="polite">
                  {plural(t.lang, t.terminals.count, shown.length)}
                </p>
              </div>
              <TerminalTable
                terminals={shown}
                venues={venues}
                onRevoke={abilities.revokeTerminals ? setRevoking : null}
              />
              {abilities.enrolTerminals ? <EnrolmentCodePanel venues={venues} /> : null}
            </>
          );
        }}
      </Loaded>
      {revoking ? (
        <ConfirmDialog
          title={fill(t.terminals.revokeTitle, { label: revoking.label })}
          body={t.terminals.revokeBody}
          confirmLabel={t.terminals.revokeConfirm}
          withReason
          onConfirm={(reason) => api.revokeTerminal(revoking.id, reason)}
          onClose={(done) => {
            if (done) {
              setNotice(fill(t.terminals.revoked, { label: revoking.label }));
              reload();
            }
            setRevoking(null);
          }}
        />
      ) : null}
    </>
  );
}
