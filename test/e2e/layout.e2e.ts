import type { Browser, Page } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startDemoLibrary } from '../../server/sip2-test/demo-link';
import type { TerminalApi } from '../../src/contract/terminal-api';
import { BrowserHost } from '../../src/host/browser-host';
import { openTerminalForHost } from '../../src/service/open-terminal';
import { TerminalService } from '../../src/service/terminal-service';
import { expectAccessible, screenshot } from './a11y';
import { expect, paintedAfter, PIN, ROOT, test, wedgeScan, type Kiosk } from './fixtures';
import { expectFits, SIZES } from './layout';
import { enrolledTerminal } from '../support/sync-server';

/**
 * Every screen, in every language, at the three target sizes: no sideways scrolling anywhere,
 * no scrolling at all on Ready and Result, no text under 18 px at 800x480; a screenshot of each
 * (test-results/screenshots/layout/) for people to look at, and axe at 1280x800. The staff and
 * self-service screens; self-service borrowing (its running list, My loans, renewals, the
 * summary); and the pages shown without a working terminal (lost connection, could not start,
 * a kiosk out of order), the first two in a browser set to the language, whose words they use.
 */
const LANGUAGES = ['en', 'ar', 'pl', 'bn'] as const;

async function show(page: Page, kiosk: Kiosk, card: Parameters<Kiosk['card']>[0]): Promise<void> {
  await paintedAfter(page, () => kiosk.service.submit({ text: kiosk.card(card), source: 'hid' }));
}

/** The page is in `lang` (its words and direction), as the matrix means it to be. */
async function expectLang(page: Page, lang: string): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
  await expect(page.locator('html')).toHaveAttribute('dir', lang === 'ar' ? 'rtl' : 'ltr');
}

/** The terminal API of a terminal that could not start: its database is from a newer version. */
async function startupFailure(): Promise<TerminalApi> {
  const dataDir = mkdtempSync(join(tmpdir(), 'civicpass-e2e-'));
  const db = new Database(join(dataDir, 'terminal.db'));
  db.pragma('user_version = 99');
  db.close();
  const opened = await openTerminalForHost({ dataDir, autoSync: false }, () => undefined);
  expect(opened.ok).toBe(false);
  return opened.api;
}

/** Serves the renderer for `api` while `use` runs. */
async function withHost(api: TerminalApi, use: (url: string) => Promise<void>): Promise<void> {
  const host = new BrowserHost({ api, staticDir: join(ROOT, 'out/renderer') });
  const { url } = await host.listen();
  try {
    await use(url);
  } finally {
    await host.close();
  }
}

/** A page in a browser set to `locale` (the language of the pages that cannot ask the terminal). */
async function withPage(browser: Browser, locale: string, use: (page: Page) => Promise<void>): Promise<void> {
  const context = await browser.newContext({ locale });
  try {
    await use(await context.newPage());
  } finally {
    await context.close();
  }
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

  test(`layout in ${lang}: self-service borrowing, my loans, renewals and the summary`, async ({ page, kiosk }) => {
    test.setTimeout(120_000);
    const lms = await startDemoLibrary(kiosk.server.storage, 0);
    try {
      await kiosk.service.admin.runSync();
      await kiosk.service.unlock({ pin: PIN });
      await kiosk.service.updateSettings({
        language: lang,
        selfService: true,
        autoReturnValidMs: 120_000,
        autoReturnOtherMs: 120_000,
      });
      await kiosk.service.lock();
      await page.goto(kiosk.url);
      await expect(page.locator('.self-service')).toBeVisible();
      await show(page, kiosk, 'valid');
      await expect(page.locator('.borrow')).toBeVisible();
      // Lent, refused (reference only) and reserved for someone else: the running list at its fullest.
      await wedgeScan(page, '31234000000029');
      await expect(page.locator('.borrowed-ok')).toHaveCount(1);
      await wedgeScan(page, '31234000000052');
      await expect(page.locator('[data-refusal="item_refused"]')).toHaveCount(1);
      await wedgeScan(page, '31234000000060');
      await expect(page.locator('[data-refusal="on_hold"]')).toHaveCount(1);
      await expectLang(page, lang);
      // The running lists grow with each item, so they may scroll up and down (never sideways);
      // the summary of this session must fit as a result does.
      for (const size of SIZES) {
        await page.setViewportSize(size);
        await check(page, `${lang}-self-service-borrow`, size, true);
      }
      await page.locator('.borrow-actions .secondary').first().click();
      await expect(page.locator('#loans-title')).toBeVisible();
      await expect(page.locator('.loan-list li')).toHaveCount(2);
      for (const size of SIZES) {
        await page.setViewportSize(size);
        await check(page, `${lang}-self-service-loans`, size, true);
      }
      await page.locator('.borrow-actions .secondary').last().click();
      await expect(page.locator('#renewed-title')).toBeVisible();
      for (const size of SIZES) {
        await page.setViewportSize(size);
        await check(page, `${lang}-self-service-renewed`, size, true);
      }
      await page.locator('.borrow-finish').click();
      await expect(page.locator('.borrow-summary')).toBeVisible();
      await expect(page.locator('.borrow-summary .loan-list li')).toHaveCount(1);
      for (const size of SIZES) {
        await page.setViewportSize(size);
        await check(page, `${lang}-self-service-summary`, size, false);
      }
    } finally {
      await lms.close();
    }
  });

  test(`layout in ${lang}: the pages shown without a working terminal`, async ({ browser, kiosk }) => {
    test.setTimeout(120_000);
    // A page that lost its terminal (here: opened without its key) cannot read the terminal's
    // settings, so it speaks the browser's language.
    await withPage(browser, lang, async (page) => {
      await page.goto(new URL(kiosk.url).origin + '/');
      await expect(page.locator('#connection-title')).toBeVisible();
      await expect(page.locator('main.connection')).toHaveAttribute('lang', lang);
      for (const size of SIZES) {
        await page.setViewportSize(size);
        await check(page, `${lang}-connection`, size, false);
      }
    });
    // A terminal that could not start (a database from a newer version): the browser's language too.
    await withHost(await startupFailure(), (url) =>
      withPage(browser, lang, async (page) => {
        await page.goto(url);
        await expect(page.locator('#startup-title')).toBeVisible();
        await expectLang(page, lang);
        for (const size of SIZES) {
          await page.setViewportSize(size);
          await check(page, `${lang}-startup-failure`, size, false);
        }
      }),
    );
    // A self-service kiosk with no usable card data: the venue's language, whatever the browser's.
    const bare = await TerminalService.open({
      dataDir: mkdtempSync(join(tmpdir(), 'civicpass-e2e-ooo-')),
      autoSync: false,
    });
    try {
      await bare.setPin({ next: PIN });
      await bare.unlock({ pin: PIN });
      await bare.updateSettings({ selfService: true, language: lang });
      await bare.lock();
      await withHost(bare, (url) =>
        withPage(browser, 'en-GB', async (page) => {
          await page.goto(url);
          await expect(page.locator('#ooo-title')).toBeVisible();
          await expectLang(page, lang);
          for (const size of SIZES) {
            await page.setViewportSize(size);
            await check(page, `${lang}-out-of-order`, size, false);
          }
        }),
      );
    } finally {
      await bare.close();
    }
  });
}
