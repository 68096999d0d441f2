/**
 * The Electron main process, as built (out/main/index.js from `electron-vite build`), run in Node
 * against the Electron stand-in (test/support/electron-stand-in): the test plays Chromium, the
 * page and the user over a control channel, and the real TerminalService answers behind it.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ORIGIN, CONTENT_SECURITY_POLICY } from '../../electron/main/guards';
import { windowOptions } from '../../electron/main/window-options';
import { ARGUMENT_SCHEMAS } from '../../src/contract/terminal-api';
import { stageApp } from '../support/app-stage';
import { startMain, type RunningMain } from '../support/electron-stand-in/harness';
import type { StandInState } from '../support/electron-stand-in/messages';

const PAGE = `${APP_ORIGIN}/index.html`;
const APP_FRAME = { url: PAGE, isMainFrame: true };

let appDir: string;
beforeAll(async () => {
  appDir = await stageApp();
});
afterAll(() => {
  if (appDir) rmSync(appDir, { recursive: true, force: true });
});

const loaded = (s: StandInState): boolean => (s.contents[0]?.loads.length ?? 0) > 0;

/** What the page gets from `window.civicpass.<op>(arg)`: the bridge's envelope, inside invoke's answer. */
function call(
  main: RunningMain,
  op: string,
  arg?: unknown,
  frame: { url: string; isMainFrame: boolean } | null = APP_FRAME,
) {
  return main.send({ op: 'invoke', channel: `civicpass:${op}`, frame, args: [arg] });
}

