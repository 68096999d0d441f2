import { useCallback, useEffect, useState } from 'react';
import type { TerminalApi, TerminalSettings, TerminalStatus, ScanResult } from '../../contract/terminal-api';

export interface TerminalView {
  status: TerminalStatus | null;
  settings: TerminalSettings | null;
  lastResult: ScanResult | null;
  /** Increments on each new result, so a repeat of the same card still shows afresh. */
  resultSeq: number;
  notice: string | null;
  refresh: () => Promise<void>;
  clearResult: () => void;
}

/** Status, settings and scan results of the terminal, kept current from its event stream. */
export function useTerminal(api: TerminalApi): TerminalView {
  const [status, setStatus] = useState<TerminalStatus | null>(null);
  const [settings, setSettings] = useState<TerminalSettings | null>(null);
  const [lastResult, setLastResult] = useState<ScanResult | null>(null);
  const [resultSeq, setResultSeq] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    const [s, t] = await Promise.all([api.getStatus(), api.getSettings()]);
    setStatus(s);
    setSettings(t);
  }, [api]);

  useEffect(() => {
    void refresh();
    // After a scan, status (queue depth) is refreshed a little later, coalesced, so that painting
    // the result never competes with it.
    let pending: number | undefined;
    const refreshSoon = (): void => {
      window.clearTimeout(pending);
      pending = window.setTimeout(() => void refresh(), 400);
    };
    const unsubscribe = api.subscribe((event) => {
      if (event.type === 'scan') {
        setLastResult(event.result);
        setResultSeq((n) => n + 1);
        refreshSoon();
      } else if (event.type === 'scan-ignored') {
        setNotice('duplicate');
        window.setTimeout(() => setNotice(null), 2500);
      } else {
        void refresh();
      }
    });
    const timer = window.setInterval(() => void refresh(), 30_000);
    return () => {
      unsubscribe();
      window.clearInterval(timer);
      window.clearTimeout(pending);
    };
  }, [api, refresh]);

  return { status, settings, lastResult, resultSeq, notice, refresh, clearResult: () => setLastResult(null) };
}
