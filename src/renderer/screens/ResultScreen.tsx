import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { ScanResult, TerminalApi, TerminalSettings } from '../../contract/terminal-api';
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
  onDone: () => void;
  /** Self-service: the resident's "Call staff" button. */
  callStaff?: ReactNode;
}

/** One result: colour, shape, icon, headline, reason, next step, and what the role may see. */
export function ResultScreen({ api, result, recalled, settings, onDone, callStaff }: Props) {
  const t = useT();
  const resident = settings.selfService;
  const { headline, words, next } = describeResult(result, t, resident ? 'resident' : 'staff');
  const returnMs = result.outcome === 'valid' ? settings.autoReturnValidMs : settings.autoReturnOtherMs;
  const [left, setLeft] = useState(Math.ceil(returnMs / 1000));
  const [undone, setUndone] = useState(false);
  const [askPin, setAskPin] = useState(false);
  /** Why an undo was refused (already synced away, storage full...), in words. */
  const [refusal, setRefusal] = useState<string | null>(null);
  const done = useRef<HTMLButtonElement | null>(null);

  // Back to Ready by itself; paused while staff type their PIN.
  useEffect(() => {
    if (askPin) return;
    setLeft(Math.ceil(returnMs / 1000));
    const started = Date.now();
    const timer = window.setInterval(() => {
      const remaining = Math.ceil((returnMs - (Date.now() - started)) / 1000);
      setLeft(remaining);
      if (remaining <= 0) onDone();
    }, 250);
    return () => window.clearInterval(timer);
  }, [returnMs, onDone, askPin]);

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
      {!askPin && (
        <p className="countdown" aria-live="off">
          {fill(t.ui.backInSeconds, { seconds: Math.max(0, left) }, t.lang)}
        </p>
      )}
    </section>
  );
}
