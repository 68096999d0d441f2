/**
 * Preload: exposes the TerminalApi to the page through contextBridge, one function per
 * operation (filled in by the Electron shell issue). Nothing of Node or ipcRenderer leaks.
 */
import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('civicpassHost', { kind: 'electron' });
