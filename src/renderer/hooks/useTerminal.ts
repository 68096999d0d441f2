import { useCallback, useEffect, useRef, useState } from 'react';
import {
  isStartupProblem,
  type LibraryAccount,
  type LibrarySession,
  type ScanResult,
  type StaffCall,
  type StartupProblem,
  type TerminalApi,
  type TerminalSettings,
  type TerminalStatus,
} from '../../contract/terminal-api';
import type { ApiErrorCode } from '../../contract/validate';
import { asTerminalError } from '../api/terminal-error';
import { useLatest } from './useLatest';

/**
 * A short message on the Ready screen that is not a result: a scan cut short, or the code of
 * something the terminal refused (a scan it could not record, a status it could not give).
 */
export type Notice = 'incomplete' | ApiErrorCode;

/** A result on screen, and how it got there. */
export interface ShownResult {
  readonly result: ScanResult;
  /** Increments on each showing, so a repeat of the same card shows (and counts down) afresh. */
  readonly seq: number;
  /** Staff asked to see the last result again (nothing was scanned). */
  readonly recalled: boolean;
}

export interface TerminalView {
  status: TerminalStatus | null;
  settings: TerminalSettings | null;
  shown: ShownResult | null;
  /** The last result, kept after it left the screen so staff can recall it. */
  last: ScanResult | null;
  notice: Notice | null;
  showNotice: (notice: Notice) => void;
  /** The terminal could not start: why (the page shows its out-of-order screen). */
  startupProblem: StartupProblem | null;
  /** Help calls from the venue's kiosks that these staff have not dismissed. */
  staffCalls: readonly StaffCall[];
  dismissStaffCall: (id: string) => void;
  /** A keyboard-wedge scanner's last read in this page (it has no device to list). */
  wedgeSeenAt: number | null;
  noteWedgeScan: () => void;
  /** Reads status and settings again; a refusal becomes a notice (or the out-of-order screen), never lost. */
  refresh: () => Promise<void>;
  clearResult: () => void;
  recall: () => void;
  /** The library system's answers for recent results, by eventId (an answer may beat its result). */
  accounts: ReadonlyMap<string, LibraryAccount>;
  /** A resident's self-service borrowing session, while one is open. */
  librarySession: LibrarySession | null;
}

/** Answers for the last few results are enough: only the one on screen is shown. */
const ACCOUNTS_KEPT = 8;

const NOTICE_MS = 4000;

/** Status, settings and scan results of the terminal, kept current from its event stream. */
export function useTerminal(api: TerminalApi, onStaffCall: (call: StaffCall) => void): TerminalView {
  const [status, setStatus] = useState<TerminalStatus | null>(null);
  const [settings, setSettings] = useState<TerminalSettings | null>(null);
  const [shown, setShown] = useState<ShownResult | null>(null);
  const [last, setLast] = useState<ScanResult | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const [wedgeSeenAt, setWedgeSeenAt] = useState<number | null>(null);
  const seq = useRef(0);
  const noticeTimer = useRef<number | undefined>(undefined);
  const [startupProblem, setStartupProblem] = useState<StartupProblem | null>(null);
  const staffCallListener = useLatest(onStaffCall);
  const [accounts, setAccounts] = useState<ReadonlyMap<string, LibraryAccount>>(new Map());
  const [librarySession, setLibrarySession] = useState<LibrarySession | null>(null);

  const showNotice = useCallback((n: Notice) => {
    setNotice(n);
    window.clearTimeout(noticeTimer.current);
    noticeTimer.current = window.setTimeout(() => setNotice(null), NOTICE_MS);
  }, []);

  const refresh = useCallback(async () => {
    try {
      const [s, t] = await Promise.all([api.getStatus(), api.getSettings()]);
      setStatus(s);
      setSettings(t);
      setStartupProblem(null);
    } catch (error) {
      const e = asTerminalError(error);
      if (e.code === 'not_started') setStartupProblem(isStartupProblem(e.detail) ? e.detail : 'failed');
      // A terminal that is not answering has its own screen (the connection's state).
      else if (e.code !== 'unavailable') showNotice(e.code);
    }
  }, [api, showNotice]);

  useEffect(() => {
    void refresh();
    // A page that (re)loaded picks up a borrowing session the service still holds, unless an event
    // about the session came first (it is newer than this answer).
    let sessionEvents = 0;
    const asked = sessionEvents;
    api.getLibrarySession().then(
      (session) => {
        if (sessionEvents === asked) setLibrarySession(session);
      },
      // A terminal that cannot answer says why through refresh (a notice, or its out-of-order page).
      () => undefined,
    );
    // After a scan, status (queue depth, today's count) is refreshed a little later, coalesced,
    // so that painting the result never competes with it.
    let pending: number | undefined;
    const refreshSoon = (): void => {
      window.clearTimeout(pending);
      pending = window.setTimeout(() => void refresh(), 400);
    };
    const unsubscribe = api.subscribe((event) => {
      if (event.type === 'scan') {
        setShown({ result: event.result, seq: ++seq.current, recalled: false });
        setLast(event.result);
        setNotice(null);
        refreshSoon();
      } else if (event.type === 'scan-incomplete') {
        showNotice('incomplete');
      } else if (event.type === 'scan-refused') {
        // A USB or NFC read the terminal refused: whoever scanned is told, never left waiting.
        showNotice(event.code);
        refreshSoon();
      } else if (event.type === 'library-account') {
        setAccounts((before) => {
          const next = new Map(before).set(event.eventId, event.account);
          for (const id of next.keys()) if (next.size > ACCOUNTS_KEPT) next.delete(id);
          return next;
        });
      } else if (event.type === 'library-session') {
        sessionEvents++;
        setLibrarySession(event.session);
        // A session that ended leaves nothing behind on screen either.
        if (event.session === null) setAccounts(new Map());
      } else if (event.type === 'staff-call') {
        staffCallListener.current(event.call);
        refreshSoon();
      } else {
        refreshSoon();
      }
    });
    const timer = window.setInterval(() => void refresh(), 30_000);
    return () => {
      unsubscribe();
      window.clearInterval(timer);
      window.clearTimeout(pending);
      window.clearTimeout(noticeTimer.current);
    };
  }, [api, refresh, showNotice, staffCallListener]);

  const clearResult = useCallback(() => setShown(null), []);
  const recall = useCallback(() => {
    if (last) setShown({ result: last, seq: ++seq.current, recalled: true });
  }, [last]);
  const dismissStaffCall = useCallback((id: string) => setDismissed((d) => new Set(d).add(id)), []);
  const noteWedgeScan = useCallback(() => setWedgeSeenAt(Date.now() / 1000), []);

  return {
    status,
    settings,
    shown,
    last,
    notice,
    startupProblem,
    showNotice,
    staffCalls: (status?.staffCalls ?? []).filter((c) => !dismissed.has(c.id)),
    dismissStaffCall,
    wedgeSeenAt,
    noteWedgeScan,
    refresh,
    clearResult,
    recall,
    accounts,
    librarySession,
  };
}
