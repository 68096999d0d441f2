import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { BorrowedItem, LibrarySession, LoanView, TerminalApi } from '../../contract/terminal-api';
import { asTerminalError } from '../api/terminal-error';
import { speak } from '../feedback/speech';
import { formatCalendarDate } from '../format';
import { fill, plural, useT, type Catalogue } from '../i18n';

interface Props {
  api: TerminalApi;
  session: LibrarySession;
  /** Finish: ends the session (once its checkouts have answered) and shows the summary. */
  onFinish: () => void;
  /** Finish was pressed and the session is ending. */
  finishing: boolean;
  callStaff: ReactNode;
}

type Panel =
  | { readonly kind: 'items' }
  | { readonly kind: 'loans'; readonly loans: readonly LoanView[] }
  | { readonly kind: 'renewed'; readonly renewed: readonly LoanView[]; readonly refused: readonly LoanView[] };

/** "Due back 21 December 2026", or "Borrowed" where the library system gave no date that parses. */
export function dueText(t: Catalogue, dueDate: string | null): string {
  return dueDate === null
    ? t.library.noDueDate
    : fill(t.library.dueBack, { date: formatCalendarDate(dueDate, t.lang) });
}

/**
 * Self-service borrowing (issue 12): every scan is an item; each is answered with its title and
 * due date in a running list. Speech says counts and due dates, never titles (others hear it).
 */
