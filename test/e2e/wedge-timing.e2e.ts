/**
 * Keyboard-wedge timing in Chromium (decision 33): keys on a real schedule through the page's
 * wedge hook, the browser host and the terminal. Real scanners pause; a person is slow from the
 * first key; a scanner's Enter after a token it already finished must not press Done.
 */
import type { Page } from '@playwright/test';
import { expect, PIN, resultPainted, test, type Kiosk } from './fixtures';
import { dispatchTimed, scannerKeys, typeTrusted } from './timed-keys';

async function ready(page: Page, kiosk: Kiosk): Promise<void> {
  await page.goto(kiosk.url);
  await expect(page.locator('#ready-title')).toBeVisible();
}

/** Scans the terminal logged, newest first. */
const scans = (kiosk: Kiosk) => kiosk.service.recentScans({ limit: 10 });

test.describe('wedge timing', () => {
  test('a genuine card with a 90 ms pause inside the code is one Valid result', async ({ page, kiosk }) => {
    await ready(page, kiosk);
    const card = kiosk.card('valid');
    const painted = resultPainted(page);
    const sent = await dispatchTimed(page, scannerKeys(card, 4, { pauses: { 120: 90 }, terminator: 'Enter' }));
    expect(sent[120]!.at - sent[119]!.at).toBeGreaterThanOrEqual(85);
    await painted;
    await expect(page.locator('.result')).toHaveAttribute('data-outcome', 'valid');
    // Under the 30 ms rule the two halves were two scans ("not a resident card" and "altered").
    await page.waitForTimeout(400);
    expect((await scans(kiosk)).map((s) => s.outcome)).toEqual(['valid']);
  });

  test('a slow scanner at 15 ms per character, without Enter, is Valid', async ({ page, kiosk }) => {
    await ready(page, kiosk);
    const card = kiosk.card('valid');
    const painted = resultPainted(page);
    const sent = await dispatchTimed(page, scannerKeys(card, 15));
    expect(sent.at(-1)!.at - sent[0]!.at).toBeGreaterThanOrEqual(15 * (card.length - 1) - 5);
    await painted;
    await expect(page.locator('.result')).toHaveAttribute('data-outcome', 'valid');
    await page.waitForTimeout(400);
    expect((await scans(kiosk)).map((s) => s.outcome)).toEqual(['valid']);
  });

  test("the scanner's Enter 60 ms after a complete token does not press the focused Done button", async ({
    page,
    kiosk,
  }) => {
    // The staff setting at its widest, so that a loaded machine's round trips (the trusted Enter
    // comes from the test) cannot decide the test; the unit tests pin the default 150 ms.
    await kiosk.service.unlock({ pin: PIN });
    await kiosk.service.updateSettings({ wedgeScanGapMs: 1000 });
    await kiosk.service.lock();
    await ready(page, kiosk);
    // What the page saw of each Enter (when, and what had focus) and of clicks on Done.
    await page.evaluate(() => {
      const seen = document.body.dataset;
      seen.doneClicks = '0';
      window.addEventListener(
        'keydown',
        (e) => {
          if (e.key !== 'Enter') return;
          seen.enterAt = String(e.timeStamp);
          seen.enterOnDone = String(document.activeElement?.matches('.result button.primary') ?? false);
        },
        true,
      );
      document.addEventListener(
        'click',
        (e) => {
          if (e.target instanceof HTMLElement && e.target.closest('.result button.primary'))
            seen.doneClicks = String(Number(seen.doneClicks) + 1);
        },
        true,
      );
    });
    // The result screen focuses Done as it appears, a few tens of milliseconds after the token.
    const doneFocused = page.evaluate(
      () =>
        new Promise<number>((resolve) =>
          document.addEventListener('focusin', (e) => {
            if (e.target instanceof HTMLElement && e.target.matches('.result button.primary')) resolve(e.timeStamp);
          }),
        ),
    );
    const sent = await dispatchTimed(page, scannerKeys(kiosk.card('valid'), 1));
    const tokenEnd = sent.at(-1)!.at;
    const focusedAt = await doneFocused;
    // A real (trusted) Enter, which activates a focused button unless the page prevents it.
    if (focusedAt < tokenEnd + 60) await page.waitForTimeout(tokenEnd + 60 - focusedAt);
    await page.keyboard.press('Enter');
    const seen = await page.evaluate(() => ({ ...document.body.dataset }));
    expect(
      Number(seen['enterAt']) - tokenEnd,
      'the Enter came within scanGapMs of the token (else this machine was too slow to test it)',
    ).toBeLessThan(1000);
    expect(seen['enterOnDone']).toBe('true');
    await page.waitForTimeout(1100);
    expect(await page.evaluate(() => document.body.dataset['doneClicks'])).toBe('0');
    await expect(page.locator('.result')).toHaveAttribute('data-outcome', 'valid');
    // The control: a person's Enter, well after the scan, does press Done.
    await page.keyboard.press('Enter');
    await expect(page.locator('#ready-title')).toBeVisible();
    expect(await page.evaluate(() => document.body.dataset['doneClicks'])).toBe('1');
  });

  test('a person typing in the manual-entry field at 150 ms per key is not captured', async ({ page, kiosk }) => {
    await ready(page, kiosk);
    const field = page.locator('#manual-entry');
    await field.focus();
    await page.keyboard.type('29876000000017', { delay: 150 });
    await page.waitForTimeout(400);
    await expect(field).toHaveValue('29876000000017');
    await expect(page.locator('.result')).toHaveCount(0);
    expect(await scans(kiosk)).toEqual([]);
  });

  test("a scanner's first keys that reached a focused field are taken back out of it", async ({ page, kiosk }) => {
    await ready(page, kiosk);
    const field = page.locator('#manual-entry');
    await field.focus();
    // A person's digits, left alone well before the scan.
    await page.keyboard.type('123', { delay: 160 });
    await page.waitForTimeout(300);
    await page.evaluate(() => {
      const input = document.querySelector<HTMLInputElement>('#manual-entry')!;
      const values: string[] = [];
      input.addEventListener('input', () => values.push(input.value));
      document.body.dataset.fieldValues = '';
      input.addEventListener('input', () => (document.body.dataset.fieldValues = JSON.stringify(values)));
    });
    const painted = resultPainted(page);
    await typeTrusted(page, kiosk.card('valid'));
    await painted;
    await expect(page.locator('.result')).toHaveAttribute('data-outcome', 'valid');
    const values = JSON.parse((await page.evaluate(() => document.body.dataset['fieldValues'])) ?? '[]') as string[];
    // The scanner's first keys went in before it was recognised, then the field got its value back.
    expect(values.length).toBeGreaterThan(0);
    expect(values.at(-1)).toBe('123');
    // How many keys got in before recognition depends on the browser's round trips (at least the
    // five before the sixth fast key); whatever got in, the person's digits were never touched.
    expect(values.every((v) => v.startsWith('123'))).toBe(true);
    const logged = await scans(kiosk);
    expect(logged.map((s) => [s.source, s.outcome])).toEqual([['keyboard', 'valid']]);
  });
});
