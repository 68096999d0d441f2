import { useEffect, useState } from 'react';
import type { ScanResult, TerminalApi, TerminalSettings } from '../../contract/terminal-api';
import { OutcomeSymbol } from '../components/OutcomeSymbol';
import { speak, stopSpeaking } from '../feedback/speech';
import { fill, useT, type Catalogue } from '../i18n';
import { formatDate, formatTime, isToday } from '../format';

interface Props {
  api: TerminalApi;
  result: ScanResult;
  settings: TerminalSettings;
  onDone: () => void;
  onNeedPin: () => void;
}

/** The plain-words reason and next step for a result, in the screen's language. */
export function describe(result: ScanResult, t: Catalogue): { headline: string; words: string; next: string } {
  const service = result.service ? (t.services[result.service] ?? result.service) : '';
  const text = t.reasons[result.reason];
  const values = {
    service,
    date: result.card ? formatDate(result.card.expires, t.lang) : '',
    time: result.lastUsedAt ? formatTime(result.lastUsedAt, t.lang) : '',
    when: result.lastUsedAt && !isToday(result.lastUsedAt) ? formatDate(result.lastUsedAt, t.lang) : t.ui.today,
    count: 1,
    period: t.periods.day,
  };
  let headline = t.headlines[result.outcome];
  if (result.outcome === 'valid')
    headline = `${headline}${result.offer ? `: ${result.offer.title}` : service ? `: ${service}` : ''}`;
  return { headline, words: fill(text.words, values), next: fill(text.next, values) };
}

/** One result: colour, shape, icon, headline, reason, next step, and what the role may see. */
export function ResultScreen({ api, result, settings, onDone, onNeedPin }: Props) {
  const t = useT();
  const { headline, words, next } = describe(result, t);
  const returnMs = result.outcome === 'valid' ? settings.autoReturnValidMs : settings.autoReturnOtherMs;
  const [left, setLeft] = useState(Math.ceil(returnMs / 1000));
  const [undone, setUndone] = useState(false);

  useEffect(() => {
    setLeft(Math.ceil(returnMs / 1000));
    const started = Date.now();
    const timer = window.setInterval(() => {
      const remaining = Math.ceil((returnMs - (Date.now() - started)) / 1000);
      setLeft(remaining);
      if (remaining <= 0) onDone();
    }, 250);
    return () => window.clearInterval(timer);
  }, [result.eventId, returnMs, onDone]);

  useEffect(() => {
    if (settings.selfService) speak(`${headline}. ${words} ${next}`, t.lang);
    return () => stopSpeaking();
  }, [result.eventId, settings.selfService, headline, words, next, t.lang]);

  const undo = async (): Promise<void> => {
    try {
      const r = await api.undoRedemption({ eventId: result.eventId });
      setUndone(r.undone);
    } catch (e) {
      if ((e as { code?: string }).code === 'locked') onNeedPin();
    }
  };

  const card = result.card;
  return (
    <section
      className={`result result-${result.outcome}`}
      aria-labelledby="result-headline"
      data-outcome={result.outcome}
      data-reason={result.reason}
    >
      <div className="result-main" role="alert">
        <OutcomeSymbol outcome={result.outcome} size={140} />
        <h1 id="result-headline" className="headline">
          {headline}
        </h1>
        <p className="reason-words">{words}</p>
        <p className="next-step">{next}</p>
      </div>
      {result.warnings.length > 0 && (
        <ul className="warning-banner" aria-label={t.ui.warningTitle}>
          {result.warnings.map((w) => (
            <li key={w}>
              <span aria-hidden="true">⚠ </span>
              {t.warnings[w]}
            </li>
          ))}
        </ul>
      )}
      {card && (
        <dl className="card-details">
          {card.name !== undefined && (
            <div>
              <dt className="sr-only">{t.ui.holder}</dt>
              <dd className="card-name">{card.name}</dd>
            </div>
          )}
          {card.libraryNumber !== undefined && (
            <div>
              <dt>{t.ui.libraryNumber}</dt>
              <dd className="library-number">{card.libraryNumber}</dd>
            </div>
          )}
          {card.name === undefined && card.services && result.service && (
            <div>
              <dt className="sr-only">{t.ui.service}</dt>
              <dd>{fill(t.ui.member, { service: t.services[result.service] ?? result.service })}</dd>
            </div>
          )}
          <div>
            <dt className="sr-only">{t.ui.expiry}</dt>
            <dd>{fill(t.ui.validUntil, { date: formatDate(card.expires, t.lang) })}</dd>
          </div>
        </dl>
      )}
      <div className="result-actions">
        {settings.selfService && (
          <button type="button" className="secondary" onClick={() => speak(`${headline}. ${words} ${next}`, t.lang)}>
            {t.ui.hearAgain}
          </button>
        )}
        {result.undoable && !settings.selfService && (
          <button type="button" className="secondary" disabled={undone} onClick={() => void undo()}>
            {undone ? t.ui.redemptionUndone : t.ui.undoRedemption}
          </button>
        )}
        <button type="button" className="primary" onClick={onDone}>
          {t.ui.done}
        </button>
      </div>
      <p className="countdown" aria-live="off">
        {fill(t.ui.backInSeconds, { seconds: Math.max(0, left) })}
      </p>
    </section>
  );
}