describe('the Electron main process against the stand-in', () => {
  let main: RunningMain;
  let dataDir: string;
  let kiosk: number;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'civicpass-standin-'));
    main = startMain(appDir, { dataDir });
    kiosk = (await main.waitFor('the kiosk page loaded', loaded)).windows[0]!.contents;
  });
  afterAll(() => {
    main.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts as the kiosk: app:// privileged before ready, the checklist window, guards, no display sleep', async () => {
    const s = await main.send({ op: 'state' });
    expect(s.privilegedSchemes).toEqual([
      {
        scheme: 'app',
        privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
        beforeReady: true,
      },
    ]);
    expect(s.handledSchemes).toEqual(['app']);
    expect(s.windows).toHaveLength(1);
    const [window] = s.windows;
    expect(window!.options).toEqual(windowOptions(join(appDir, 'out/preload/index.cjs'), false));
    expect(window).toMatchObject({ visible: true, preloadExists: true });
    expect(s.contents[0]!.loads).toEqual([{ url: PAGE, status: 200 }]);
    expect(s.permissionHandlers).toEqual({ request: true, check: true });
    expect(s.powerSaveBlockers).toEqual([{ id: 0, type: 'prevent-display-sleep', active: true }]);
    const channels = [...Object.keys(ARGUMENT_SCHEMAS).map((op) => `civicpass:${op}`), 'civicpass-shell:exit'];
    expect([...s.ipcChannels].sort()).toEqual(channels.sort());
    expect(s.missing).toEqual([]);
  });

  it('guards every web contents: no popups, webviews, navigation or kiosk shortcuts', async () => {
    const other = await main.send({ op: 'create-contents' });
    for (const contents of [kiosk, other]) {
      expect(await main.send({ op: 'window-open', contents, url: 'https://evil.example/' })).toEqual({
        action: 'deny',
      });
      const webview = { op: 'contents-event', contents, name: 'will-attach-webview', args: [{}, {}] } as const;
      expect(await main.send(webview)).toEqual({ prevented: true });
    }
    const event = (name: 'will-navigate' | 'will-redirect' | 'before-input-event', arg: unknown) =>
      main.send({ op: 'contents-event', contents: kiosk, name, args: [arg] });
    expect(await event('will-navigate', 'https://evil.example/')).toEqual({ prevented: true });
    expect(await event('will-redirect', PAGE)).toEqual({ prevented: true });
    const key = { type: 'keyDown', key: 'w', control: true, alt: false, meta: false, shift: false };
    expect(await event('before-input-event', key)).toEqual({ prevented: true });
    expect(await event('before-input-event', { ...key, key: 'a', control: false })).toEqual({ prevented: false });
  });

  it('brings the page back when the renderer dies', async () => {
    await main.send({
      op: 'contents-event',
      contents: kiosk,
      name: 'render-process-gone',
      args: [{ reason: 'crashed' }],
    });
    const s = await main.waitFor('the page reloaded', (st) => st.contents[0]!.loads.length === 2);
    expect(s.contents[0]!.loads[1]).toEqual({ url: PAGE, status: 200 });
  });

  it('app:// serves the built renderer with the CSP', async () => {
    const page = await main.send({ op: 'fetch', url: PAGE });
    expect(page.status).toBe(200);
    expect(page.headers).toEqual({
      'content-type': 'text/html',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
    });
    const html = readFileSync(join(appDir, 'out/renderer/index.html'));
    expect(Buffer.from(page.body)).toEqual(html);

    const script = /<script[^>]* src="([^"]+)"/.exec(html.toString())![1]!;
    const asset = await main.send({ op: 'fetch', url: new URL(script, PAGE).href });
    expect(asset).toMatchObject({ status: 200, headers: { 'content-type': 'text/javascript' } });
    const wasm = readdirSync(join(appDir, 'out/renderer/assets')).find((f) => f.endsWith('.wasm'));
    const decoder = await main.send({ op: 'fetch', url: `${APP_ORIGIN}/assets/${wasm}` });
    expect(decoder).toMatchObject({ status: 200, headers: { 'content-type': 'application/wasm' } });
  });

  it('app:// refuses traversal, other hosts and other methods', async () => {
    // What a traversal from the renderer's directory would reach: the main bundle, beside it.
    expect(existsSync(join(appDir, 'out/main/index.js'))).toBe(true);
    for (const url of [
      `${APP_ORIGIN}/..%2fmain%2findex.js`,
      `${APP_ORIGIN}/assets/..%2f..%2fmain%2findex.js`,
      `${APP_ORIGIN}/%2e%2e%2fmain/index.js`,
      `${APP_ORIGIN}/..%5cmain%5cindex.js`,
      // Dot segments are resolved before the handler sees them: this asks for renderer/main/index.js.
      `${APP_ORIGIN}/../main/index.js`,
      `${APP_ORIGIN}/index.html%00.png`,
      'app://other/index.html',
      `${APP_ORIGIN}/no-such-file.js`,
    ]) {
      const answer = await main.send({ op: 'fetch', url });
      expect({ url, status: answer.status, body: answer.body.toString() }).toEqual({
        url,
        status: 404,
        body: 'not found',
      });
    }
    expect((await main.send({ op: 'fetch', url: PAGE, method: 'POST' })).status).toBe(404);
  });

  it('grants the camera to the app, and nothing else to anyone', async () => {
    const ask = (
      permission: 'media' | 'geolocation' | 'hid',
      requestingUrl: string,
      mediaTypes?: ('video' | 'audio')[],
    ) => main.send({ op: 'permission-request', permission, requestingUrl, ...(mediaTypes ? { mediaTypes } : {}) });
    expect(await ask('media', PAGE, ['video'])).toBe(true);
    expect(await ask('media', PAGE, ['audio'])).toBe(false);
    expect(await ask('media', 'https://evil.example/', ['video'])).toBe(false);
    expect(await ask('geolocation', PAGE)).toBe(false);
    expect(await ask('hid', PAGE)).toBe(false);
    const check = (origin: string, mediaType: 'video' | 'audio') =>
      main.send({ op: 'permission-check', permission: 'media', origin, mediaType });
    expect(await check(APP_ORIGIN, 'video')).toBe(true);
    expect(await check(APP_ORIGIN, 'audio')).toBe(false);
    expect(await check('https://evil.example', 'video')).toBe(false);
  });

  it('refuses IPC from anything but the app main frame, before it reaches the service', async () => {
    const forbidden = {
      ok: true,
      value: { ok: false, error: { code: 'forbidden', message: 'calls are accepted only from the app', detail: null } },
    };
    for (const frame of [{ url: PAGE, isMainFrame: false }, { url: 'https://evil.example/', isMainFrame: true }, null])
      expect(await call(main, 'getSettings', undefined, frame)).toEqual(forbidden);
    const exit = { op: 'invoke', channel: 'civicpass-shell:exit', args: [] } as const;
    expect(await main.send({ ...exit, frame: { url: 'https://evil.example/', isMainFrame: true } })).toEqual({
      ok: true,
      value: false,
    });
    expect(
      await main.send({ op: 'invoke', channel: 'civicpass:dropDatabase', frame: APP_FRAME, args: [] }),
    ).toMatchObject({
      ok: false,
      error: expect.stringContaining("No handler registered for 'civicpass:dropDatabase'") as unknown,
    });
  });

  it('a call from the app main frame reaches the terminal service, and its events come back', async () => {
    expect(await call(main, 'getSettings')).toMatchObject({ ok: true, value: { ok: true, value: { language: 'en' } } });
    // A fresh terminal has no trust material yet: whatever is scanned cannot be checked.
    const scan = await call(main, 'submitScan', { text: 'not a card', source: 'camera' });
    const result = { outcome: 'unverifiable', source: 'camera' };
    expect(scan).toMatchObject({ ok: true, value: { ok: true, value: { status: 'handled', result } } });
    const s = await main.waitFor('an event sent to the page', (st) => st.contents[0]!.sent.length > 0);
    expect(s.contents[0]!.sent.every((m) => m.channel === 'civicpass-event')).toBe(true);
  });

  it('leaving the kiosk needs the staff PIN; quitting closes the service before the process ends', async () => {
    const exit = () => main.send({ op: 'invoke', channel: 'civicpass-shell:exit', frame: APP_FRAME, args: [] });
    expect(await exit()).toEqual({ ok: true, value: false });
    expect(await call(main, 'setPin', { next: '2468' })).toMatchObject({ value: { ok: true } });
    expect(await call(main, 'unlock', { pin: '2468' })).toMatchObject({ value: { ok: true, value: { ok: true } } });
    expect(await exit()).toEqual({ ok: true, value: true });

    const ended = await main.exited;
    expect(ended.code).toBe(0);
    // will-quit is held off while the service closes, then the quit goes through.
    expect(ended.lifecycle!.slice(ended.lifecycle!.indexOf('quit()'))).toEqual([
      'quit()',
      'before-quit',
      'will-quit',
      'powerSaveBlocker.stop(0)',
      'will-quit prevented',
      'quit()',
      'before-quit',
      'will-quit',
      'quit',
    ]);
    // SQLite folds the write-ahead log back and deletes it when the last connection closes
    // cleanly; a process that ended with the database open leaves it behind.
    const terminalDir = join(dataDir, 'terminal');
    expect(existsSync(join(terminalDir, 'terminal.db-wal'))).toBe(false);
    const db = new Database(join(terminalDir, 'terminal.db'), { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) AS n FROM scan_log').get()).toEqual({ n: 1 });
    } finally {
      db.close();
    }
  });
});