export function BorrowScreen({ api, session, onFinish, finishing, callStaff }: Props) {
  const t = useT();
  const w = t.library;
  const [panel, setPanel] = useState<Panel>({ kind: 'items' });
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const spoken = useRef(session.items.length);
  const heading = useRef<HTMLHeadingElement | null>(null);
  const lent = session.items.filter((i) => i.ok);
  const last = session.items.at(-1);

  // The result screen's speech stopped when this replaced it: say where the resident is, and
  // take the focus from the button that is gone.
  useEffect(() => {
    heading.current?.focus();
    speak(`${w.youCanBorrow}. ${w.borrowInstruction}`, t.lang);
  }, [w, t.lang]);

  // Each new answer is spoken: the count and due date when lent, the refusal's words when not.
  useEffect(() => {
    const fresh = session.items.slice(spoken.current);
    spoken.current = session.items.length;
    const item = fresh.at(-1);
    if (!item) return;
    if (item.ok)
      speak(
        item.dueDate === null
          ? plural(t.lang, w.itemsBorrowed, lent.length)
          : plural(t.lang, w.spokenBorrowed, lent.length, { date: dueSpoken(t, item.dueDate) }),
        t.lang,
      );
    else speak(`${w.refusals[item.refusal].words} ${w.refusals[item.refusal].next}`, t.lang);
    setPanel({ kind: 'items' });
  }, [session.items, lent.length, t, w]);

  const ask = async (work: () => Promise<Panel>): Promise<void> => {
    setBusy(true);
    setProblem(null);
    try {
      setPanel(await work());
    } catch (e) {
      const code = asTerminalError(e).code;
      setProblem(code === 'lms_unavailable' ? `${w.notAvailable}. ${w.notAvailableNext}` : t.resident.refused);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="borrow self-service" aria-labelledby="borrow-title">
      <h1 id="borrow-title" className="instruction" ref={heading} tabIndex={-1}>
        {w.borrowTitle}
      </h1>
      <p className="hint">
        <span aria-hidden="true">✓ </span>
        {w.youCanBorrow}. {w.borrowInstruction}
      </p>
      {/* The last answer, for screen readers: lent (with its date) or why not. */}
      <p className="sr-only" role="status" aria-live="polite">
        {last
          ? last.ok
            ? `${last.title ?? w.untitled}. ${dueText(t, last.dueDate)}`
            : `${w.refusals[last.refusal].words} ${w.refusals[last.refusal].next}`
          : ''}
      </p>
      {panel.kind === 'items' && (
        <>
          <p className="borrow-count">{plural(t.lang, w.itemsBorrowed, lent.length)}</p>
          {session.items.length > 0 && (
            <ol className="borrow-list" aria-label={w.borrowTitle}>
              {session.items.map((item, i) => (
                <BorrowedRow key={`${item.itemId}-${i}`} item={item} />
              ))}
            </ol>
          )}
        </>
      )}
      {panel.kind === 'loans' && (
        <section className="loans" aria-labelledby="loans-title">
          <h2 id="loans-title">{w.loansTitle}</h2>
          {panel.loans.length === 0 ? <p>{w.noLoans}</p> : <LoanList loans={panel.loans} />}
        </section>
      )}
      {panel.kind === 'renewed' && (
        <section className="loans" aria-labelledby="renewed-title">
          <h2 id="renewed-title" role="status">
            {plural(t.lang, w.renewed, panel.renewed.length)}
          </h2>
          <LoanList loans={panel.renewed} />
          {panel.refused.length > 0 && (
            <>
              <p>
                <span aria-hidden="true">⚠ </span>
                {plural(t.lang, w.notRenewed, panel.refused.length)}
              </p>
              <LoanList loans={panel.refused} />
            </>
          )}
        </section>
      )}
      {busy && <p role="status">{w.working}</p>}
      {problem && (
        <p className="form-message" role="alert">
          {problem}
        </p>
      )}
      <div className="self-service-bar borrow-actions">
        {panel.kind !== 'items' && (
          <button type="button" className="secondary" onClick={() => setPanel({ kind: 'items' })}>
            {w.backToBorrowing}
          </button>
        )}
        {session.canListLoans && panel.kind !== 'loans' && (
          <button
            type="button"
            className="secondary"
            disabled={busy}
            onClick={() => void ask(async () => ({ kind: 'loans', loans: (await api.myLoans()).loans }))}
          >
            {w.myLoans}
          </button>
        )}
        {session.canRenew && (
          <button
            type="button"
            className="secondary"
            disabled={busy}
            onClick={() =>
              void ask(async () => {
                const r = await api.renewAll();
                speak(plural(t.lang, w.renewed, r.renewed.length), t.lang);
                return { kind: 'renewed', renewed: r.renewed, refused: r.refused };
              })
            }
          >
            {w.renewAll}
          </button>
        )}
        {callStaff}
        <button type="button" className="primary borrow-finish" disabled={finishing} onClick={onFinish}>
          {w.finish}
        </button>
      </div>
    </section>
  );
}

function BorrowedRow({ item }: { item: BorrowedItem }) {
  const t = useT();
  const w = t.library;
  const title = item.title ?? w.untitled;
  if (item.ok)
    return (
      <li className="borrowed borrowed-ok" data-item={item.itemId} data-ok="true">
        <span aria-hidden="true">✓ </span>
        <strong>{title}</strong> <span>{dueText(t, item.dueDate)}</span>
      </li>
    );
  const r = w.refusals[item.refusal];
  return (
    <li className="borrowed borrowed-refused" data-item={item.itemId} data-refusal={item.refusal}>
      <span aria-hidden="true">⚠ </span>
      <strong>{title}</strong> <span>{r.words}</span> <span>{r.next}</span>
    </li>
  );
}

function LoanList({ loans }: { loans: readonly LoanView[] }) {
  const t = useT();
  return (
    <ul className="loan-list">
      {loans.map((l, i) => (
        <li key={i}>
          <strong>{l.title ?? t.library.untitled}</strong> <span>{dueText(t, l.dueDate)}</span>
        </li>
      ))}
    </ul>
  );
}

/** A due date for speech: the date in words, or nothing said when there is none. */
export function dueSpoken(t: Catalogue, dueDate: string | null): string {
  return dueDate === null ? '' : formatCalendarDate(dueDate, t.lang);
}
