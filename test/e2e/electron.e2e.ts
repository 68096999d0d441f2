/**
 * The Electron kiosk itself, driven by Playwright's Electron support. Electron's binary cannot be
 * downloaded on this project's machines, so this suite skips itself with that message where the
 * binary is missing; it runs wherever `node_modules/electron/dist` exists.
 */
import { _electron as electron } from '@playwright/test';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, ROOT, test, wedgeScan } from './fixtures';

const binary = join(ROOT, 'node_modules/electron/dist', process.platform === 'win32' ? 'electron.exe' : 'electron');

test.describe('Electron kiosk', () => {
  test.skip(
    !existsSync(binary),
    "Electron's binary is not installed here (it cannot be downloaded on this machine): the Electron suite runs where node_modules/electron/dist exists.",
  );

  test('launches, scans by keyboard wedge, refuses navigation and non-camera permissions', async () => {
    const app = await electron.launch({
      executablePath: binary,
      args: [join(ROOT, 'out/main/index.js'), '--dev'],
      env: { ...process.env, CIVICPASS_DATA_DIR: mkdtempSync(join(tmpdir(), 'civicpass-electron-')) },
    });
    try {
      const page = await app.firstWindow();
      await expect(page.locator('#ready-title')).toBeVisible();
      expect(page.url()).toMatch(/^app:\/\/terminal\//);
      // The page has no Node: no require, no process.
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
      await wedgeScan(page, 'TOTAL-1250-GBP-THANKYOU');
      await expect(page.locator('.result')).toHaveAttribute('data-outcome', 'unverifiable');
      // Navigation away is denied; the page stays on the app.
      await page.evaluate(() => {
        location.href = 'https://example.com/';
      });
      await page.waitForTimeout(500);
      expect(page.url()).toMatch(/^app:\/\/terminal\//);
      // New windows are denied.
      expect(await page.evaluate(() => window.open('https://example.com/') === null)).toBe(true);
      // Permissions other than the camera are denied.
      expect(await page.evaluate(() => Notification.requestPermission())).toBe('denied');
      const geo = await page.evaluate(
        () =>
          new Promise((resolve) =>
            navigator.geolocation.getCurrentPosition(
              () => resolve('granted'),
              (e) => resolve(e.code === 1 ? 'denied' : 'error'),
            ),
          ),
      );
      expect(geo).toBe('denied');
    } finally {
      await app.close();
    }
  });
});
