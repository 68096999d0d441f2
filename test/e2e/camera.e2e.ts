import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectAccessible, screenshot } from './a11y';
import { withFakeCamera } from './fake-camera';
import { expect, test } from './fixtures';
import { pngToY4m } from './y4m';

test('camera scanning: a demo card held up to the (fake) camera is read and verified', async ({ kiosk }) => {
  const y4m = join(mkdtempSync(join(tmpdir(), 'civicpass-camera-')), 'valid-card.y4m');
  pngToY4m(join(kiosk.server.dir, 'cards', 'valid.png'), y4m);
  await withFakeCamera(y4m, async (browser) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(kiosk.url);
    await page.getByRole('button', { name: 'Camera on' }).click();
    await expect(page.locator('video.preview')).toBeVisible();
    await screenshot(page, 'ready-camera');
    const result = page.locator('.result');
    await expect(result).toHaveAttribute('data-outcome', 'valid', { timeout: 20_000 });
    await expect(result).toContainText('Amira');
    const [scan] = await kiosk.service.recentScans({ limit: 1 });
    expect(scan?.source).toBe('camera');
    await expectAccessible(page);
  });
});

test('no camera: said clearly, and scanning by other means goes on', async ({ page, kiosk }) => {
  await page.goto(kiosk.url);
  await page.getByRole('button', { name: 'Camera on' }).click();
  // Headless Chromium without the fake-device flags has no camera to give.
  await expect(page.getByRole('alert')).toContainText(/No camera found|camera is blocked/);
  await expect(page.getByLabel('Type a library number')).toBeVisible();
});
