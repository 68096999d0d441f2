import { useState, type FormEvent } from 'react';
import type { TerminalApi, TerminalStatus } from '../../contract/terminal-api';
import { CameraPreview } from '../components/CameraPreview';
import { StatusStrip } from '../components/StatusStrip';
import type { CameraView } from '../hooks/useCamera';
import type { Notice } from '../hooks/useTerminal';
import { plural, refusalText, useT } from '../i18n';

interface Props {
  api: TerminalApi;
  status: TerminalStatus;
  camera: CameraView;
  cameraOn: boolean;
  onToggleCamera: () => void;
  notice: Notice | null;
  wedgeSeenAt: number | null;
  /** Shows the last result again (also the F2 key); absent when there is none yet. */
  onRecall: (() => void) | null;
}

/** The staff Ready screen: what this terminal checks, how to scan, today's count, status. */
export function ReadyScreen(props: Props) {
  const { api, status, camera, cameraOn, notice } = props;
  const t = useT();
  const [manual, setManual] = useState('');
  const [refusal, setRefusal] = useState<string | null>(null);
  const checking =
    status.checking.offer?.title ??
    (status.checking.service ? (t.services[status.checking.service] ?? status.checking.service) : '');
  const submitManual = (e: FormEvent): void => {
    e.preventDefault();
    const number = manual.trim();
    if (number === '') return;
    setRefusal(null);
    api.submitManualEntry({ libraryNumber: number }).then(
      () => setManual(''),
      (error: unknown) =>
        setRefusal(refusalText(t, error, (field) => (field === 'libraryNumber' ? t.ui.manualEntryLabel : undefined))),
    );
  };
  return (
    <section className="ready" aria-labelledby="ready-title">
      <div className="ready-top">
        <p className="venue">{status.venue.name}</p>
        <p className="checking">
          {t.ui.checking}: <strong>{checking}</strong>
        </p>
        <p className="scans-today">{plural(t.lang, t.ui.scansTodayCount, status.scansToday)}</p>
      </div>
      <h1 id="ready-title" className="instruction">
        {status.nfcConfigured ? t.ui.scanOrTap : t.ui.scanCard}
      </h1>
      <div className="ready-middle">
        <div className="camera-box">
          {cameraOn && camera.state !== 'denied' && camera.state !== 'missing' && <CameraPreview camera={camera} />}
          {camera.state === 'denied' && <p role="alert">{t.ui.cameraDenied}</p>}
          {camera.state === 'missing' && <p role="alert">{t.ui.cameraMissing}</p>}
          <button type="button" className="secondary" onClick={props.onToggleCamera}>
            {cameraOn ? t.ui.cameraOff : t.ui.cameraOn}
          </button>
        </div>
        <div className="ready-side">
          <form className="manual" onSubmit={submitManual}>
            <label htmlFor="manual-entry">{t.ui.manualEntry}</label>
            <div className="row">
              <input
                id="manual-entry"
                inputMode="numeric"
                autoComplete="off"
                value={manual}
                maxLength={20}
                aria-describedby={refusal ? 'manual-refusal' : undefined}
                onChange={(e) => setManual(e.target.value)}
              />
              <button type="submit" className="primary">
                {t.ui.check}
              </button>
            </div>
            {refusal && (
              <p id="manual-refusal" className="form-message" role="alert">
                {refusal}
              </p>
            )}
          </form>
          {props.onRecall && (
            <button type="button" className="secondary" onClick={props.onRecall} aria-keyshortcuts="F2">
              {t.ui.lastResult} <kbd>F2</kbd>
            </button>
          )}
        </div>
      </div>
      <p className="notice" role="status">
        {notice === 'incomplete' ? t.ui.incompleteScan : notice ? t.errors[notice] : ''}
      </p>
      <StatusStrip status={status} wedgeSeenAt={props.wedgeSeenAt} />
    </section>
  );
}
