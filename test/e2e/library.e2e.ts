import type { Page } from '@playwright/test';
import { startDemoLibrary } from '../../server/sip2-test/demo-link';
import type { Sip2TestServer } from '../../server/sip2-test/server';
import { expectAccessible, screenshot } from './a11y';
import { expect, paintedAfter, PIN, test, wedgeScan, type Kiosk } from './fixtures';

/**
 * The library system at the desk and at self-service kiosks (issue 12), in Chromium against the
 * SIP2 test server: the account line under the verdict, borrowing, and what a resident never sees.
 */

/** Links the kiosk's venue to a fresh demo library system and takes the configuration. */
async function linkLibrary(kiosk: Kiosk): Promise<Sip2TestServer> {
  const lms = await startDemoLibrary(kiosk.server.storage, 0);
  await kiosk.service.admin.runSync();
  expect((await kiosk.service.getStatus()).library).toMatchObject({ configured: true, passwordSet: true });
  return lms;
}

async function staffSettings(kiosk: Kiosk, patch: Parameters<Kiosk['service']['updateSettings']>[0]): Promise<void> {
  await kiosk.service.unlock({ pin: PIN });
  await kiosk.service.updateSettings(patch);
  await kiosk.service.lock();
}

async function show(page: Page, kiosk: Kiosk, card: Parameters<Kiosk['card']>[0]): Promise<void> {
  await paintedAfter(page, () => kiosk.service.submit({ text: kiosk.card(card), source: 'hid' }));
}

test('desk: the account line follows the verdict, in words, for each account state', async ({ page, kiosk }) => {
  const lms = await linkLibrary(kiosk);
  try {
    await staffSettings(kiosk, { autoReturnValidMs: 60_000 });
    await page.goto(kiosk.url);
    await expect(page.locator('#ready-title')).toBeVisible();
    await show(page, kiosk, 'valid');
    const line = page.locator('.account-line');
    await expect(line.locator('.account-headline')).toHaveText('✓ Library account OK');
    // The name the library system holds, for staff to match with the card's.
    await expect(line).toContainText('Name on the account: Amira');
    await expect(page.locator('.result')).toHaveAttribute('data-outcome', 'valid');
    await screenshot(page, 'library/desk-account-ok');
    await expectAccessible(page);

    await show(page, kiosk, 'library-lost');
    // The verdict stays valid: the library system never changes it.
    await expect(page.locator('.result')).toHaveAttribute('data-outcome', 'valid');
    await expect(line).toContainText('Account blocked: borrowing not allowed, card reported lost');
    await expect(line).toContainText('Library system: “Card reported lost”');
    await screenshot(page, 'library/desk-account-lost');
    await expectAccessible(page);

    await show(page, kiosk, 'library-fines');
    await expect(line).toContainText('Library account OK');
    await expect(line).toContainText('Fines £4.50');
    await show(page, kiosk, 'library-overdue');
    await expect(line).toContainText('3 items overdue');

    // Down: the verdict as usual, and staff told to check at the desk; Status says why.
    await lms.close();
    await show(page, kiosk, 'valid');
    await expect(page.locator('.result')).toHaveAttribute('data-outcome', 'valid');
    await expect(line).toHaveText('⚠ Library system not reachable: check the account at the desk.');
    await expectAccessible(page);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Status' }).click();
    await expect(page.locator('[data-library-link="down"] dd')).toContainText(
      'Not reachable: not reachable (network, or the library system is down)',
    );
  } finally {
    await lms.close();
  }
});

test('desk: a slow library system keeps the result up until its line arrives, then the result times out', async ({
  page,
  kiosk,
}) => {
  const lms = await linkLibrary(kiosk);
  try {
    await staffSettings(kiosk, { autoReturnValidMs: 1000 });
    await page.goto(kiosk.url);
    await expect(page.locator('#ready-title')).toBeVisible();
    // A first lookup logs the link in; then the library system slows down.
    await show(page, kiosk, 'library-fines');
    await expect(page.locator('.account-line')).toContainText('Fines');
    await expect(page.locator('.result')).toBeHidden({ timeout: 5000 });
    lms.dialect.answerDelayMs = 2000;
    await show(page, kiosk, 'valid');
    await expect(page.locator('.account-line')).toHaveText('⋯ Checking the library account…');
    // Longer than the result's own 1 s: still up, with no countdown while it waits.
    await page.waitForTimeout(1500);
    await expect(page.locator('.result')).toBeVisible();
    await expect(page.locator('.countdown')).toHaveCount(0);
    await expect(page.locator('.account-headline')).toHaveText('✓ Library account OK', { timeout: 3000 });
    // Now its own timer runs.
    await expect(page.locator('.result')).toBeHidden({ timeout: 3000 });
  } finally {
    await lms.close();
  }
});

