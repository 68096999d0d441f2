import type { Page } from '@playwright/test';
import { expectAccessible, screenshot } from './a11y';
import { expect, paintedAfter, PIN, test, type Kiosk } from './fixtures';
import { expectFits, SIZES } from './layout';

/**
 * Every screen, in every language, at the three target sizes: no sideways scrolling anywhere,
 * no scrolling at all on Ready and Result, no text under 18 px at 800x480; a screenshot of each
 * (test-results/screenshots/layout/) for people to look at, and axe at 1280x800.
 */
const LANGUAGES = ['en', 'ar', 'pl', 'bn'] as const;

async function show(page: Page, kiosk: Kiosk, card: Parameters<Kiosk['card']>[0]): Promise<void> {
  await paintedAfter(page, () => kiosk.service.submit({ text: kiosk.card(card), source: 'hid' }));
}

async function check(page: Page, name: string, size: (typeof SIZES)[number], scrolls: boolean): Promise<void> {
  const what = `${name} at ${size.width}x${size.height}`;
  await screenshot(page, `layout/${name}-${size.width}x${size.height}`);
  await expectFits(page, what, { vertical: !scrolls, minText: size.width === 800 });
  if (size.width === 1280) await expectAccessible(page);
}

for (const lang of LANGUAGES) {
  test(`layout in ${lang}: every screen at 800x480, 1280x800 and 1920x1080`, async ({ page, kiosk }) => {
    test.setTimeout(180_000);
    await kiosk.service.unlock({ pin: PIN });
    await kiosk.service.updateSettings({ language: lang, autoReturnValidMs: 120_000, autoReturnOtherMs: 120_000 });
    // History with a day's worth of rows and reasons of every length.
    for (const id of ['valid', 'revoked', 'not-entitled', 'expired', 'suspended', 'citysave'] as const)
      await kiosk.service.submit({ text: kiosk.card(id), source: 'hid' });
    await kiosk.service.submitScan({ text: 'TOTAL-1250-GBP-THANKYOU', source: 'keyboard' });
    kiosk.clock.advance(60);
    await page.goto(kiosk.url);
    await expect(page.locator('#ready-title')).toBeVisible();
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await check(page, `${lang}-ready`, size, false);
      for (const card of ['valid', 'revoked', 'not-entitled'] as const) {
        await show(page, kiosk, card);
        await check(page, `${lang}-result-${card}`, size, false);
        await page.keyboard.press('Escape');
        await expect(page.locator('#ready-title')).toBeVisible();
        kiosk.clock.advance(11);
      }
      for (const screen of ['history', 'status', 'admin'] as const) {
        await page.locator('.nav-button').nth(['ready', 'history', 'status', 'admin'].indexOf(screen)).click();
        await expect(page.locator(`.screen-${screen}`)).toBeVisible();
        await check(page, `${lang}-${screen}`, size, true);
      }
      await page.locator('.nav-button').first().click();
    }
    await kiosk.service.unlock({ pin: PIN });
    await kiosk.service.updateSettings({ selfService: true });
    await page.reload();
    await expect(page.locator('.self-service')).toBeVisible();
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await check(page, `${lang}-self-service-ready`, size, false);
      await show(page, kiosk, 'expired');
      await check(page, `${lang}-self-service-result`, size, false);
      await page.keyboard.press('Escape');
      kiosk.clock.advance(11);
    }
  });
}
