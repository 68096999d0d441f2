/**
 * What `import { ... } from 'electron'` gives the main bundle under test (hooks.ts maps the
 * specifier here): the parts of Electron 45's main-process API that electron/main uses, one
 * file each. A name main imports that is not exported here fails when the bundle is linked; a
 * member it reads that a stand-in lacks throws (strict.ts).
 */
export { app } from './app';
export { BrowserWindow } from './browser-window';
export { ipcMain } from './ipc-main';
export { powerSaveBlocker } from './power-save-blocker';
export { protocol } from './protocol';
export { safeStorage } from './safe-storage';
export { session } from './session';