for (const lang of ['en', 'ar'] as const) {
  test(`self-service (${lang}): borrow, refusals in words, my loans, renew all, finish; nothing left after`, async ({
    page,
    kiosk,
  }) => {
    const lms = await linkLibrary(kiosk);
    try {
      await staffSettings(kiosk, { selfService: true, language: lang });
      await page.goto(kiosk.url);
      await expect(page.locator('#ready-title')).toBeVisible();
      await show(page, kiosk, 'valid');
      const borrow = page.locator('.borrow');
      await expect(borrow).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      // Every scan here is an item: a Code 128 label read by the wedge scanner.
      await wedgeScan(page, '31234000000029');
      await expect(page.locator('.borrowed-ok')).toHaveCount(1);
      await expect(page.locator('.borrowed-ok')).toContainText('Brick Lane');
      await wedgeScan(page, '31234000000052');
      await expect(page.locator('[data-refusal="item_refused"]')).toHaveCount(1);
      await wedgeScan(page, '31234000000060');
      await expect(page.locator('[data-refusal="on_hold"]')).toHaveCount(1);
      await screenshot(page, `library/kiosk-borrow-${lang}`);
      await expectAccessible(page);
      if (lang === 'en') {
        await expect(page.locator('.borrowed-ok')).toContainText('Due back');
        await expect(page.locator('[data-refusal="on_hold"]')).toContainText('reserved for someone else');
        await page.getByRole('button', { name: 'My loans' }).click();
        await expect(page.locator('.loan-list li')).toHaveCount(2);
        await expectAccessible(page);
        await page.getByRole('button', { name: 'Renew all' }).click();
        await expect(page.locator('#renewed-title')).toContainText('renewed');
      }
      await page.locator('.borrow-finish').click();
      const summary = page.locator('.borrow-summary');
      await expect(summary).toBeVisible();
      await expect(summary).toContainText('Brick Lane');
      await screenshot(page, `library/kiosk-summary-${lang}`);
      await expectAccessible(page);
      // The session ended with Finish: the service refuses to lend on it.
      await expect(kiosk.service.borrowItem({ itemId: '31234000000037' })).rejects.toMatchObject({
        code: 'no_session',
      });
      await summary.getByRole('button').click();
      await expect(page.locator('#ready-title')).toBeVisible();
      await expect(page.locator('body')).not.toContainText('Brick Lane');
    } finally {
      await lms.close();
    }
  });
}

test('desk in Arabic: the account line in the staff language, accessible', async ({ page, kiosk }) => {
  const lms = await linkLibrary(kiosk);
  try {
    await staffSettings(kiosk, { language: 'ar', autoReturnValidMs: 60_000 });
    await page.goto(kiosk.url);
    await expect(page.locator('#ready-title')).toBeVisible();
    await show(page, kiosk, 'library-lost');
    const headline = page.locator('.account-headline');
    for (const words of ['الحساب موقوف', 'الاستعارة غير مسموحة', 'تم الإبلاغ عن فقدان البطاقة'])
      await expect(headline).toContainText(words);
    await screenshot(page, 'library/desk-account-lost-ar');
    await expectAccessible(page);
  } finally {
    await lms.close();
  }
});

test('self-service: a blocked account is "Please see staff", never why; the LMS down is "not available"', async ({
  page,
  kiosk,
}) => {
  const lms = await linkLibrary(kiosk);
  try {
    await staffSettings(kiosk, { selfService: true, autoReturnOtherMs: 60_000, autoReturnValidMs: 60_000 });
    await page.goto(kiosk.url);
    await expect(page.locator('#ready-title')).toBeVisible();
    await show(page, kiosk, 'library-lost');
    await expect(page.locator('.account-line')).toHaveText('⚠ Please see staff');
    await expect(page.locator('.borrow')).toHaveCount(0);
    // No reason, no message, no name on a screen others may see.
    for (const hidden of ['lost', 'José', 'blocked', 'Card reported'])
      await expect(page.locator('body')).not.toContainText(hidden);
    await expectAccessible(page);
    await page.keyboard.press('Escape');
    await lms.close();
    await show(page, kiosk, 'valid');
    await expect(page.locator('.account-line')).toContainText('Borrowing is not available right now');
    await expect(page.locator('.account-line')).toContainText('Please take your items to the desk.');
    await expectAccessible(page);
    // And in Arabic, the resident's own choice of language.
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'العربية' }).click();
    await show(page, kiosk, 'valid');
    await expect(page.locator('.account-line')).toContainText('الاستعارة غير متاحة الآن');
    await screenshot(page, 'library/kiosk-not-available-ar');
    await expectAccessible(page);
  } finally {
    await lms.close();
  }
});

test('self-service: a resident who walks away mid-borrowing is timed out; the session ends', async ({
  page,
  kiosk,
}) => {
  const lms = await linkLibrary(kiosk);
  try {
    await staffSettings(kiosk, { selfService: true });
    await page.clock.install();
    await page.goto(kiosk.url);
    await expect(page.locator('#ready-title')).toBeVisible();
    await show(page, kiosk, 'valid');
    await expect(page.locator('.borrow')).toBeVisible();
    await wedgeScan(page, '31234000000078');
    await expect(page.locator('.borrowed-ok')).toContainText('Middlemarch');
    await page.clock.runFor(61_000);
    await expect(page.locator('#ready-title')).toBeVisible();
    await expect(page.locator('body')).not.toContainText('Middlemarch');
    await expect
      .poll(() =>
        kiosk.service.myLoans().then(
          () => 'open',
          (e: { code?: string }) => e.code ?? 'error',
        ),
      )
      .toBe('no_session');
  } finally {
    await lms.close();
  }
});
