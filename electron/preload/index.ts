/**
 * Preload: exposes exactly the TerminalApi through contextBridge, one function per operation.
 * The page never sees ipcRenderer or Electron's event objects; answers come back as envelopes
 * and are unwrapped here into values or errors with the contract's codes.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { ARGUMENT_SCHEMAS } from '../../src/contract/terminal-api';

type Envelope = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

/** One function per operation of the contract, and nothing else. */
const OPERATIONS = Object.keys(ARGUMENT_SCHEMAS);

async function call(op: string, arg: unknown): Promise<unknown> {
  const envelope = (await ipcRenderer.invoke(`civicpass:${op}`, arg)) as Envelope;
  if (envelope.ok) return envelope.value;
  const error = new Error(envelope.error.message) as Error & { code: string };
  error.code = envelope.error.code;
  throw error;
}

const api: Record<string, unknown> = {};
for (const op of OPERATIONS) api[op] = (arg?: unknown) => call(op, arg);
api['subscribe'] = (listener: (event: unknown) => void) => {
  const wrapped = (_e: unknown, payload: unknown): void => listener(payload);
  ipcRenderer.on('civicpass-event', wrapped);
  return () => ipcRenderer.removeListener('civicpass-event', wrapped);
};

contextBridge.exposeInMainWorld('civicpass', api);
contextBridge.exposeInMainWorld('civicpassShell', {
  exitKiosk: () => ipcRenderer.invoke('civicpass-shell:exit') as Promise<boolean>,
});
