import { useCallback, useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { StaffCall, TerminalApi } from '../contract/terminal-api';
import type { Connection } from './api/client';
import { asTerminalError } from './api/terminal-error';
import { CallStaffButton } from './components/CallStaffButton';
import { StaffCallBanner } from './components/StaffCallBanner';
import { playChime, playOutcome, setVolume } from './feedback/sounds';
import { useCamera } from './hooks/useCamera';
import { useIdleReturn } from './hooks/useIdleReturn';
import { useTerminal } from './hooks/useTerminal';
import { useWedge } from './hooks/useWedge';
import { catalogueFor, I18nContext, fill } from './i18n';
import { AdminScreen } from './screens/AdminScreen';
import { ConnectionScreen } from './screens/ConnectionScreen';
import { HistoryScreen } from './screens/HistoryScreen';
import { ReadyScreen } from './screens/ReadyScreen';
import { ResultScreen } from './screens/ResultScreen';
import { StartupFailureScreen } from './screens/StartupFailureScreen';
import { SelfServiceReady } from './screens/SelfServiceReady';
import { StatusScreen } from './screens/StatusScreen';

type Screen = 'ready' | 'history' | 'status' | 'admin';
const SCREENS: readonly Screen[] = ['ready', 'history', 'status', 'admin'];

/** Announces each shown result to the page (tests and the latency benchmark wait on it). */
function announce(eventId: string, repeat: boolean): void {
  window.dispatchEvent(
    new CustomEvent('civicpass:result-painted', { detail: { eventId, repeat, at: performance.now() } }),
  );
}

/** The page: the terminal, and over it, words for when the terminal cannot be reached. */
export function App({ connection }: { connection: Connection }) {
  const subscribe = useCallback((listener: () => void) => connection.onChange(listener), [connection]);
  const state = useSyncExternalStore(subscribe, connection.state);
  return (
    <>
      <Terminal api={connection.api} inert={state !== 'ok'} />
      {state !== 'ok' && <ConnectionScreen state={state} />}
    </>
  );
}

function Terminal({ api, inert }: { api: TerminalApi; inert: boolean }) {
  const [screen, setScreen] = useState<Screen>('ready');
  const [cameraOn, setCameraOn] = useState(false);
  const [lastWedgeScan, setLastWedgeScan] = useState<string | null>(null);
  /** A resident's own language choice at a self-service kiosk, until it goes idle. */
  const [residentLang, setResidentLang] = useState<string | null>(null);
  const selfServiceRef = useRef(false);
  // Other kiosks' calls for help chime on staff screens only (decision 53).
  const onStaffCall = useCallback((_call: StaffCall) => {
    if (!selfServiceRef.current) playChime();
  }, []);
  const view = useTerminal(api, onStaffCall);
  const { status, settings, shown, clearResult, showNotice, noteWedgeScan, refresh } = view;
  const selfService = settings?.selfService ?? false;
  useLayoutEffect(() => {
    selfServiceRef.current = selfService;
  }, [selfService]);
  const t = catalogueFor((selfService ? residentLang : null) ?? settings?.language ?? 'en');

  /** A scan the terminal refused gets words on screen, never silence. */
  const refused = useCallback(
    (e: unknown) => {
      showNotice(asTerminalError(e).code);
      void refresh();
    },
    [showNotice, refresh],
  );
  const onWedgeScan = useCallback(
    (text: string) => {
      setLastWedgeScan(text);
      noteWedgeScan();
      api.submitScan({ text, source: 'keyboard' }).catch((e: unknown) => refused(e));
    },
    [api, noteWedgeScan, refused],
  );
  useWedge(
    { onScan: onWedgeScan, onIncomplete: () => showNotice('incomplete') },
    { scanGapMs: settings?.wedgeScanGapMs ?? 150 },
  );
  const onCameraCode = useCallback(
    (text: string) => void api.submitScan({ text, source: 'camera' }).catch((e: unknown) => refused(e)),
    [api, refused],
  );
  const camera = useCamera(cameraOn, settings?.cameraDeviceId ?? null, onCameraCode);

  useEffect(() => setVolume(settings?.volume ?? 80), [settings?.volume]);

  // A scan arriving on any screen shows its result; each outcome has its own sound.
  useEffect(() => {
    if (!shown) return;
    if (!shown.recalled) playOutcome(shown.result.outcome);
    requestAnimationFrame(() => requestAnimationFrame(() => announce(shown.result.eventId, shown.result.repeat)));
  }, [shown]);

  useEffect(() => {
    document.documentElement.lang = t.lang;
    document.documentElement.dir = t.dir;
    document.title = t.ui.appName;
  }, [t]);

  const idleLeft = useIdleReturn(selfService, screen !== 'ready' || shown !== null || residentLang !== null, () => {
    setScreen('ready');
    clearResult();
    setResidentLang(null);
  });

  // Keys: Ctrl+Alt+S opens Admin (a staff card's scanner can send it; never a visible button in
  // self-service); F2 shows the last result again, for staff only.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.ctrlKey && e.altKey && e.code === 'KeyS') {
        clearResult();
        setScreen('admin');
      } else if (e.key === 'F2' && !selfService) {
        e.preventDefault();
        view.recall();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [clearResult, selfService, view]);

  const done = useCallback(() => {
    clearResult();
    setScreen('ready');
  }, [clearResult]);

  if (view.startupProblem) {
    return <StartupFailureScreen problem={view.startupProblem} inert={inert} />;
  }
  if (!status || !settings) {
    return (
      <main className="loading" aria-busy="true" inert={inert}>
        <p>{t.ui.appName}</p>
        <p role="status">{view.notice && view.notice !== 'incomplete' ? t.errors[view.notice] : ''}</p>
      </main>
    );
  }

  const callStaff = <CallStaffButton api={api} />;
  const outOfOrder = !status.usable && selfService && screen !== 'admin';
  return (
    <I18nContext.Provider value={t}>
      <div className="app" inert={inert}>
        {!selfService && !shown && (
          <header className="top-bar">
            <p className="brand">{t.ui.appName}</p>
            <nav aria-label={t.ui.appName}>
              <ul>
                {SCREENS.map((s) => (
                  <li key={s}>
                    <button
                      type="button"
                      className="nav-button"
                      aria-current={screen === s ? 'page' : undefined}
                      onClick={() => setScreen(s)}
                    >
                      {t.ui[s]}
                    </button>
                  </li>
                ))}
              </ul>
            </nav>
          </header>
        )}
        {!selfService && <StaffCallBanner calls={view.staffCalls} onDismiss={view.dismissStaffCall} />}
        <main id="main" className={`screen screen-${shown ? 'result' : screen}`}>
          {shown ? (
            <ResultScreen
              key={shown.seq}
              api={api}
              result={shown.result}
              recalled={shown.recalled}
              settings={settings}
              onDone={done}
              callStaff={callStaff}
            />
          ) : outOfOrder ? (
            <section className="out-of-order" aria-labelledby="ooo-title">
              <h1 id="ooo-title">{t.ui.outOfOrderTitle}</h1>
              <p>{t.ui.outOfOrderBody}</p>
              {callStaff}
            </section>
          ) : screen === 'ready' && selfService ? (
            <SelfServiceReady
              camera={camera}
              cameraOn={cameraOn}
              notice={view.notice}
              languages={status.venue.languages}
              onLanguage={setResidentLang}
              callStaff={callStaff}
            />
          ) : screen === 'ready' ? (
            <ReadyScreen
              api={api}
              status={status}
              camera={camera}
              cameraOn={cameraOn}
              onToggleCamera={() => setCameraOn((c) => !c)}
              notice={view.notice}
              wedgeSeenAt={view.wedgeSeenAt}
              onRecall={view.last ? view.recall : null}
            />
          ) : screen === 'history' ? (
            <HistoryScreen api={api} refreshKey={shown ? 0 : status.scansToday} />
          ) : screen === 'status' ? (
            <StatusScreen api={api} status={status} wedgeSeenAt={view.wedgeSeenAt} />
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
              {fill(t.ui.backInSeconds, { seconds: idleLeft }, t.lang)}
            </p>
          )}
        </main>
      </div>
    </I18nContext.Provider>
  );
}
