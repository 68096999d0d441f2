import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { withFakeCamera } from './fake-camera';
import { expect, PIN, test } from './fixtures';
import { cardsToY4m } from './y4m';

/**
 * A card left in front of the camera is one scan, however long it stays: the City Save card rests
 * there for 16 s (the result comes and goes back to Ready meanwhile), then another card takes its
 * place and gets a result of its own at once.
 */
test('a card held to the camera for 15 s is one scan and at most one redemption; a different card then is new', async ({
  kiosk,
}) => {
  test.setTimeout(120_000);
  await kiosk.service.unlock({ pin: PIN });
  await kiosk.service.updateSettings({ offerId: 'cafe-10' });
  await kiosk.service.lock();
  const filmDir = mkdtempSync(join(tmpdir(), 'civicpass-presence-'));
  const y4m = join(filmDir, 'two-cards.y4m');
  const card = (id: string): string => join(kiosk.server.dir, 'cards', `${id}.png`);
  cardsToY4m(
    [
      { png: card('citysave'), seconds: 16 },
      { png: card('valid'), seconds: 60 },
    ],
    y4m,
  );
  try {
    await withFakeCamera(y4m, async (browser) => {
      const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
      await page.goto(kiosk.url);
      await expect(page.locator('#ready-title')).toBeVisible();
      await page.getByRole('button', { name: 'Camera on' }).click();
      const result = page.locator('.result');
      await expect(result).toHaveAttribute('data-outcome', 'valid', { timeout: 20_000 });
      await expect(result).toContainText('City Save');
      // The City Save card stays in view; the result goes back to Ready after 3 s and stays there.
      await expect(page.locator('#ready-title')).toBeVisible({ timeout: 10_000 });
      // The second card replaces the first in the camera's view: a new scan, and its own result.
      await expect(result).toContainText('Amira', { timeout: 30_000 });
      const db = new Database(join(kiosk.dataDir, 'terminal.db'), { readonly: true });
      const scans = db
        .prepare("SELECT card_ref, outcome, reason FROM scan_log WHERE source = 'camera' ORDER BY at")
        .all();
      const redemptions = db.prepare('SELECT card_ref FROM redemptions').all() as { card_ref: string }[];
      db.close();
      // Two presentations, two scans: the resting card was read once in over 15 s of frames.
      expect(scans).toHaveLength(2);
      expect(scans.map((s) => (s as { reason: string }).reason)).toEqual(['ok', 'ok']);
      expect(new Set(redemptions.map((r) => r.card_ref)).size).toBe(redemptions.length);
      expect(redemptions.length).toBeLessThanOrEqual(2);
    });
  } finally {
    // The film is large (about 70 MB): never leave it behind.
    rmSync(filmDir, { recursive: true, force: true });
  }
});
