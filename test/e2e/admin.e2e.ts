import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserHost } from '../../src/host/browser-host';
import { TerminalService } from '../../src/service/terminal-service';
import { expectAccessible, expectNoScroll, screenshot } from './a11y';
import { expect, PIN, ROOT, resultPainted, test, wedgeScan } from './fixtures';

test.describe('admin', () => {
  test('wrong PINs lock the admin screen out, and say until when', async ({ page, kiosk }) => {
    await page.goto(kiosk.url);
    await page.getByRole('button', { name: 'Admin' }).click();
    for (let i = 0; i < 4; i++) {
      await page.getByLabel('Enter the staff PIN').fill('000000');
      await page.getByRole('button', { name: 'Unlock' }).click();
      await expect(page.getByRole('alert')).toContainText(
        4 - i === 1 ? 'Wrong PIN. 1 attempt left.' : `Wrong PIN. ${4 - i} attempts left.`,
      );
    }
    await page.getByLabel('Enter the staff PIN').fill('000000');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(page.getByRole('alert')).toContainText('Too many wrong PINs');
    // Even the right PIN is refused while locked.
    await page.getByLabel('Enter the staff PIN').fill(PIN);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(page.getByRole('alert')).toContainText('Too many wrong PINs');
    await expectAccessible(page);
  });

  test('staff switch to an offer; it is redeemed once and can be undone', async ({ page, kiosk }) => {
    await page.goto(kiosk.url);
    await page.getByRole('button', { name: 'Admin' }).click();
    await page.getByLabel('Enter the staff PIN').fill(PIN);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByLabel('Offer').selectOption('cafe-10');
    await expect(page.getByRole('status').first()).toContainText('Saved.');
    await expectAccessible(page);
    await screenshot(page, 'admin');
    await page.getByRole('button', { name: 'Ready' }).click();
    await expect(page.getByText('City Save: 10% off at the library café')).toBeVisible();
    const painted = resultPainted(page);
    await wedgeScan(page, kiosk.card('citysave'));
    await painted;
    await expect(page.getByRole('heading', { name: 'Valid: City Save: 10% off at the library café' })).toBeVisible();
    await page.getByRole('button', { name: 'Undo this redemption' }).click();
    await expect(page.getByRole('button', { name: 'Redemption undone.' })).toBeDisabled();
    expect(kiosk.service.admin.queue().depth).toBe(2);
  });

  test('switching the language to Arabic lays the screens out right to left', async ({ page, kiosk }) => {
    await kiosk.service.unlock({ pin: PIN });
    await kiosk.service.updateSettings({ language: 'ar' });
    await page.goto(kiosk.url);
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
    await expect(page.getByRole('heading', { name: 'امسح البطاقة' })).toBeVisible();
    // The brand sits at the right edge in RTL.
    const box = await page.locator('.brand').boundingBox();
    expect(box!.x).toBeGreaterThan(640);
    await expectAccessible(page);
    await screenshot(page, 'ready-arabic');
    const painted = resultPainted(page);
    await wedgeScan(page, kiosk.card('revoked'));
    await painted;
    await expect(page.getByText('أُلغيت هذه البطاقة.')).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'result-arabic');
  });

  test('enrolment by code from the Admin screen', async ({ page, kiosk }) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'civicpass-e2e-enrol-'));
    const fresh = await TerminalService.open({ dataDir, autoSync: false });
    const host = new BrowserHost({ api: fresh, staticDir: join(ROOT, 'out/renderer') });
    const { url } = await host.listen();
    try {
      await page.goto(url);
      await page.getByRole('button', { name: 'Status' }).click();
      await expect(page.getByRole('alert')).toContainText('No card data yet');
      await page.getByRole('button', { name: 'Admin' }).click();
      // No PIN yet: the first one is chosen here.
      await page.getByLabel('New PIN').fill('135790');
      await page.getByRole('button', { name: 'Set PIN' }).click();
      await page.getByLabel('Sync server address').fill(kiosk.server.url);
      await page.getByLabel('Enrolment code').fill(await kiosk.server.code());
      await page.getByRole('button', { name: 'Enrol' }).click();
      await expect(page.getByText(/Enrolled as .* for Demo Central Library/).first()).toBeVisible();
      await page.getByRole('button', { name: 'Ready' }).click();
      await expect(page.getByText('Demo Central Library')).toBeVisible();
    } finally {
      await host.close();
      await fresh.close();
    }
  });
});

