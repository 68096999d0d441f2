import { useCallback, useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { BorrowedItem, StaffCall, TerminalApi } from '../contract/terminal-api';
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
import { BorrowScreen } from './screens/BorrowScreen';
import { BorrowSummary } from './screens/BorrowSummary';
import { ConnectionScreen } from './screens/ConnectionScreen';
import { HistoryScreen } from './screens/HistoryScreen';
import { ReadyScreen } from './screens/ReadyScreen';
import { ResultScreen } from './screens/ResultScreen';
import { StartupFailureScreen } from './screens/StartupFailureScreen';
import { SelfServiceReady } from './screens/SelfServiceReady';
import { StatusScreen } from './screens/StatusScreen';

type Screen = 'ready' | 'history' | 'status' | 'admin';
/** A resident borrowing may stand still longer than one reading a result: choosing, stacking books. */
const BORROW_IDLE_MS = 60_000;
const SCREENS: readonly Screen[] = ['ready', 'history', 'status', 'admin'];

/** Announces each shown result to the page (tests and the latency benchmark wait on it). */
function announce(eventId: string, repeat: boolean): void {
  window.dispatchEvent(
    new CustomEvent('civicpass:result-painted', { detail: { eventId, repeat, at: performance.now() } }),
  );
}

/**
 * Announces once the frame showing the result is painted: a message posted from a frame callback
 * is handled after that frame's rendering (the usual after-paint approximation), a frame sooner
 * than a second requestAnimationFrame, which waits for the start of the frame after.
 */
function announceAfterPaint(eventId: string, repeat: boolean): void {
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      announce(eventId, repeat);
    };
    channel.port2.postMessage(null);
  });
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
  // A kiosk residents use themselves: by the staff setting, or by its venue's role (as the service
  // decides what a result may show).
  const selfService = (settings?.selfService ?? false) || status?.venue.role === 'self_service';
  const session = view.librarySession;
  /** Finish was pressed: what was borrowed, shown once the session itself has ended. */
  const [summary, setSummary] = useState<readonly BorrowedItem[] | null>(null);
  const [finishing, setFinishing] = useState(false);
  // During a borrowing session every scan is an item (labels may look like library numbers).
  const borrowing = session !== null && selfService;
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
  const submit = useCallback(
    (text: string, source: 'keyboard' | 'camera') => {
      const work = borrowing ? api.borrowItem({ itemId: text }) : api.submitScan({ text, source });
      work.catch((e: unknown) => refused(e));
    },
    [api, borrowing, refused],
  );
  const onWedgeScan = useCallback(
    (text: string) => {
      setLastWedgeScan(text);
      noteWedgeScan();
      submit(text, 'keyboard');
    },
    [noteWedgeScan, submit],
  );
  useWedge(
    { onScan: onWedgeScan, onIncomplete: () => showNotice('incomplete') },
    { scanGapMs: settings?.wedgeScanGapMs ?? 150 },
  );
  const onCameraCode = useCallback((text: string) => submit(text, 'camera'), [submit]);
  const camera = useCamera(cameraOn, settings?.cameraDeviceId ?? null, onCameraCode);

  useEffect(() => setVolume(settings?.volume ?? 80), [settings?.volume]);

  // A scan arriving on any screen shows its result; each outcome has its own sound.
  useEffect(() => {
    if (!shown) return;
    if (!shown.recalled) playOutcome(shown.result.outcome);
    announceAfterPaint(shown.result.eventId, shown.result.repeat);
  }, [shown]);

  useEffect(() => {
    document.documentElement.lang = t.lang;
    document.documentElement.dir = t.dir;
    document.title = t.ui.appName;
  }, [t]);

  const backToStart = useCallback(() => {
    setScreen('ready');
    clearResult();
    setSummary(null);
    setResidentLang(null);
  }, [clearResult]);
  /** Ends the session in the service; tried twice, since a session left open would take the next resident's scans. */
  const endSession = useCallback(async (): Promise<readonly BorrowedItem[] | null> => {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        return (await api.endLibrarySession()).items;
      } catch (e) {
        if (attempt === 1) refused(e);
      }
    }
    return null;
  }, [api, refused]);
  const idleLeft = useIdleReturn(
    selfService,
    screen !== 'ready' || shown !== null || residentLang !== null || session !== null || summary !== null,
    () => {
      // A resident who walked away: their session ends, and nothing of it stays on screen.
      if (session !== null) void endSession();
      backToStart();
    },
    { idleMs: session !== null ? BORROW_IDLE_MS : undefined, activity: session?.items.length },
  );

  // The service ended the session by itself (its own time-out): back to the start for the next resident.
  const hadSession = useRef(false);
  useEffect(() => {
    // (Not when Finish ended it: the summary follows, set with `finishing` cleared in one update.)
    if (session === null && hadSession.current && summary === null && !finishing) backToStart();
    hadSession.current = session !== null;
  }, [session, summary, finishing, backToStart]);

  // Finish: the service answers once the checkouts under way have; its list is the summary's.
  const finish = useCallback(() => {
    const shown = session?.items ?? [];
    setFinishing(true);
    void endSession().then((items) => {
      setFinishing(false);
      setSummary(items ?? shown);
    });
  }, [endSession, session]);

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
        <main
          id="main"
          className={`screen screen-${summary ? 'summary' : session && selfService ? 'borrow' : shown ? 'result' : screen}`}
        >
          {summary ? (
            <BorrowSummary items={summary} onDone={backToStart} returnMs={settings.autoReturnValidMs} />
          ) : session && selfService && screen !== 'admin' ? (
            <BorrowScreen api={api} session={session} onFinish={finish} finishing={finishing} callStaff={callStaff} />
          ) : shown ? (
            <ResultScreen
              key={shown.seq}
              api={api}
              result={shown.result}
              recalled={shown.recalled}
              settings={settings}
              resident={selfService}
              onDone={done}
              callStaff={callStaff}
              account={view.accounts.get(shown.result.eventId)}
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
