import {
  ARGUMENT_SCHEMAS,
  type OperationName,
  type TerminalApi,
  type TerminalApiEvent,
} from '../../contract/terminal-api';

type Envelope = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

/** An error from the terminal service, with its contract code ('locked', 'invalid_argument'...). */
export class TerminalError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

declare global {
  interface Window {
    /** Electron's preload bridge exposes the TerminalApi here. */
    civicpass?: TerminalApi;
    /** Electron only: leaving the kiosk, allowed by the main process only while staff are unlocked. */
    civicpassShell?: { exitKiosk(): Promise<boolean> };
  }
}

/**
 * The TerminalApi over the browser host: POST /api/call/{operation} with the per-start secret
 * (from the URL fragment, then removed from the address bar), and Server-Sent Events for events.
 */
function browserHostClient(): TerminalApi {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const secret = fragment.get('secret') ?? sessionStorage.getItem('civicpass-secret') ?? '';
  sessionStorage.setItem('civicpass-secret', secret);
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  const call = async (op: OperationName, arg?: unknown): Promise<unknown> => {
    const res = await fetch(`/api/call/${op}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-civicpass-secret': secret },
      body: JSON.stringify({ arg }),
    });
    if (!res.ok) throw new TerminalError('unavailable', `The terminal service answered ${res.status}.`);
    const envelope = (await res.json()) as Envelope;
    if (!envelope.ok) throw new TerminalError(envelope.error.code, envelope.error.message);
    return envelope.value;
  };
  const api: Record<string, unknown> = {};
  for (const op of Object.keys(ARGUMENT_SCHEMAS) as OperationName[]) api[op] = (arg?: unknown) => call(op, arg);
  api['subscribe'] = (listener: (e: TerminalApiEvent) => void) => {
    const source = new EventSource(`/api/events?secret=${encodeURIComponent(secret)}`);
    source.onmessage = (m: MessageEvent<string>) => listener(JSON.parse(m.data) as TerminalApiEvent);
    return () => source.close();
  };
  return api as unknown as TerminalApi;
}

/** Electron's preload bridge when present, else the browser host. */
export function connect(): TerminalApi {
  return window.civicpass ?? browserHostClient();
}
