import type { ReactNode } from 'react';
import { CameraPreview } from '../components/CameraPreview';
import type { CameraView } from '../hooks/useCamera';
import type { Notice } from '../hooks/useTerminal';
import { CATALOGUES, useT } from '../i18n';

interface Props {
  camera: CameraView;
  cameraOn: boolean;
  notice: Notice | null;
  /** Languages the venue offers; the resident's choice lasts until the kiosk goes idle. */
  languages: readonly string[];
  onLanguage: (lang: string) => void;
  callStaff: ReactNode;
}

/** The self-service kiosk's Ready screen: one big instruction, a picture, the resident's language. */
export function SelfServiceReady({ camera, cameraOn, notice, languages, onLanguage, callStaff }: Props) {
  const t = useT();
  const offered = languages.filter((l) => CATALOGUES[l] !== undefined);
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
      {cameraOn && camera.stream && <CameraPreview camera={camera} small />}
      <p className="notice" role="status">
        {/* A resident is sent to the desk whatever the terminal refused; staff see why on theirs. */}
        {notice === 'incomplete' ? t.ui.incompleteScan : notice ? t.resident.refused : ''}
      </p>
      <div className="self-service-bar">
        {offered.length > 1 && (
          <ul className="language-picker" aria-label={t.ui.language}>
            {offered.map((lang) => {
              const c = CATALOGUES[lang]!;
              return (
                <li key={lang}>
                  <button
                    type="button"
                    className="secondary"
                    lang={c.lang}
                    dir={c.dir}
                    aria-pressed={t.lang === lang}
                    onClick={() => onLanguage(lang)}
                  >
                    {c.name}
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        {callStaff}
      </div>
    </section>
  );
}
