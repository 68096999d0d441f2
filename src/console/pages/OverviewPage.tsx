import type { ConsoleOverview } from '../../contract/console-api';
import { Loaded } from '../components/Loaded';
import { PageHeading } from '../components/PageHeading';
import { count } from '../format';
import { useResource } from '../hooks/useResource';
import { useT } from '../i18n';
import { pagesFor } from '../roles';
import { href } from '../route';
import { useSession } from '../session';
import type { TerminalFilter } from './terminal-filter';

interface Figure {
  readonly filter: Exclude<TerminalFilter, 'all'>;
  readonly value: number;
  /** A figure above zero here needs someone to look (offline, stale data...). */
  readonly alarming: boolean;
}

/** One figure as a link to the terminals it counts; trouble says so in words and a mark, not colour alone. */
function FigureLink({ figure, label }: { figure: Figure; label: string }) {
  const t = useT();
  const alert = figure.alarming && figure.value > 0;
  return (
    <li className={alert ? 'figure figure-alert' : 'figure'}>
      <a href={href('terminals', null, { show: figure.filter })}>
        <span className="figure-value">{count(t, figure.value)}</span>
        <span className="figure-label">{label}</span>
        {alert ? (
          <span className="figure-flag">
            <span aria-hidden="true">⚠ </span>
            {t.overview.attention}
          </span>
        ) : null}
      </a>
    </li>
  );
}

function OverviewFigures({ o }: { o: ConsoleOverview }) {
  const t = useT();
  const { user } = useSession();
  const terminals: Figure[] = [
    { filter: 'online', value: o.terminals.online, alarming: false },
    { filter: 'offline', value: o.terminals.offline, alarming: true },
    { filter: 'never', value: o.terminals.never, alarming: false },
    { filter: 'revoked', value: o.terminals.revoked, alarming: false },
  ];
  const problems: Figure[] = [
    { filter: 'staleTrust', value: o.staleTrust, alarming: true },
    { filter: 'staleStatus', value: o.staleStatus, alarming: true },
    { filter: 'clockSuspect', value: o.clockSuspect, alarming: true },
    { filter: 'backlog', value: o.backlog, alarming: true },
  ];
  const canSeeAudit = pagesFor(user.role).includes('audit');
  return (
    <>
      <section aria-labelledby="overview-terminals">
        <h2 id="overview-terminals">{t.overview.terminalsHeading}</h2>
        <ul className="figures">
          {terminals.map((f) => (
            <FigureLink key={f.filter} figure={f} label={t.overview[f.filter]} />
          ))}
        </ul>
      </section>
      <section aria-labelledby="overview-problems">
        <h2 id="overview-problems">{t.overview.problemsHeading}</h2>
        <ul className="figures">
          {problems.map((f) => (
            <FigureLink key={f.filter} figure={f} label={t.overview[f.filter]} />
          ))}
        </ul>
      </section>
      <section aria-labelledby="overview-cards">
        <h2 id="overview-cards">{t.overview.cardsHeading}</h2>
        <ul className="figures">
          <li className="figure">
            {canSeeAudit ? (
              <a href={href('audit')}>
                <span className="figure-value">{count(t, o.revocationsToday)}</span>
                <span className="figure-label">{t.overview.revocationsToday}</span>
                <span className="figure-more">{t.overview.seeAudit}</span>
              </a>
            ) : (
              <div className="figure-static">
                <span className="figure-value">{count(t, o.revocationsToday)}</span>
                <span className="figure-label">{t.overview.revocationsToday}</span>
              </div>
            )}
          </li>
        </ul>
      </section>
    </>
  );
}

/** The scheme at a glance: which terminals are up, which need attention, cards revoked today. */
export function OverviewPage() {
  const t = useT();
  const { api } = useSession();
  const { resource, reload } = useResource(() => api.overview(), 'overview');
  return (
    <>
      <PageHeading>{t.overview.title}</PageHeading>
      <p>{t.overview.intro}</p>
      <Loaded resource={resource} reload={reload}>
        {(o) => <OverviewFigures o={o} />}
      </Loaded>
    </>
  );
}
