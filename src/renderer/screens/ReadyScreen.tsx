import { useState, type FormEvent } from 'react';
import type { TerminalApi, TerminalSettings, TerminalStatus } from '../../contract/terminal-api';
import { StatusStrip } from '../components/StatusStrip';
import { useCamera } from '../hooks/useCamera';
import { useT } from '../i18n';

interface Props {
  api: TerminalApi;
  status: TerminalStatus;
  settings: TerminalSettings;
  cameraOn: boolean;
  onToggleCamera: () => void;
  onCameraCode: (text: string) => void;
  notice: string | null;
}

/** What this terminal checks, how to scan, and the status strip. Nothing here scrolls. */
export function ReadyScreen({ api, status, settings, cameraOn, onToggleCamera, onCameraCode, notice }: Props) {
  const t = useT();
  const { videoRef, state } = useCamera(cameraOn, settings.cameraDeviceId, onCameraCode);
  const [manual, setManual] = useState('');
  const checking =
    status.checking.offer?.title ??
    (status.checking.service ? (t.services[status.checking.service] ?? status.checking.service) : '');
  const submitManual = (e: FormEvent): void => {
    e.preventDefault();
    if (manual.trim() === '') return;
    void api.submitManualEntry({ libraryNumber: manual.trim() }).catch(() => undefined);
    setManual('');
  };
  if (settings.selfService) {
    return (
      <section className="ready self-service" aria-labelledby="ready-title">
        <h1 id="ready-title" className="instruction">
          {t.ui.selfServiceInstruction}
        </h1>
        <svg className="scan-picture" viewBox="0 0 200 140" aria-hidden="true" focusable="false">
          <rect x="60" y="10" width="80" height="22" rx="6" fill="currentColor" opacity="0.8" />
          <path d="M70 32 L50 100 M130 32 L150 100" stroke="currentColor" strokeWidth="3" strokeDasharray="6 6" />
          <rect x="70" y="80" width="60" height="50" rx="8" fill="none" stroke="currentColor" strokeWidth="5" />
          <rect x="84" y="92" width="32" height="26" fill="currentColor" />
        </svg>
        <p className="hint">{t.ui.selfServiceHint}</p>
        {cameraOn && <video ref={videoRef} className="preview small" muted playsInline aria-hidden="true" />}
        <p className="notice" role="status">
          {notice === 'duplicate' ? t.ui.ignoredDuplicate : ''}
        </p>
      </section>
    );
  }
  return (
    <section className="ready" aria-labelledby="ready-title">
      <div className="ready-top">
        <p className="venue">{status.venue.name}</p>
        <p className="checking">
          {t.ui.checking}: <strong>{checking}</strong>
        </p>
      </div>
      <h1 id="ready-title" className="instruction">
        {t.ui.scanOrTap}
      </h1>
      <div className="ready-middle">
        <div className="camera-box">
          {cameraOn && state !== 'denied' && state !== 'missing' && (
            <video ref={videoRef} className="preview" muted playsInline aria-label={t.ui.cameraOn} />
          )}
          {state === 'denied' && <p role="alert">{t.ui.cameraDenied}</p>}
          {state === 'missing' && <p role="alert">{t.ui.cameraMissing}</p>}
          <button type="button" className="secondary" aria-pressed={cameraOn} onClick={onToggleCamera}>
            {cameraOn ? t.ui.cameraOff : t.ui.cameraOn}
          </button>
        </div>
        <form className="manual" onSubmit={submitManual}>
          <label htmlFor="manual-entry">{t.ui.manualEntry}</label>
          <div className="row">
            <input
              id="manual-entry"
              inputMode="numeric"
              autoComplete="off"
              value={manual}
              maxLength={20}
              onChange={(e) => setManual(e.target.value)}
            />
            <button type="submit" className="primary">
              {t.ui.check}
            </button>
          </div>
        </form>
      </div>
      <p className="notice" role="status">
        {notice === 'duplicate' ? t.ui.ignoredDuplicate : ''}
      </p>
      <StatusStrip status={status} />
    </section>
  );
}