describe('the Electron main process when the terminal cannot start', () => {
  it('still opens the kiosk window, and every call answers not_started with the problem', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'civicpass-standin-'));
    // A database written by a newer version of the software.
    mkdirSync(join(dataDir, 'terminal'), { recursive: true });
    const db = new Database(join(dataDir, 'terminal', 'terminal.db'));
    db.pragma('user_version = 99');
    db.close();
    const main = startMain(appDir, { dataDir });
    try {
      const s = await main.waitFor('the kiosk page loaded', loaded);
      expect(s.windows).toHaveLength(1);
      expect(s.contents[0]!.loads).toEqual([{ url: PAGE, status: 200 }]);
      expect(await call(main, 'getStatus')).toMatchObject({
        ok: true,
        value: { ok: false, error: { code: 'not_started', detail: 'database_newer' } },
      });
      expect(main.stderr()).toMatch(/could not start \(database_newer\)/);
    } finally {
      main.kill();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('the Electron main process when the kiosk itself cannot start', () => {
  it('says why and ends with a failure status, never a blank kiosk that looks alive', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'civicpass-standin-'));
    const main = startMain(appDir, { dataDir, config: { schemesTaken: ['app'] } });
    try {
      const ended = await main.exited;
      expect(ended.code).toBe(1);
      expect(ended.lifecycle).toContain('exit(1)');
      expect(main.stderr()).toMatch(/the kiosk could not start: Error: Failed to register protocol: app/);
    } finally {
      main.kill();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
