import type { Page } from '@playwright/test';
import { expectAccessible, screenshot } from './a11y';
import { expect, paintedAfter, PIN, test, type Kiosk } from './fixtures';
import { expectFits, SIZES } from './layout';
import { enrolledTerminal } from '../support/sync-server';

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
    // Another kiosk of the venue, whose clock runs on so that each call is a new one (a kiosk
    // makes one call a minute).
    const otherTime = { t: Date.now() / 1000 };
    const other = await enrolledTerminal(kiosk.server, kiosk.server.url, 'demo-library', { now: () => otherTime.t });
    const callStaffFrom = async (t: typeof other): Promise<void> => {
      otherTime.t += 61;
      await t.service.callStaff();
      await t.service.admin.runSync();
      await kiosk.service.admin.runSync();
    };
    await page.goto(kiosk.url);
    await expect(page.locator('#ready-title')).toBeVisible();
    // The words for a page that lost its terminal (here: opened without its key).
    const lost = await page.context().newPage();
    await lost.goto(new URL(kiosk.url).origin + '/');
    for (const size of SIZES) {
      await lost.setViewportSize(size);
      await expect(lost.locator('#connection-title')).toBeVisible();
      await check(lost, `${lang}-connection`, size, false);
    }
    await lost.close();
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
      // The fullest result: an offer redeemed, shown again (banner), undo asked with the PIN.
      await kiosk.service.unlock({ pin: PIN });
      await kiosk.service.updateSettings({ offerId: 'cafe-10' });
      await kiosk.service.lock();
      await show(page, kiosk, 'valid');
      kiosk.clock.advance(2);
      await show(page, kiosk, 'valid');
      await expect(page.locator('.again-banner')).toBeVisible();
      await check(page, `${lang}-result-repeat-offer`, size, false);
      await page.locator('.result-actions .secondary').first().click();
      await expect(page.locator('.pin-gate')).toBeVisible();
      await check(page, `${lang}-result-pin-gate`, size, false);
      // Undone, so that the next size can redeem the offer again.
      await page.locator('#staff-pin').fill(PIN);
      await page.locator('.pin-gate button[type="submit"]').click();
      await expect(page.locator('.result-actions .secondary[disabled]')).toBeVisible();
      await page.keyboard.press('Escape');
      await kiosk.service.unlock({ pin: PIN });
      await kiosk.service.updateSettings({ offerId: null });
      await kiosk.service.lock();
      kiosk.clock.advance(11);
      // A kiosk of the venue called for help: the banner on top of Ready.
      await callStaffFrom(other);
      await expect(page.locator('.staff-call').first()).toBeVisible();
      await check(page, `${lang}-ready-staff-call`, size, false);
      await page.locator('.staff-call button').first().click();
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
    await other.service.close();
  });
}
