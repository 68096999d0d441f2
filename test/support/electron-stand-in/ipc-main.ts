/**
 * Electron's ipcMain, for `invoke` calls: one handler per channel (a second one throws, as in
 * Electron), arguments and answers structured-cloned both ways, and Electron's messages when a
 * channel has no handler or the handler throws.
 */
import { EventEmitter } from 'node:events';
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { strict } from './strict';

type Handler = Parameters<IpcMain['handle']>[1];

class StandInIpcMain extends EventEmitter implements Pick<IpcMain, 'handle' | 'removeHandler'> {
  readonly handlers = new Map<string, Handler>();

  handle(channel: string, listener: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** What the renderer's `ipcRenderer.invoke(channel, ...args)` gets back, or its error message. */
  async invoke(channel: string, event: IpcMainInvokeEvent, args: readonly unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler)
      throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
    try {
      return structuredClone(await (handler(event, ...structuredClone(args)) as unknown));
    } catch (e) {
      throw new Error(`Error invoking remote method '${channel}': ${String(e)}`, { cause: e });
    }
  }
}

export const ipcMainStandIn = new StandInIpcMain();
export const ipcMain = strict('ipcMain', ipcMainStandIn);
