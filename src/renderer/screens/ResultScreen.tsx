import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { LibraryAccount, ScanResult, TerminalApi, TerminalSettings } from '../../contract/terminal-api';
import { AccountLine } from '../components/AccountLine';
import { CardDetails } from '../components/CardDetails';
import { OutcomeSymbol } from '../components/OutcomeSymbol';
import { PinGate } from '../components/PinGate';
import { speak, stopSpeaking } from '../feedback/speech';
import { asTerminalError } from '../api/terminal-error';
import { fill, refusalText, useT } from '../i18n';
import { formatTime } from '../format';
import { describeResult } from './describe-result';

interface Props {
  api: TerminalApi;
  result: ScanResult;
  /** Staff asked to see it again (F2 / "Last result"): nothing was scanned. */
  recalled: boolean;
  settings: TerminalSettings;
  /** A self-service kiosk: resident words, no staff actions. */
  resident: boolean;
  onDone: () => void;
  /** Self-service: the resident's "Call staff" button. */
  callStaff?: ReactNode;
  /** The library system's answer for this result, once it came (see result.libraryLookup). */
  account?: LibraryAccount | undefined;
}

/**
 * The result waits for the account line at most this long, should its answer never come (the
 * service answers within the link's timeout; a page that reconnected may have missed it).
 */
const ACCOUNT_WAIT_MAX_MS = 12_000;

/** One result: colour, shape, icon, headline, reason, next step, and what the role may see. */
export function ResultScreen({ api, result, recalled, settings, resident, onDone, callStaff, account }: Props) {
  const t = useT();
  const { headline, words, next } = describeResult(result, t, resident ? 'resident' : 'staff');
  const returnMs = result.outcome === 'valid' ? settings.autoReturnValidMs : settings.autoReturnOtherMs;
  const [left, setLeft] = useState(Math.ceil(returnMs / 1000));
  const [undone, setUndone] = useState(false);
  const [askPin, setAskPin] = useState(false);
  /** Why an undo was refused (already synced away, storage full...), in words. */
  const [refusal, setRefusal] = useState<string | null>(null);
  const done = useRef<HTMLButtonElement | null>(null);
  const showsAccount = result.libraryLookup && !recalled;
  const [gaveUpWaiting, setGaveUpWaiting] = useState(false);
  // The result stays up until the account line arrives (or the lookup timed out); then its own timer runs.
  const waiting = showsAccount && account === undefined && !gaveUpWaiting;
  useEffect(() => {
    if (!waiting) return;
    const timer = window.setTimeout(() => setGaveUpWaiting(true), ACCOUNT_WAIT_MAX_MS);
    return () => window.clearTimeout(timer);
  }, [waiting]);

  // Back to Ready by itself; paused while staff type their PIN, and while the account line is awaited.
  useEffect(() => {
    if (askPin || waiting) return;
    setLeft(Math.ceil(returnMs / 1000));
    const started = Date.now();
    const timer = window.setInterval(() => {
      const remaining = Math.ceil((returnMs - (Date.now() - started)) / 1000);
      setLeft(remaining);
      if (remaining <= 0) onDone();
    }, 250);
    return () => window.clearInterval(timer);
  }, [returnMs, onDone, askPin, waiting]);

  // Focus on Done, so Enter or Space after a look dismisses it; Escape does too.
  useEffect(() => {
    done.current?.focus();
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape' && !askPin) onDone();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onDone, askPin]);

  useEffect(() => {
    if (resident) speak(`${headline}. ${words} ${next}`, t.lang);
    return () => stopSpeaking();
  }, [resident, headline, words, next, t.lang]);

  // A resident hears whether they can borrow (never why not: others may hear it).
  useEffect(() => {
    if (!resident || !showsAccount || account === undefined) return;
    const w = t.library;
    speak(
      !account.answered ? `${w.notAvailable}. ${w.notAvailableNext}` : account.canBorrow ? w.youCanBorrow : w.seeStaff,
      t.lang,
    );
  }, [resident, showsAccount, account, t]);

  const undo = async (): Promise<void> => {
    try {
      const r = await api.undoRedemption({ eventId: result.eventId });
      setUndone(r.undone);
      setAskPin(false);
    } catch (e) {
      if (asTerminalError(e).code === 'locked') setAskPin(true);
      else {
        setAskPin(false);
        setRefusal(refusalText(t, e));
      }
    }
  };

  const again = result.repeat ? t.ui.repeatNotice : recalled ? t.ui.recalledNotice : null;
  return (
    <section
      className={`result result-${result.outcome}${askPin ? ' result-asking' : ''}`}
      aria-labelledby="result-headline"
      data-outcome={result.outcome}
      data-reason={result.reason}
      data-repeat={result.repeat || undefined}
    >
      <div className="result-main" role="alert">
        <OutcomeSymbol outcome={result.outcome} size={140} />
        <h1 id="result-headline" className="headline">
          {headline}
        </h1>
        <p className="reason-words">{words}</p>
        <p className="next-step">{next}</p>
      </div>
      {again && !resident && (
        <p className="again-banner">
          <span aria-hidden="true">↻ </span>
          {fill(again, { time: formatTime(result.at, t.lang) })}
        </p>
      )}
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
      <CardDetails result={result} />
      {showsAccount && (
        // One live region from the start, so the line is read when it fills in.
        <div className="account-region" role="status" aria-live="polite">
          <AccountLine
            account={account ?? (gaveUpWaiting ? { answered: false, problem: 'lms_unreachable' } : undefined)}
            resident={resident}
          />
        </div>
      )}
      {askPin ? (
        <PinGate api={api} reason={t.ui.pinForUndo} onUnlocked={() => void undo()} onCancel={() => setAskPin(false)} />
      ) : (
        <div className="result-actions">
          {resident && (
            <button type="button" className="secondary" onClick={() => speak(`${headline}. ${words} ${next}`, t.lang)}>
              {t.ui.hearAgain}
            </button>
          )}
          {resident && callStaff}
          {result.undoable && !resident && (
            <button type="button" className="secondary" disabled={undone} onClick={() => void undo()}>
              {undone ? t.ui.redemptionUndone : t.ui.undoRedemption}
            </button>
          )}
          <button ref={done} type="button" className="primary" onClick={onDone}>
            {t.ui.done}
          </button>
        </div>
      )}
      {refusal && (
        <p className="form-message" role="alert">
          {refusal}
        </p>
      )}
      {!askPin && !waiting && (
        <p className="countdown" aria-live="off">
          {fill(t.ui.backInSeconds, { seconds: Math.max(0, left) }, t.lang)}
        </p>
      )}
    </section>
  );
}
