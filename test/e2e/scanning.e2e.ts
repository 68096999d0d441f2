import { expectAccessible, expectNoScroll, screenshot } from './a11y';
import { expect, resultPainted, test, wedgeScan } from './fixtures';

test.describe('scanning', () => {
  test('a keyboard-wedge scan of a valid card shows Valid, the name and the library number', async ({
    page,
    kiosk,
  }) => {
    await page.goto(kiosk.url);
    // No NFC reader is set up on this terminal, so it does not offer "tap".
    await expect(page.getByRole('heading', { name: 'Scan the card' })).toBeVisible();
    await expectAccessible(page);
    await expectNoScroll(page);
    await screenshot(page, 'ready');
    const painted = resultPainted(page);
    await wedgeScan(page, kiosk.card('valid'));
    await painted;
    const result = page.locator('.result');
    await expect(result).toHaveAttribute('data-outcome', 'valid');
    await expect(page.getByRole('heading', { name: 'Valid: Libraries' })).toBeVisible();
    await expect(result).toContainText('Amira');
    await expect(result).toContainText('29876000000017');
    await expectAccessible(page);
    await expectNoScroll(page);
    await screenshot(page, 'result-valid');
    // The secret left the address bar once read.
    expect(page.url()).not.toContain('secret');
  });

  test('a scanner on a German keyboard layout still reads the token (physical key codes)', async ({ page, kiosk }) => {
    await page.goto(kiosk.url);
    await expect(page.locator('#ready-title')).toBeVisible();
    const painted = resultPainted(page);
    await wedgeScan(page, kiosk.card('valid'), 'de');
    await painted;
    await expect(page.locator('.result')).toHaveAttribute('data-outcome', 'valid');
  });

  for (const [card, outcome, reason, headline, shot] of [
    ['expired', 'invalid', 'expired', 'Do not accept this card', 'result-invalid'],
    ['revoked', 'invalid', 'revoked', 'Do not accept this card', null],
    ['not-entitled', 'limited', 'not_entitled', 'Card is genuine, but not for this', 'result-limited'],
    ['suspended', 'invalid', 'suspended', 'Do not accept this card', null],
  ] as const) {
    test(`${card} card: ${outcome} (${reason}) with its words and next step`, async ({ page, kiosk }) => {
      await page.goto(kiosk.url);
      await expect(page.locator('#ready-title')).toBeVisible();
      const painted = resultPainted(page);
      await wedgeScan(page, kiosk.card(card));
      await painted;
      const result = page.locator('.result');
      await expect(result).toHaveAttribute('data-outcome', outcome);
      await expect(result).toHaveAttribute('data-reason', reason);
      await expect(page.getByRole('heading', { name: headline })).toBeVisible();
      await expectAccessible(page);
      await expectNoScroll(page);
      if (shot) await screenshot(page, shot);
    });
  }

  test('something that is not a resident card is Cannot check, and Done returns to Ready', async ({ page, kiosk }) => {
    await page.goto(kiosk.url);
    await expect(page.locator('#ready-title')).toBeVisible();
    const painted = resultPainted(page);
    await wedgeScan(page, 'TOTAL-1250-GBP-THANKYOU');
    await painted;
    await expect(page.locator('.result')).toHaveAttribute('data-outcome', 'unverifiable');
    await expect(page.getByText('This is not a resident card code.')).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'result-unverifiable');
    await page.getByRole('button', { name: 'Done' }).click();
    await expect(page.locator('#ready-title')).toBeVisible();
  });

  test('manual entry of a library number goes through the registry', async ({ page, kiosk }) => {
    await page.goto(kiosk.url);
    await page.getByLabel('Type a library number').fill('29876000000017');
    const painted = resultPainted(page);
    await page.getByRole('button', { name: 'Check' }).click();
    await painted;
    await expect(page.locator('.result')).toHaveAttribute('data-outcome', 'valid');
    const [scan] = await kiosk.service.recentScans({ limit: 1 });
    expect(scan?.source).toBe('manual');
  });

  test('the result returns to Ready by itself, and a new scan replaces a shown result', async ({ page, kiosk }) => {
    await kiosk.service.unlock({ pin: '482916' });
    await kiosk.service.updateSettings({ autoReturnValidMs: 1000, autoReturnOtherMs: 1500 });
    await page.goto(kiosk.url);
    await expect(page.locator('#ready-title')).toBeVisible();
    let painted = resultPainted(page);
    await wedgeScan(page, kiosk.card('revoked'));
    await painted;
    await expect(page.locator('.result')).toHaveAttribute('data-outcome', 'invalid');
    painted = resultPainted(page);
    await wedgeScan(page, kiosk.card('valid'));
    await painted;
    await expect(page.locator('.result')).toHaveAttribute('data-outcome', 'valid');
    await expect(page.locator('#ready-title')).toBeVisible({ timeout: 5000 });
  });
});
