/**
 * Electron main process: lifecycle and wiring only. The security decisions live in guards.ts
 * and the IPC logic in ipc-bridge.ts, both unit-tested in Node; this file connects them to
 * Electron's APIs.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, powerSaveBlocker, protocol, safeStorage, session } from 'electron';
import { installFastBase64 } from '../../src/node/fast-base64';
import { createNodeHidBackend } from '../../src/node/devices/hid-backend';
import { DeviceManager } from '../../src/node/devices/device-manager';
import type { SecretProtector } from '../../src/node/sync/device-identity';
import type { TerminalApi } from '../../src/contract/terminal-api';
import { openTerminalForHost } from '../../src/service/open-terminal';
import type { TerminalService } from '../../src/service/terminal-service';
import {
  allowNavigation,
  allowPermission,
  allowPermissionCheck,
  APP_ORIGIN,
  APP_SCHEME,
  CONTENT_SECURITY_POLICY,
  isKioskEscape,
  isTrustedSender,
  resolveAppRequest,
} from './guards';
import { CHANNEL_PREFIX, EVENT_CHANNEL, handleIpc } from './ipc-bridge';
import { ARGUMENT_SCHEMAS } from '../../src/contract/terminal-api';
import { safeStorageProtector } from './secret-protector';
import { windowOptions } from './window-options';

const dev = process.argv.includes('--dev');
const rendererRoot = join(import.meta.dirname, '../renderer');
const MIME: Record<string, string> = {
  html: 'text/html',
  js: 'text/javascript',
  css: 'text/css',
  wasm: 'application/wasm',
  woff2: 'font/woff2',
  woff: 'font/woff',
  svg: 'image/svg+xml',
  png: 'image/png',
};

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);

if (!app.requestSingleInstanceLock()) app.quit();
installFastBase64();

let service: TerminalService | null = null;
let win: BrowserWindow | null = null;
let awake: number | null = null;

// The OS store seals the terminal's keys only where it protects them (not Linux's basic_text).
const protector: SecretProtector = safeStorageProtector(safeStorage, process.platform);

/** The sender frame as the guards see it: its URL, and whether it is the top frame. */
function senderOf(frame: Electron.WebFrameMain | null): { url: string; isMainFrame: boolean } | null {
  return frame ? { url: frame.url, isMainFrame: frame.parent === null } : null;
}

function createWindow(): void {
  win = new BrowserWindow(windowOptions(join(import.meta.dirname, '../preload/index.cjs'), dev));
  const contents = win.webContents;
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (e, url) => {
    if (!allowNavigation(url)) e.preventDefault();
  });
  contents.on('will-redirect', (e, url) => {
    if (!allowNavigation(url)) e.preventDefault();
  });
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.on('before-input-event', (e, input) => {
    if (!dev && isKioskEscape(input)) e.preventDefault();
  });
  contents.on('render-process-gone', () => {
    // The renderer crashed or was killed: bring the kiosk back rather than leave a blank screen.
    if (win && !win.isDestroyed()) void win.loadURL(`${APP_ORIGIN}/index.html`);
  });
  win.once('ready-to-show', () => win?.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
}

async function start(): Promise<void> {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((contents, permission, callback, details) => {
    const media = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    callback(allowPermission(permission, details.requestingUrl ?? contents.getURL(), media));
  });
  ses.setPermissionCheckHandler((_contents, permission, origin, details) =>
    allowPermissionCheck(permission, origin, 'mediaType' in details ? details.mediaType : undefined),
  );
  protocol.handle(APP_SCHEME, async (request) => {
    const path = resolveAppRequest(rendererRoot, request.method, request.url);
    if (!path) return new Response('not found', { status: 404 });
    try {
      const body = await readFile(path);
      const type = MIME[path.split('.').pop() ?? ''] ?? 'application/octet-stream';
      return new Response(body, {
        headers: {
          'content-type': type,
          'content-security-policy': CONTENT_SECURITY_POLICY,
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });

  const dataDir = join(process.env['CIVICPASS_DATA_DIR'] ?? app.getPath('userData'), 'terminal');
  // A kiosk without node-hid's native libraries still works with camera, wedge and manual entry.
  const devices = await createNodeHidBackend().then(
    (backend) => new DeviceManager(backend),
    () => null,
  );
  // A terminal that cannot start (a damaged database, keys it cannot unseal) still opens its
  // window: the page shows an out-of-order screen that says why, never a blank kiosk.
  const opened = await openTerminalForHost({ dataDir, devices, protector }, (line) =>
    console.error(`civicpass: ${line}`),
  );
  service = opened.service;
  const api: TerminalApi = opened.api;
  const log = service?.log;
  for (const op of Object.keys(ARGUMENT_SCHEMAS)) {
    ipcMain.handle(`${CHANNEL_PREFIX}${op}`, (event, arg: unknown) =>
      handleIpc(api, `${CHANNEL_PREFIX}${op}`, senderOf(event.senderFrame), arg, log),
    );
  }
  api.subscribe((e) => {
    if (win && !win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, e);
  });
  // Leaving the kiosk needs the staff PIN: only an unlocked staff session may quit.
  ipcMain.handle('civicpass-shell:exit', async (event) => {
    if (!isTrustedSender(senderOf(event.senderFrame)) || !service) return false;
    if (!(await service.getStatus()).staffUnlocked) return false;
    app.quit();
    return true;
  });
  awake = powerSaveBlocker.start('prevent-display-sleep');
  createWindow();
}

app.on('second-instance', () => {
  if (win) {
    if (win.isMinimized()) win.restore();
    win.focus();
  }
});
app.on('web-contents-created', (_e, contents) => {
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});
app.on('window-all-closed', () => app.quit());
app.on('will-quit', (e) => {
  if (!service) return;
  // Close devices and the database cleanly before exiting.
  e.preventDefault();
  const closing = service;
  service = null;
  if (awake !== null) powerSaveBlocker.stop(awake);
  void closing.close().finally(() => app.quit());
});

// Start-up failures of the terminal itself get the out-of-order page (in start). Anything else
// that fails here leaves nothing to show: say so and end with a failure status, so the kiosk's
// service manager restarts it or reports it, rather than a blank kiosk that looks alive.
app
  .whenReady()
  .then(start)
  .catch((e: unknown) => {
    console.error(`civicpass: the kiosk could not start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    app.exit(1);
  });
