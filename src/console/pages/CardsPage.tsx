import { useState, type FormEvent } from 'react';
import type { CardStatusChange, ConsoleCard } from '../../contract/console-api';
import type { CardQuery } from '../api/endpoints';
import { BusyButton } from '../components/BusyButton';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { SelectField, TextField } from '../components/Field';
import { Notice } from '../components/Notice';
import { PageHeading } from '../components/PageHeading';
import { ProblemMessage } from '../components/ProblemMessage';
import { serviceName } from '../format';
import { useAction } from '../hooks/useAction';
import { fill, useT } from '../i18n';
import { isNotFound } from '../problem';
import { useSession } from '../session';
import { DemoCardPanel } from './DemoCardPanel';

type Status = CardStatusChange['status'];
const STATUS_MARK: Record<Status, string> = { valid: '✓', suspended: '‖', revoked: '✗' };

/** The changes a card in this status can take: a revoked card stays revoked. */
function changesFrom(status: Status): readonly Status[] {
  if (status === 'valid') return ['suspended', 'revoked'];
  if (status === 'suspended') return ['valid', 'revoked'];
  return [];
}

function CardView({ card, onChange }: { card: ConsoleCard; onChange: ((to: Status) => void) | null }) {
  const t = useT();
  const c = t.cards;
  const label: Record<Status, string> = { suspended: c.suspend, valid: c.reinstate, revoked: c.revoke };
  return (
    <section className="card-result" aria-labelledby="card-heading">
      <h2 id="card-heading">{fill(c.resultHeading, { id: card.id })}</h2>
      <dl className="facts">
        <dt>{c.status}</dt>
        <dd className={`card-status card-status-${card.status}`}>
          <span aria-hidden="true">{STATUS_MARK[card.status]} </span>
          {c.statuses[card.status]}
        </dd>
        <dt>{c.services}</dt>
        <dd>{card.services.length === 0 ? t.none : card.services.map((s) => serviceName(t, s)).join(', ')}</dd>
        <dt>{c.statusIndex}</dt>
        <dd>{card.statusIndex}</dd>
      </dl>
      {onChange ? (
        <div className="actions">
          {changesFrom(card.status).map((to) => (
            <button
              key={to}
              type="button"
              className={to === 'valid' ? 'secondary' : 'danger'}
              onClick={() => onChange(to)}
            >
              {label[to]}
            </button>
          ))}
        </div>
      ) : null}
    </section>
  );
}

/** Find a card by id or library number; suspend, reinstate or revoke it with a reason; issue a demo card. */
export function CardsPage() {
  const t = useT();
  const c = t.cards;
  const { api, abilities, user } = useSession();
  const [by, setBy] = useState<'id' | 'libraryNumber'>('id');
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [card, setCard] = useState<ConsoleCard | null>(null);
  const [changing, setChanging] = useState<Status | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const find = useAction((q: CardQuery) => api.card(q));

  const look = async (q: CardQuery): Promise<void> => {
    setCard(null);
    const outcome = await find.run(q);
    if (outcome.ok) setCard(outcome.value);
  };

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setNotice(null);
    const value = text.trim();
    if (value === '') {
      setProblem(c.queryMissing);
      document.getElementById('card-query')?.focus();
      return;
    }
    setProblem(null);
    await look(by === 'id' ? { id: value } : { libraryNumber: value });
  };

  return (
    <>
      <PageHeading>{c.title}</PageHeading>
      <p>{c.intro}</p>
      <Notice message={notice} />
      <form className="search" onSubmit={(e) => void submit(e)} noValidate role="search">
        <SelectField
          id="card-by"
          label={c.findBy}
          value={by}
          onChange={(v) => setBy(v === 'libraryNumber' ? 'libraryNumber' : 'id')}
          options={[
            { value: 'id', label: c.byId },
            { value: 'libraryNumber', label: c.byLibraryNumber },
          ]}
        />
        <TextField
          id="card-query"
          label={by === 'id' ? c.byId : c.byLibraryNumber}
          value={text}
          onChange={setText}
          error={problem}
          spellCheck={false}
          autoComplete="off"
        />
        <BusyButton type="submit" busy={find.busy} busyLabel={c.finding}>
          {c.find}
        </BusyButton>
      </form>
      {find.error ? (
        isNotFound(find.error) ? (
          <div className="problem" role="alert">
            <span className="problem-icon" aria-hidden="true">
              !
            </span>
            <div>
              <p className="problem-words">{c.notFound}</p>
              <p>{c.notFoundNext}</p>
            </div>
          </div>
        ) : (
          <ProblemMessage error={find.error} />
        )
      ) : null}
      {card ? <CardView card={card} onChange={abilities.changeCards ? setChanging : null} /> : null}
      {card && changing ? (
        <ConfirmDialog
          title={fill(c.confirmTitle[changing], { id: card.id })}
          body={c.confirmBody[changing]}
          confirmLabel={{ suspended: c.suspend, valid: c.reinstate, revoked: c.revoke }[changing]}
          withReason
          onConfirm={(reason) => api.setCardStatus(card.id, { status: changing, reason })}
          onClose={(done) => {
            setChanging(null);
            if (!done) return;
            setNotice(fill(c.changed, { id: card.id, status: c.statuses[changing] }));
            void look({ id: card.id });
          }}
        />
      ) : null}
      {abilities.changeCards && user.demo ? <DemoCardPanel onIssued={(id) => void look({ id })} /> : null}
    </>
  );
}
