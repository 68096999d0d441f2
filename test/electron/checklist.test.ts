/**
 * A static check of the Electron shell against Electron's security checklist: it reads the window
 * options and the shell's sources, and fails if a setting is weakened.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { windowOptions } from '../../electron/main/window-options';
import { ROOT } from '../support/cli';

const main = readFileSync(join(ROOT, 'electron/main/index.ts'), 'utf8');
const preload = readFileSync(join(ROOT, 'electron/preload/index.ts'), 'utf8');

describe('Electron security checklist', () => {
  it('the window isolates the page: context isolation, sandbox, no Node anywhere', () => {
    for (const dev of [false, true]) {
      const w = windowOptions('/preload.cjs', dev).webPreferences;
      expect(w).toMatchObject({
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        experimentalFeatures: false,
        navigateOnDragDrop: false,
      });
      expect(w.enableBlinkFeatures).toBeUndefined();
    }
  });

  it('production is a kiosk without devtools; --dev is a normal window with them', () => {
    expect(windowOptions('/p', false)).toMatchObject({
      kiosk: true,
      fullscreen: true,
      webPreferences: { devTools: false },
    });
    expect(windowOptions('/p', true)).toMatchObject({
      kiosk: false,
      fullscreen: false,
      webPreferences: { devTools: true },
    });
  });

  it('the main process wires every guard', () => {
    for (const wiring of [
      'setWindowOpenHandler',
      "'will-navigate'",
      "'will-redirect'",
      "'will-attach-webview'",
      'setPermissionRequestHandler',
      'setPermissionCheckHandler',
      'protocol.handle(APP_SCHEME',
      'content-security-policy',
      'requestSingleInstanceLock',
      "powerSaveBlocker.start('prevent-display-sleep')",
      "'render-process-gone'",
      "'before-input-event'",
    ]) {
      expect(main, wiring).toContain(wiring);
    }
    expect(main).not.toMatch(/loadFile\(|file:\/\//);
  });

  it('the preload exposes the API functions, never ipcRenderer itself', () => {
    expect(preload).toContain("contextBridge.exposeInMainWorld('civicpass', api)");
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\s*\)/);
    expect(preload).not.toMatch(/exposeInMainWorld\('[^']+',\s*ipcRenderer/);
    // Listeners get the payload only, never Electron's event object.
    expect(preload).toMatch(/listener\(payload\b/);
    // Refusals cross as plain objects: contextBridge would drop the code from an Error.
    expect(preload).not.toMatch(/new Error\(/);
    expect(preload).toContain('Promise.reject({ code, message, detail })');
  });

  it('packaging sets the fuses and unpacks native modules', () => {
    const yml = parse(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
    expect(yml['electronFuses']).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableNodeCliInspectArguments: false,
    });
    expect(JSON.stringify(yml['asarUnpack'])).toContain('better-sqlite3');
  });
});
