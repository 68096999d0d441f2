import { useEffect, useRef } from 'react';
import type { BorrowedItem } from '../../contract/terminal-api';
import { speak } from '../feedback/speech';
import { useLatest } from '../hooks/useLatest';
import { plural, useT } from '../i18n';
import { dueSpoken, dueText } from './BorrowScreen';

interface Props {
  items: readonly BorrowedItem[];
  onDone: () => void;
  /** Back to the start by itself after this long. */
  returnMs: number;
}

/** Finish: what was borrowed and when it is due back. The session has already ended. */
export function BorrowSummary({ items, onDone, returnMs }: Props) {
  const t = useT();
  const w = t.library;
  const lent = items.filter((i) => i.ok);
  const done = useRef<HTMLButtonElement | null>(null);
  const dates = lent.map((i) => i.dueDate).filter((d): d is string => d !== null);
  const first = dates.length > 0 ? dates.reduce((a, b) => (a < b ? a : b)) : null;

  const spoken =
    lent.length === 0
      ? w.nothingBorrowed
      : first === null
        ? plural(t.lang, w.itemsBorrowed, lent.length)
        : plural(t.lang, w.spokenSummary, lent.length, { date: dueSpoken(t, first) });
  const finish = useLatest(onDone);

  useEffect(() => {
    done.current?.focus();
    const timer = window.setTimeout(() => finish.current(), returnMs);
    return () => window.clearTimeout(timer);
  }, [finish, returnMs]);

  useEffect(() => speak(spoken, t.lang), [spoken, t.lang]);

  return (
    <section className="borrow-summary self-service" aria-labelledby="summary-title">
      <h1 id="summary-title" className="instruction">
        {w.summaryTitle}
      </h1>
      <p className="borrow-count" role="status">
        {lent.length === 0 ? w.nothingBorrowed : plural(t.lang, w.itemsBorrowed, lent.length)}
      </p>
      {lent.length > 0 && (
        <ul className="loan-list">
          {lent.map((i, n) => (
            <li key={n}>
              <strong>{i.title ?? w.untitled}</strong> <span>{i.ok ? dueText(t, i.dueDate) : ''}</span>
            </li>
          ))}
        </ul>
      )}
      <button ref={done} type="button" className="primary" onClick={onDone}>
        {t.ui.done}
      </button>
    </section>
  );
}
