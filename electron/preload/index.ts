/**
 * Preload: exposes exactly the TerminalApi through contextBridge, one function per operation.
 * The page never sees ipcRenderer or Electron's event objects; answers come back as envelopes
 * and are unwrapped here into values or errors with the contract's codes.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { bridgeApi } from '../../src/contract/bridge';
import { CHANNEL_PREFIX, EVENT_CHANNEL, type Envelope } from '../../src/contract/dispatch';
import type { OperationName, TerminalApiEvent } from '../../src/contract/terminal-api';

/**
 * Answers the value, or rejects with the envelope's error as a plain object: contextBridge copies
 * an Error across with its message only, so a `code` on an Error would never reach the page.
 * The page's client turns the object back into a TerminalError.
 */
async function call(op: OperationName, arg: unknown): Promise<unknown> {
  const envelope = (await ipcRenderer.invoke(`${CHANNEL_PREFIX}${op}`, arg)) as Envelope;
  if (envelope.ok) return envelope.value;
  const { code, message, detail } = envelope.error;
  // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- see above
  return Promise.reject({ code, message, detail });
}

/** One function per operation of the contract, and nothing else (checked by the compiler). */
const api = bridgeApi(call, (listener) => {
  const wrapped = (_e: unknown, payload: unknown): void => listener(payload as TerminalApiEvent);
  ipcRenderer.on(EVENT_CHANNEL, wrapped);
  return () => ipcRenderer.removeListener(EVENT_CHANNEL, wrapped);
});

contextBridge.exposeInMainWorld('civicpass', api);
contextBridge.exposeInMainWorld('civicpassShell', {
  exitKiosk: () => ipcRenderer.invoke('civicpass-shell:exit') as Promise<boolean>,
});