test.describe('screens', () => {
  test("History lists today's scans without personal data, with a chart per hour", async ({ page, kiosk }) => {
    for (const id of ['valid', 'revoked', 'not-entitled'] as const)
      await kiosk.service.submit({ text: kiosk.card(id), source: 'hid' });
    await page.goto(kiosk.url);
    await page.getByRole('button', { name: 'History' }).click();
    await expect(page.getByRole('table').first().locator('tbody tr')).toHaveCount(3);
    await page.getByLabel('Outcome').selectOption('invalid');
    await expect(page.getByRole('table').first().locator('tbody tr')).toHaveCount(1);
    await expect(page.locator('main')).not.toContainText('Amira');
    await expect(page.getByRole('img', { name: 'Scans per hour' })).toBeVisible();
    await page.getByLabel('Outcome').selectOption('all');
    await expectAccessible(page);
    await screenshot(page, 'history');
  });

  test('Status shows the data ages, sync, queue and clock', async ({ page, kiosk }) => {
    await page.goto(kiosk.url);
    await page.getByRole('button', { name: 'Status' }).click();
    await expect(page.getByText('Issuer list')).toBeVisible();
    await expect(page.getByText(/up to date/).first()).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'status');
  });

  test('self-service mode: one big instruction, results spoken, no visible staff buttons', async ({ page, kiosk }) => {
    await kiosk.service.unlock({ pin: PIN });
    await kiosk.service.updateSettings({ selfService: true });
    await page.goto(kiosk.url);
    await expect(page.getByRole('heading', { name: 'Scan your card under the light' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Admin' })).toHaveCount(0);
    await expectAccessible(page);
    await expectNoScroll(page);
    await screenshot(page, 'self-service-ready');
    const painted = resultPainted(page);
    await wedgeScan(page, kiosk.card('valid'));
    await painted;
    await expect(page.getByRole('button', { name: 'Hear again' })).toBeVisible();
    // Self-service shows no name: others may see the screen.
    await expect(page.locator('.result')).not.toContainText('Amira');
    await expectAccessible(page);
    await screenshot(page, 'self-service-result');
  });

  test('self-service kiosk without usable card data shows an out-of-order screen', async ({ page }) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'civicpass-e2e-ooo-'));
    const bare = await TerminalService.open({ dataDir, autoSync: false });
    await bare.setPin({ next: PIN });
    await bare.unlock({ pin: PIN });
    await bare.updateSettings({ selfService: true });
    const host = new BrowserHost({ api: bare, staticDir: join(ROOT, 'out/renderer') });
    const { url } = await host.listen();
    try {
      await page.goto(url);
      await expect(page.getByRole('heading', { name: 'This kiosk is out of order' })).toBeVisible();
      await expectAccessible(page);
      await screenshot(page, 'out-of-order');
    } finally {
      await host.close();
      await bare.close();
    }
  });

  for (const size of [
    { width: 800, height: 480 },
    { width: 1920, height: 1080 },
  ]) {
    test(`Ready and Result fit ${size.width}x${size.height} without scrolling`, async ({ page, kiosk }) => {
      await page.setViewportSize(size);
      await page.goto(kiosk.url);
      await expect(page.locator('#ready-title')).toBeVisible();
      await expectNoScroll(page);
      const painted = resultPainted(page);
      await wedgeScan(page, kiosk.card('not-entitled'));
      await painted;
      await expectNoScroll(page);
      const fontSize = await page.locator('.headline').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
      expect(fontSize).toBeGreaterThanOrEqual(48);
      if (size.width === 800) await screenshot(page, 'result-800x480');
    });
  }
});
