import { useCallback, useEffect, useRef, useState } from 'react';
import type { ScanResult, StaffCall, TerminalApi, TerminalSettings, TerminalStatus } from '../../contract/terminal-api';

/** A short message on the Ready screen that is not a result. */
export type Notice = 'incomplete' | 'storageFull';

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
  /** Help calls from the venue's kiosks that these staff have not dismissed. */
  staffCalls: readonly StaffCall[];
  dismissStaffCall: (id: string) => void;
  /** A keyboard-wedge scanner's last read in this page (it has no device to list). */
  wedgeSeenAt: number | null;
  noteWedgeScan: () => void;
  refresh: () => Promise<void>;
  clearResult: () => void;
  recall: () => void;
}

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
  const staffCallListener = useRef(onStaffCall);
  staffCallListener.current = onStaffCall;

  const refresh = useCallback(async () => {
    const [s, t] = await Promise.all([api.getStatus(), api.getSettings()]);
    setStatus(s);
    setSettings(t);
  }, [api]);

  const showNotice = useCallback((n: Notice) => {
    setNotice(n);
    window.clearTimeout(noticeTimer.current);
    noticeTimer.current = window.setTimeout(() => setNotice(null), NOTICE_MS);
  }, []);

  useEffect(() => {
    refresh().catch(() => undefined);
    // After a scan, status (queue depth, today's count) is refreshed a little later, coalesced,
    // so that painting the result never competes with it.
    let pending: number | undefined;
    const refreshSoon = (): void => {
      window.clearTimeout(pending);
      pending = window.setTimeout(() => void refresh().catch(() => undefined), 400);
    };
    const unsubscribe = api.subscribe((event) => {
      if (event.type === 'scan') {
        setShown({ result: event.result, seq: ++seq.current, recalled: false });
        setLast(event.result);
        setNotice(null);
        refreshSoon();
      } else if (event.type === 'scan-incomplete') {
        showNotice('incomplete');
      } else if (event.type === 'staff-call') {
        staffCallListener.current(event.call);
        refreshSoon();
      } else {
        refreshSoon();
      }
    });
    const timer = window.setInterval(() => void refresh().catch(() => undefined), 30_000);
    return () => {
      unsubscribe();
      window.clearInterval(timer);
      window.clearTimeout(pending);
      window.clearTimeout(noticeTimer.current);
    };
  }, [api, refresh, showNotice]);

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
    showNotice,
    staffCalls: (status?.staffCalls ?? []).filter((c) => !dismissed.has(c.id)),
    dismissStaffCall,
    wedgeSeenAt,
    noteWedgeScan,
    refresh,
    clearResult,
    recall,
  };
}
