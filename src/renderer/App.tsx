import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { TerminalApi } from '../contract/terminal-api';
import { playOutcome } from './feedback/sounds';
import { stopSpeaking } from './feedback/speech';
import { useTerminal } from './hooks/useTerminal';
import { useWedge } from './hooks/useWedge';
import { catalogueFor, I18nContext, fill } from './i18n';
import { AdminScreen } from './screens/AdminScreen';
import { HistoryScreen } from './screens/HistoryScreen';
import { ReadyScreen } from './screens/ReadyScreen';
import { ResultScreen } from './screens/ResultScreen';
import { StatusScreen } from './screens/StatusScreen';

type Screen = 'ready' | 'history' | 'status' | 'admin';
const IDLE_MS = 20_000;
const IDLE_WARNING_MS = 5_000;

/** Announces each handled scan to the page (tests and the latency benchmark wait on it). */
function announce(eventId: string): void {
  window.dispatchEvent(new CustomEvent('civicpass:result-painted', { detail: { eventId, at: performance.now() } }));
}

export function App({ api }: { api: TerminalApi }) {
  const view = useTerminal(api);
  const { status, settings, lastResult, resultSeq, notice, refresh, clearResult } = view;
  const [screen, setScreen] = useState<Screen>('ready');
  const [cameraOn, setCameraOn] = useState(false);
  const [lastWedgeScan, setLastWedgeScan] = useState<string | null>(null);
  const [idleLeft, setIdleLeft] = useState<number | null>(null);
  const lastActivity = useRef(Date.now());
  const t = catalogueFor(settings?.language ?? 'en');

  const onWedge = useCallback(
    (text: string) => {
      setLastWedgeScan(text);
      void api.submitScan({ text, source: 'keyboard' }).catch(() => undefined);
    },
    [api],
  );
  useWedge(onWedge);
  const onCameraCode = useCallback(
    (text: string) => void api.submitScan({ text, source: 'camera' }).catch(() => undefined),
    [api],
  );

  // A scan arriving on any screen shows its result; each outcome has its own sound.
  useEffect(() => {
    if (!lastResult) return;
    playOutcome(lastResult.outcome);
    requestAnimationFrame(() => requestAnimationFrame(() => announce(lastResult.eventId)));
  }, [resultSeq, lastResult]);

  useEffect(() => {
    document.documentElement.lang = t.lang;
    document.documentElement.dir = t.dir;
    document.title = t.ui.appName;
  }, [t]);

  // Self-service: any touch or key counts as activity and stops speech; 20 s idle -> Ready.
  const selfService = settings?.selfService ?? false;
  useEffect(() => {
    const touch = (): void => {
      lastActivity.current = Date.now();
      setIdleLeft(null);
      stopSpeaking();
    };
    window.addEventListener('pointerdown', touch, true);
    window.addEventListener('keydown', touch, true);
    const timer = window.setInterval(() => {
      const idle = Date.now() - lastActivity.current;
      const away = screen !== 'ready' || lastResult !== null;
      if (!selfService || !away) return setIdleLeft(null);
      if (idle >= IDLE_MS) {
        setScreen('ready');
        clearResult();
        setIdleLeft(null);
      } else if (idle >= IDLE_MS - IDLE_WARNING_MS) setIdleLeft(Math.ceil((IDLE_MS - idle) / 1000));
    }, 250);
    return () => {
      window.removeEventListener('pointerdown', touch, true);
      window.removeEventListener('keydown', touch, true);
      window.clearInterval(timer);
    };
  }, [selfService, screen, lastResult, clearResult]);

  // Staff reach Admin in self-service mode by a key chord, never a visible button.
  useEffect(() => {
    const chord = (e: KeyboardEvent): void => {
      if (e.ctrlKey && e.altKey && e.code === 'KeyS') {
        clearResult();
        setScreen('admin');
      }
    };
    window.addEventListener('keydown', chord);
    return () => window.removeEventListener('keydown', chord);
  }, [clearResult]);

  const done = useCallback(() => {
    clearResult();
    setScreen('ready');
  }, [clearResult]);
  const nav = useMemo(() => ['ready', 'history', 'status', 'admin'] as const, []);

  if (!status || !settings) {
    return (
      <main className="loading" aria-busy="true">
        <p>{t.ui.appName}</p>
      </main>
    );
  }

  const outOfOrder = !status.usable && settings.selfService && screen !== 'admin';
  return (
    <I18nContext.Provider value={t}>
      {!settings.selfService && !lastResult && (
        <header className="top-bar">
          <p className="brand">{t.ui.appName}</p>
          <nav aria-label={t.ui.appName}>
            <ul>
              {nav.map((s) => (
                <li key={s}>
                  <button
                    type="button"
                    className="nav-button"
                    aria-current={screen === s ? 'page' : undefined}
                    onClick={() => setScreen(s)}
                  >
                    {s === 'ready'
                      ? t.ui.ready
                      : s === 'history'
                        ? t.ui.history
                        : s === 'status'
                          ? t.ui.status
                          : t.ui.admin}
                  </button>
                </li>
              ))}
            </ul>
          </nav>
        </header>
      )}
      <main id="main" className={`screen screen-${lastResult ? 'result' : screen}`}>
        {lastResult ? (
          <ResultScreen
            api={api}
            result={lastResult}
            settings={settings}
            onDone={done}
            onNeedPin={() => setScreen('admin')}
          />
        ) : outOfOrder ? (
          <section className="out-of-order" aria-labelledby="ooo-title">
            <h1 id="ooo-title">{t.ui.outOfOrderTitle}</h1>
            <p>{t.ui.outOfOrderBody}</p>
          </section>
        ) : screen === 'ready' ? (
          <ReadyScreen
            api={api}
            status={status}
            settings={settings}
            cameraOn={cameraOn}
            onToggleCamera={() => setCameraOn((c) => !c)}
            onCameraCode={onCameraCode}
            notice={notice}
          />
        ) : screen === 'history' ? (
          <HistoryScreen api={api} refreshKey={resultSeq} />
        ) : screen === 'status' ? (
          <StatusScreen api={api} status={status} onNeedPin={() => setScreen('admin')} />
        ) : (
          <AdminScreen
            api={api}
            status={status}
            settings={settings}
            lastWedgeScan={lastWedgeScan}
            onChanged={() => void refresh()}
          />
        )}
        {idleLeft !== null && (
          <p className="idle-countdown" role="status">
            {fill(t.ui.backInSeconds, { seconds: idleLeft })}
          </p>
        )}
      </main>
    </I18nContext.Provider>
  );
}
