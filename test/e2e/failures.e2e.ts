/**
 * Failures are visible (issue 11): a terminal that could not start shows an out-of-order page
 * with words in both hosts, and whatever the terminal refuses reaches the person who acted, in
 * the catalogue's words, never the service's English.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { BrowserHost } from '../../src/host/browser-host';
import { DeviceManager } from '../../src/node/devices/device-manager';
import { openTerminalForHost } from '../../src/service/open-terminal';
import { TerminalService } from '../../src/service/terminal-service';
import { HONEYWELL, report, ScriptedBackend } from '../support/scripted-hid';
import { startServer } from '../support/sync-server';
import { expectAccessible, screenshot } from './a11y';
import { expect, PIN, ROOT, test } from './fixtures';

test.describe('a terminal that could not start', () => {
  test('the browser host shows an out-of-order page that says why, for residents and for staff', async ({ page }) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'civicpass-e2e-'));
    mkdirSync(dataDir, { recursive: true });
    const db = new Database(join(dataDir, 'terminal.db'));
    db.pragma('user_version = 99');
    db.close();
    const opened = await openTerminalForHost({ dataDir, autoSync: false }, () => undefined);
    expect(opened.ok).toBe(false);
    const host = new BrowserHost({ api: opened.api, staticDir: join(ROOT, 'out/renderer') });
    const { url } = await host.listen();
    try {
      await page.goto(url);
      await expect(page.getByRole('heading', { name: 'This terminal is out of order' })).toBeVisible();
      await expect(page.getByText('Please ask at the desk.')).toBeVisible();
      await expect(page.getByText('written by a newer version of this software')).toBeVisible();
      await expect(page.getByText('For IT support: database_newer')).toBeVisible();
      await expectAccessible(page);
      await screenshot(page, 'out-of-order');
    } finally {
      await host.close();
    }
  });

  test('in Electron too: the bridge’s plain refusals are read, and the keys problem is worded', async ({
    page,
    kiosk,
  }) => {
    // Electron's contextBridge copies an Error with its message only, so the preload rejects
    // with a plain { code, message, detail }; this stands in for that bridge in the page.
    await page.addInitScript(() => {
      const refuse = (): Promise<never> =>
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- as the preload does
        Promise.reject({ code: 'not_started', message: 'keys sealed', detail: 'keys_unavailable' });
      const ops = ['getStatus', 'getSettings', 'getLibrarySession', 'recentScans', 'submitScan', 'listDevices'];
      (window as unknown as { civicpass: unknown }).civicpass = {
        ...Object.fromEntries(ops.map((op) => [op, refuse])),
        subscribe: () => () => undefined,
      };
    });
    await page.goto(kiosk.url);
    await expect(page.getByRole('heading', { name: 'This terminal is out of order' })).toBeVisible();
    await expect(page.getByText('the computer’s key store is not available')).toBeVisible();
    await expect(page.getByText('keys sealed')).toHaveCount(0);
  });
});

test.describe('refusals reach the person who acted', () => {
  test('a library number the terminal refuses is said, not dropped', async ({ page, kiosk }) => {
    await page.goto(kiosk.url);
    await page.getByLabel('Library number').fill('2987 6000');
    await page.getByRole('button', { name: 'Check' }).click();
    await expect(page.getByRole('alert')).toHaveText('Library number: that value cannot be used.');
  });

  test('a reader setting the terminal refuses names the setting, and nothing is saved', async ({ page, kiosk }) => {
    await page.goto(kiosk.url);
    await page.getByRole('button', { name: 'Admin' }).click();
    await page.getByLabel('Enter the staff PIN').fill(PIN);
    await page.getByRole('button', { name: 'Unlock' }).click();
    const apple = page.getByLabel('NFC reader: prefix before an Apple pass');
    await apple.fill('X');
    await apple.blur();
    await expect(page.getByRole('status').first()).toContainText('Saved.');
    const google = page.getByLabel('NFC reader: prefix before a Google pass');
    await google.fill('X');
    await google.blur();
    await expect(page.getByRole('status').first()).toHaveText(
      'NFC reader: prefix before a Google pass: that value cannot be used.',
    );
    expect((await kiosk.service.getSettings()).nfcSerialGooglePrefix).not.toBe('X');
    await expectAccessible(page);
  });
});

test('a USB scanner’s read the terminal refuses is said on the screen, not dropped', async ({ page }) => {
  const server = await startServer();
  const backend = new ScriptedBackend();
  backend.plugged.set(HONEYWELL.path, HONEYWELL);
  const service = await TerminalService.open({
    dataDir: mkdtempSync(join(tmpdir(), 'civicpass-e2e-')),
    autoSync: false,
    devices: new DeviceManager(backend),
  });
  const host = new BrowserHost({ api: service, staticDir: join(ROOT, 'out/renderer') });
  try {
    await service.admin.enrol(server.url, await server.code(), 'Desk');
    await server.storage.revokeDevice(service.admin.enrolment!.deviceId, Date.now() / 1000);
    await service.admin.runSync().catch(() => undefined);
    const { url } = await host.listen();
    await page.goto(url);
    await expect(page.locator('#ready-title')).toBeVisible();
    await expect.poll(() => backend.handles.has(HONEYWELL.path)).toBe(true);
    backend.handles.get(HONEYWELL.path)!.send(report('29876000000017', false));
    await expect(page.locator('.notice')).toHaveText(
      'This terminal has been withdrawn from service. Contact your manager.',
    );
  } finally {
    await host.close();
    await service.close();
    await server.close();
  }
});
