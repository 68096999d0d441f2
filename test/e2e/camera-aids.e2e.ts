import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { expectAccessible, screenshot } from './a11y';
import { withFakeCamera } from './fake-camera';
import { expect, test } from './fixtures';
import { pngToY4m } from './y4m';

/**
 * The camera's aids: an aiming frame, "hold it still, closer" when a code is seen but cannot be
 * read, and the light where the camera has one. Headless Chromium's fake camera has no torch, so
 * a stand-in of the track's capabilities plays one (docs/ui.md says what real hardware showed).
 */
test('a code in view that cannot be read asks to hold it still and closer; the light can be switched', async ({
  kiosk,
}) => {
  const dir = mkdtempSync(join(tmpdir(), 'civicpass-aids-'));
  // A card whose middle is covered: its corners say "QR code", its data cannot be read.
  const png = PNG.sync.read(readFileSync(join(kiosk.server.dir, 'cards', 'valid.png')));
  for (let y = Math.floor(png.height * 0.2); y < Math.floor(png.height * 0.8); y++)
    for (let x = Math.floor(png.width * 0.3); x < Math.floor(png.width * 0.72); x++)
      png.data.fill(255, (y * png.width + x) * 4, (y * png.width + x) * 4 + 3);
  writeFileSync(join(dir, 'covered.png'), PNG.sync.write(png));
  pngToY4m(join(dir, 'covered.png'), join(dir, 'covered.y4m'));
  await withFakeCamera(join(dir, 'covered.y4m'), async (browser) => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { torchCalls: unknown[] };
      w.torchCalls = [];
      // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the track as this
      const caps = MediaStreamTrack.prototype.getCapabilities;
      MediaStreamTrack.prototype.getCapabilities = function (this: MediaStreamTrack) {
        return { ...caps.call(this), torch: true } as MediaTrackCapabilities;
      };
      MediaStreamTrack.prototype.applyConstraints = function (c?: MediaTrackConstraints) {
        w.torchCalls.push(c);
        return Promise.resolve();
      };
    });
    await page.goto(kiosk.url);
    await expect(page.locator('#ready-title')).toBeVisible();
    await page.getByRole('button', { name: 'Camera on' }).click();
    await expect(page.locator('.aim')).toBeVisible();
    await expect(page.getByText('Code seen: hold it still and a little closer')).toBeVisible({ timeout: 15_000 });
    await screenshot(page, 'ready-camera-unread');
    await page.getByRole('button', { name: 'Light on' }).click();
    await expect(page.getByRole('button', { name: 'Light off' })).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { torchCalls: unknown[] }).torchCalls)).toEqual([
      { advanced: [{ torch: true }] },
    ]);
    await expectAccessible(page);
    expect(await kiosk.service.recentScans({})).toHaveLength(0);
  });
});

test('a camera without a light shows no light switch', async ({ kiosk }) => {
  await withFakeCamera(null, async (browser) => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(kiosk.url);
    await page.getByRole('button', { name: 'Camera on' }).click();
    await expect(page.getByText('Hold the code inside the frame')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Light on' })).toHaveCount(0);
  });
});
