/**
 * Secrets at rest in the Electron kiosk, through the built main bundle and the Electron stand-in:
 * the terminal's keys are sealed by safeStorage only with a real keyring behind it, never with
 * Linux's basic_text backend (a password fixed in Chromium's source) or an unreachable store.
 * The stand-in seals the way Chromium does on Linux (safe-storage.ts), so what is on disk is
 * what a kiosk would have.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { APP_ORIGIN } from '../../electron/main/guards';
import { stageApp } from '../support/app-stage';
import type { StandInConfig } from '../support/electron-stand-in/config';
import { startMain, type RunningMain } from '../support/electron-stand-in/harness';
import { startServer, type RunningServer } from '../support/sync-server';

const APP_FRAME = { url: `${APP_ORIGIN}/index.html`, isMainFrame: true };

let appDir: string;
let server: RunningServer;
const dataDirs: string[] = [];
beforeAll(async () => {
  [appDir, server] = await Promise.all([stageApp(), startServer()]);
});
afterAll(async () => {
  await server?.close();
  for (const dir of [appDir, ...dataDirs]) if (dir) rmSync(dir, { recursive: true, force: true });
});

/** `window.civicpass.<op>(arg)` from the app's page; the service's value, or its error. */
async function call(main: RunningMain, op: string, arg?: unknown): Promise<unknown> {
  const answer = await main.send({ op: 'invoke', channel: `civicpass:${op}`, frame: APP_FRAME, args: [arg] });
  if (!answer.ok) throw new Error(answer.error);
  const envelope = answer.value as { ok: true; value: unknown } | { ok: false; error: { message: string } };
  if (!envelope.ok) throw new Error(`${op}: ${envelope.error.message}`);
  return envelope.value;
}

const running: RunningMain[] = [];
// A failed assertion must not leave a main process behind.
afterEach(() => {
  for (const main of running.splice(0)) main.kill();
});

async function started(dataDir: string, config: Partial<StandInConfig>): Promise<RunningMain> {
  const main = startMain(appDir, { dataDir, config });
  running.push(main);
  await main.waitFor('the kiosk page loaded', (s) => (s.contents[0]?.loads.length ?? 0) > 0);
  return main;
}

async function quit(main: RunningMain): Promise<void> {
  await main.send({ op: 'quit' });
  expect((await main.exited).code).toBe(0);
}

/** Every file the terminal keeps, with its bytes and permission bits. */
function files(dataDir: string): { name: string; bytes: Buffer; mode: number }[] {
  const dir = join(dataDir, 'terminal');
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const path = join(e.parentPath, e.name);
      return { name: e.name, bytes: readFileSync(path), mode: statSync(path).mode & 0o777 };
    });
}

/** Plain text that only an unsealed key file holds: the private JWK's `d`, the vault's key names. */
const PLAIN_KEYS = /"d":"|cardRefKey/;

async function enrolled(config: Partial<StandInConfig>): Promise<{ main: RunningMain; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'civicpass-standin-'));
  dataDirs.push(dataDir);
  const main = await started(dataDir, config);
  await call(main, 'setPin', { next: '2468' });
  await call(main, 'unlock', { pin: '2468' });
  await call(main, 'enrol', { serverUrl: server.url, code: await server.code(), label: 'Stand-in kiosk' });
  return { main, dataDir };
}

describe('safeStorage backend choice in the Electron kiosk', () => {
  it.each(['gnome_libsecret', 'kwallet5'] as const)(
    '%s: the keys and the device key are sealed by the keyring, and open again after a restart',
    async (backend) => {
      const config = { safeStorage: { backend, available: true }, keyringSecret: randomBytes(16).toString('base64') };
      const { main, dataDir } = await enrolled(config);
      expect((await main.send({ op: 'state' })).safeStorageCalls).toContain('encryptString');
      await quit(main);

      const kept = files(dataDir);
      // Chromium's mark for the keyring's key; v10 would be basic_text's fixed password.
      const sealed = kept.filter((f) => f.bytes.subarray(0, 3).toString() === 'v11');
      expect(sealed.length).toBeGreaterThanOrEqual(2);
      expect(kept.filter((f) => f.bytes.subarray(0, 3).toString() === 'v10')).toEqual([]);
      expect(kept.filter((f) => PLAIN_KEYS.test(f.bytes.toString('latin1'))).map((f) => f.name)).toEqual([]);

      const again = await started(dataDir, config);
      await call(again, 'unlock', { pin: '2468' });
      // Syncing signs with the device key: it only works if the sealed key opened.
      expect(await call(again, 'syncNow')).toMatchObject({
        enrolled: true,
        problem: null,
        lastSuccessAt: expect.any(Number) as unknown,
      });
      expect((await again.send({ op: 'state' })).safeStorageCalls).toContain('decryptString');
      await quit(again);
    },
    // Four processes in a row, each starting the terminal: slow on a busy machine.
    60_000,
  );

  it.each([
    ['basic_text, whose password is public', { backend: 'basic_text', available: true }],
    ['a keyring that cannot be reached', { backend: 'gnome_libsecret', available: false }],
  ] as const)(
    '%s: refused; the keys stay in files only the kiosk user can read',
    async (_, safeStorage) => {
      const { main, dataDir } = await enrolled({ safeStorage });
      const calls = (await main.send({ op: 'state' })).safeStorageCalls;
      expect(calls.filter((c) => c === 'encryptString' || c === 'decryptString')).toEqual([]);
      await quit(main);

      const kept = files(dataDir);
      expect(kept.filter((f) => /^v1[01]/.test(f.bytes.subarray(0, 3).toString()))).toEqual([]);
      const keyFiles = kept.filter((f) => PLAIN_KEYS.test(f.bytes.toString('latin1')));
      expect(keyFiles.length).toBeGreaterThanOrEqual(2);
      for (const f of keyFiles)
        expect({ name: f.name, mode: f.mode.toString(8) }).toEqual({ name: f.name, mode: '600' });
    },
    60_000,
  );
});
