import { bridgeApi } from '../../contract/bridge';
import type { Envelope } from '../../contract/dispatch';
import type { OperationName, TerminalApi, TerminalApiEvent } from '../../contract/terminal-api';
import { asTerminalError, TerminalError } from './terminal-error';

export { TerminalError } from './terminal-error';

/**
 * Whether this page can reach its terminal. The browser host's secret is made anew at each start,
 * so a tab left open across a restart (`staleSecret`) or opened without it (`noSecret`) can never
 * work again by itself, and must say so; `lost` means the terminal is not answering at all.
 */
export type ConnectionState = 'ok' | 'staleSecret' | 'noSecret' | 'lost';

export interface Connection {
  readonly api: TerminalApi;
  readonly state: () => ConnectionState;
  onChange(listener: (state: ConnectionState) => void): () => void;
}

declare global {
  interface Window {
    /** Electron's preload bridge exposes the TerminalApi here. */
    civicpass?: TerminalApi;
    /** Electron only: leaving the kiosk, allowed by the main process only while staff are unlocked. */
    civicpassShell?: { exitKiosk(): Promise<boolean> };
  }
}

const PROBE_EVERY_MS = 2000;

/**
 * The TerminalApi over the browser host: POST /api/call/{operation} with the per-start secret
 * (from the URL fragment, then removed from the address bar), and Server-Sent Events for events.
 * Watches the connection so the page can say what happened instead of silently doing nothing.
 */
function browserHostConnection(): Connection {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const secret = fragment.get('secret') ?? sessionStorage.getItem('civicpass-secret') ?? '';
  if (secret !== '') sessionStorage.setItem('civicpass-secret', secret);
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);

  let state: ConnectionState = secret === '' ? 'noSecret' : 'ok';
  const listeners = new Set<(s: ConnectionState) => void>();
  let probe: number | undefined;
  const setState = (next: ConnectionState): void => {
    if (next === state) return;
    state = next;
    for (const l of listeners) l(next);
  };

  const call = async (op: OperationName, arg?: unknown): Promise<unknown> => {
    let res: Response;
    try {
      res = await fetch(`/api/call/${op}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-civicpass-secret': secret },
        body: JSON.stringify({ arg }),
      });
    } catch {
      lost();
      throw new TerminalError('unavailable', 'The terminal is not answering.');
    }
    if (res.status === 401) {
      setState(secret === '' ? 'noSecret' : 'staleSecret');
      throw new TerminalError('unavailable', 'This page no longer has the terminal’s key.');
    }
    if (!res.ok) throw new TerminalError('unavailable', `The terminal service answered ${res.status}.`);
    const envelope = (await res.json()) as Envelope;
    if (!envelope.ok) throw asTerminalError(envelope.error);
    return envelope.value;
  };

  /** Not answering: ask again every few seconds until it answers (or turns out to have restarted). */
  const lost = (): void => {
    if (state === 'staleSecret' || state === 'noSecret') return;
    setState('lost');
    if (probe !== undefined) return;
    probe = window.setInterval(() => {
      void call('getStatus').then(
        () => setState('ok'),
        () => undefined,
      );
    }, PROBE_EVERY_MS);
  };
  listeners.add((s) => {
    if (s !== 'lost' && probe !== undefined) {
      window.clearInterval(probe);
      probe = undefined;
    }
  });

  const api = bridgeApi(call, (listener: (e: TerminalApiEvent) => void) => {
    const source = new EventSource(`/api/events?secret=${encodeURIComponent(secret)}`);
    source.onmessage = (m: MessageEvent<string>) => listener(JSON.parse(m.data) as TerminalApiEvent);
    source.onopen = () => setState('ok');
    // The stream drops when the terminal stops or restarts; a probe call tells which.
    source.onerror = () => void call('getStatus').catch(() => undefined);
    return () => source.close();
  });
  return {
    api,
    state: () => state,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * Electron's preload bridge, its refusals turned back into TerminalErrors (they cross the bridge
 * as plain objects).
 */
function electronConnection(bridge: TerminalApi): Connection {
  const operations = bridge as unknown as Record<OperationName, (arg?: unknown) => Promise<unknown>>;
  const api = bridgeApi(
    (op, arg) =>
      operations[op](arg).catch((e: unknown) => {
        throw asTerminalError(e);
      }),
    (listener) => bridge.subscribe(listener),
  );
  return { api, state: () => 'ok', onChange: () => () => undefined };
}

/** Electron's preload bridge when present (always connected), else the browser host. */
export function connect(): Connection {
  const bridge = window.civicpass;
  return bridge ? electronConnection(bridge) : browserHostConnection();
}
