/**
 * Issue 9's numbered defects, each as people meet them at a real counter (the camera, wedge
 * timing and layout matrix have files of their own).
 */
import { BrowserHost } from '../../src/host/browser-host';
import { enrolledTerminal } from '../support/sync-server';
import { expectAccessible, screenshot } from './a11y';
import { expect, paintedAfter, PIN, resultPainted, test, wedgeScan, type Kiosk } from './fixtures';
import { dispatchTimed, scannerKeys } from './timed-keys';
import type { Page } from '@playwright/test';

async function show(page: Page, kiosk: Kiosk, card: Parameters<Kiosk['card']>[0]): Promise<void> {
  await paintedAfter(page, () => kiosk.service.submit({ text: kiosk.card(card), source: 'hid' }));
}

async function staffSettings(kiosk: Kiosk, patch: Parameters<Kiosk['service']['updateSettings']>[0]): Promise<void> {
  await kiosk.service.unlock({ pin: PIN });
  await kiosk.service.updateSettings(patch);
  await kiosk.service.lock();
}

/** Relative luminance of a CSS rgb() colour (WCAG 2.2). */
function luminance(css: string): number {
  const [r, g, b] = (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
const contrast = (a: string, b: string): number => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
};

test('1. the same card again within the window shows its result again as a repeat; nothing is logged twice', async ({
  page,
  kiosk,
}) => {
  await page.goto(kiosk.url);
  await expect(page.locator('#ready-title')).toBeVisible();
  let painted = resultPainted(page);
  await wedgeScan(page, kiosk.card('citysave'));
  await painted;
  await page.keyboard.press('Escape');
  kiosk.clock.advance(5);
  painted = resultPainted(page);
  await wedgeScan(page, kiosk.card('citysave'));
  expect(await painted).toMatchObject({ repeat: true });
  await expect(page.locator('.result')).toHaveAttribute('data-repeat', 'true');
  await expect(page.locator('.again-banner')).toContainText('Same card again');
  expect(await kiosk.service.recentScans({})).toHaveLength(1);
});

test('3. a cancelled or suspended card never says "Valid until"; a usable one does', async ({ page, kiosk }) => {
  await page.goto(kiosk.url);
  await expect(page.locator('#ready-title')).toBeVisible();
  for (const card of ['revoked', 'suspended', 'expired'] as const) {
    await show(page, kiosk, card);
    await expect(page.locator('.result')).toHaveAttribute('data-outcome', 'invalid');
    await expect(page.locator('.result')).not.toContainText('Valid until');
  }
  await expect(page.locator('.reason-words')).toContainText('This card expired on');
  for (const card of ['valid', 'not-entitled'] as const) {
    await show(page, kiosk, card);
    await expect(page.locator('.card-expiry')).toContainText('Valid until');
  }
});

test('4. valid and invalid differ in lightness (3:1 or more), and focus shows on every background', async ({
  page,
  kiosk,
}) => {
  await page.goto(kiosk.url);
  await expect(page.locator('#ready-title')).toBeVisible();
  const backgrounds: Record<string, string> = {};
  /** The focused control's two-tone ring: one of its bands must stand out (3:1) on `background`. */
  const expectRingShows = async (where: string, background: string): Promise<void> => {
    const ring = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const s = getComputedStyle(el);
      return { outline: s.outlineColor, style: s.outlineStyle, shadow: s.boxShadow };
    });
    expect(ring.style, where).not.toBe('none');
    const shadow = ring.shadow.match(/rgba?\([^)]*\)/)?.[0] ?? '';
    const best = Math.max(contrast(ring.outline, background), contrast(shadow, background));
    expect(best, `focus ring on ${where}`).toBeGreaterThanOrEqual(3);
  };
  // On white: the first control reached with Tab.
  await page.keyboard.press('Tab');
  await expectRingShows('white', await page.evaluate(() => getComputedStyle(document.body).backgroundColor));
  const cards = { valid: 'valid', limited: 'not-entitled', invalid: 'revoked', unverifiable: null } as const;
  for (const [outcome, card] of Object.entries(cards)) {
    if (card) await show(page, kiosk, card);
    else
      await paintedAfter(page, () => kiosk.service.submitScan({ text: 'TOTAL-1250-GBP-THANKYOU', source: 'keyboard' }));
    await expect(page.locator('.result')).toHaveAttribute('data-outcome', outcome);
    backgrounds[outcome] = await page.locator('.result').evaluate((e) => getComputedStyle(e).backgroundColor);
    // Focus is on Done; its ring has a light and a dark band, and one of them stands out here.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Done');
    await expectRingShows(outcome, backgrounds[outcome] ?? '');
  }
  const bg = (o: string): string => backgrounds[o] ?? '';
  expect(contrast(bg('valid'), bg('invalid'))).toBeGreaterThanOrEqual(3);
  // The light outcomes (valid, limited) stand apart from the dark ones (invalid, unverifiable).
  expect(contrast(bg('valid'), bg('unverifiable'))).toBeGreaterThanOrEqual(3);
  expect(contrast(bg('limited'), bg('invalid'))).toBeGreaterThanOrEqual(3);
});

test('5. "already used" words the offer\'s real limit, with proper plurals', async ({ page, kiosk }) => {
  // The venue's café offer becomes "twice a week".
  const venue = (await kiosk.server.storage.getVenue('demo-library'))!;
  const config = venue.config as { offers: { id: string; limit: unknown }[] };
  await kiosk.server.storage.putVenue({
    ...venue,
    config: { ...config, offers: config.offers.map((o) => ({ ...o, limit: { count: 2, per: 'week' } })) },
  });
  await kiosk.service.admin.runSync();
  await staffSettings(kiosk, { offerId: 'cafe-10', language: 'pl' });
  await page.goto(kiosk.url);
  await expect(page.locator('#ready-title')).toBeVisible();
  for (let i = 0; i < 3; i++) {
    kiosk.clock.advance(60);
    await show(page, kiosk, 'citysave');
  }
  await expect(page.locator('.result')).toHaveAttribute('data-reason', 'already_used');
  await expect(page.locator('.next-step')).toHaveText('Z oferty można skorzystać 2 razy w tygodniu.');
  await staffSettings(kiosk, { language: 'en', offerId: 'cafe-10' });
  await page.reload();
  await expect(page.locator('#ready-title')).toBeVisible();
  kiosk.clock.advance(60);
  await show(page, kiosk, 'citysave');
  await expect(page.locator('.next-step')).toHaveText('The offer can be used 2 times a week.');
});

test('7. a tab from before a restart, or without its key, says what happened and what to do', async ({
  page,
  kiosk,
}) => {
  const origin = new URL(kiosk.url).origin;
  await page.goto(`${origin}/`);
  await expect(page.getByRole('heading', { name: 'This address is missing its key' })).toBeVisible();
  await expectAccessible(page);

  await page.goto('about:blank');
  await page.goto(kiosk.url);
  await expect(page.locator('#ready-title')).toBeVisible();
  // The terminal stops: the page says so, then the terminal comes back with a new key.
  await kiosk.host.close();
  await expect(page.getByRole('heading', { name: 'The terminal has stopped' })).toBeVisible();
  await screenshot(page, 'connection-lost');
  const again = new BrowserHost({ api: kiosk.service, staticDir: kiosk.staticDir, port: Number(new URL(origin).port) });
  await again.listen();
  try {
    await expect(page.getByRole('heading', { name: 'This page is from before the terminal restarted' })).toBeVisible({
      timeout: 15_000,
    });
    await expectAccessible(page);
    await screenshot(page, 'connection-restarted');
  } finally {
    await again.close();
  }
});

test('8. "Undo this redemption" while staff are locked out asks for the PIN, then undoes', async ({ page, kiosk }) => {
  await staffSettings(kiosk, { offerId: 'cafe-10', autoReturnValidMs: 4000 });
  await page.goto(kiosk.url);
  await expect(page.locator('#ready-title')).toBeVisible();
  await show(page, kiosk, 'citysave');
  await page.getByRole('button', { name: 'Undo this redemption' }).click();
  await expect(page.getByText('Undoing a redemption needs the staff PIN.')).toBeVisible();
  // The result waits while the PIN is typed (it would have gone back to Ready after 4 s).
  await page.waitForTimeout(4500);
  await expect(page.locator('.result')).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Enter the staff PIN').fill(PIN);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('button', { name: 'Redemption undone.' })).toBeDisabled();
  expect(kiosk.service.admin.queue().depth).toBe(2);
});

test('12. self-service speaks to residents in their own words and language, and can call staff', async ({
  page,
  kiosk,
}) => {
  await page.clock.install();
  await staffSettings(kiosk, { selfService: true });
  await page.goto(kiosk.url);
  await expect(page.locator('.self-service')).toBeVisible();
  // A resident picks Polish for themselves: no PIN.
  await page.getByRole('button', { name: 'Polski' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'pl');
  await show(page, kiosk, 'revoked');
  await expect(page.locator('.result')).toContainText('Prosimy zwrócić się do pracownika.');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Polski' }).click();
  await page.getByRole('button', { name: 'English' }).click();
  await show(page, kiosk, 'revoked');
  // Resident words, never the staff's.
  await expect(page.locator('.result')).toContainText('Please ask a member of staff.');
  await expect(page.locator('.result')).not.toContainText('Ask for another form of ID');
  await expect(page.locator('.result')).not.toContainText('Do not accept');
  await screenshot(page, 'self-service-revoked');
  await page.getByRole('button', { name: 'Call staff' }).click();
  await page.getByRole('button', { name: 'Call staff' }).click();
  await expect(page.getByText('A member of staff has been called. Please wait here.')).toBeVisible();
  await expectAccessible(page);
  // One scan (its repeat logged nothing) and one call, however many presses, queued for the
  // next sync; the call carries no personal data.
  expect(await kiosk.service.recentScans({})).toHaveLength(1);
  expect(kiosk.service.admin.queue().depth).toBe(2);
  // Idle: back to Ready and to the venue's language for the next resident.
  await page.getByRole('button', { name: 'Done' }).click();
  await page.getByRole('button', { name: 'Polski' }).click();
  await page.clock.fastForward(21_000);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('13. Status speaks plain words (detail kept for support); Sync now says why it wants the PIN', async ({
  page,
  kiosk,
}) => {
  await kiosk.server.server.close();
  await kiosk.service.admin.runSync().catch(() => undefined);
  await page.goto(kiosk.url);
  await page.getByRole('button', { name: 'Status' }).click();
  await expect(page.getByText('Cannot reach the card server.')).toBeVisible();
  await expect(page.locator('main')).not.toContainText('fetch failed', { useInnerText: true });
  await page.getByText('Detail for support').click();
  await expect(page.locator('.sync-problem code')).toContainText('/v1/');
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByText('Syncing by hand needs the staff PIN.')).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'status-offline');
});

test('13. a working wedge scanner is not "No USB scanner"; "tap" only with an NFC reader; typed numbers echoed masked', async ({
  page,
  kiosk,
}) => {
  await page.goto(kiosk.url);
  await expect(page.getByRole('heading', { name: 'Scan the card' })).toBeVisible();
  const painted = resultPainted(page);
  await wedgeScan(page, kiosk.card('valid'));
  await painted;
  await page.keyboard.press('Escape');
  await expect(page.locator('.status-strip')).toContainText('Keyboard scanner: last read at');
  await expect(page.locator('.status-strip')).not.toContainText('No USB scanner');
  await page.getByLabel('Type a library number').fill('29876000000041');
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.locator('.entered')).toHaveText('Number checked: ••••••••••0041');
  await page.keyboard.press('Escape');
  await staffSettings(kiosk, { nfcPrefix: '~N:' });
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Scan or tap the card' })).toBeVisible();
});

test("14. today's count, the last result again with F2 (staff only), Escape is Done, focus on Done", async ({
  page,
  kiosk,
}) => {
  await page.goto(kiosk.url);
  await expect(page.getByText('0 scans today')).toBeVisible();
  await show(page, kiosk, 'revoked');
  await expect(page.getByRole('button', { name: 'Done' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.locator('#ready-title')).toBeVisible();
  await expect(page.getByText('1 scan today')).toBeVisible();
  await page.keyboard.press('F2');
  await expect(page.locator('.result')).toHaveAttribute('data-reason', 'revoked');
  await expect(page.locator('.again-banner')).toContainText('Shown again on request');
  expect(await kiosk.service.recentScans({})).toHaveLength(1);
  await page.keyboard.press('Escape');
  await staffSettings(kiosk, { selfService: true });
  await page.reload();
  await expect(page.locator('.self-service')).toBeVisible();
  await page.keyboard.press('F2');
  await expect(page.locator('.result')).toHaveCount(0);
});

test('14. a cut-short wedge scan asks to scan again, with no verdict', async ({ page, kiosk }) => {
  await page.goto(kiosk.url);
  await expect(page.locator('#ready-title')).toBeVisible();
  const token = kiosk.card('valid');
  await dispatchTimed(page, scannerKeys(token.slice(0, 120), 4, { terminator: null }));
  await expect(page.getByText('The scan was cut short. Please scan the card again.')).toBeVisible();
  await expect(page.locator('.result')).toHaveCount(0);
  expect(await kiosk.service.recentScans({})).toHaveLength(0);
});

test('14. Admin: volume, a sound test, and a warning when no voice speaks the language', async ({ page, kiosk }) => {
  // Headless Chromium has no voices; a stand-in offers an English one only.
  await page.addInitScript(() => {
    const voices = [{ lang: 'en-GB', name: 'Stand-in English', default: true, localService: true, voiceURI: 'x' }];
    Object.defineProperty(window.speechSynthesis, 'getVoices', { value: () => voices });
    const w = window as unknown as { tones: number };
    w.tones = 0;
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with this context
    const original = AudioContext.prototype.createOscillator;
    AudioContext.prototype.createOscillator = function (this: AudioContext) {
      w.tones++;
      return original.call(this);
    };
  });
  await page.clock.install();
  await page.goto(kiosk.url);
  await page.getByRole('button', { name: 'Admin' }).click();
  await page.getByLabel('Enter the staff PIN').fill(PIN);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByLabel('Volume of the result sounds (0 to 100)')).toBeVisible();
  // The page gives the voices 2 s to load before it decides there is none: let far more than
  // that pass, so that a false warning (an English voice is there) would be on screen by now.
  await page.clock.fastForward(10_000);
  await expect(page.getByText(/No voice is installed/)).toHaveCount(0);
  await page.getByLabel('Volume of the result sounds (0 to 100)').fill('35');
  await page.getByLabel('Volume of the result sounds (0 to 100)').blur();
  await expect(page.getByRole('status').first()).toContainText('Saved.');
  expect((await kiosk.service.getSettings()).volume).toBe(35);
  await page.getByRole('button', { name: 'Play the four result sounds' }).click();
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { tones: number }).tones))
    .toBeGreaterThanOrEqual(6);
  await page.getByLabel('Language').first().selectOption('bn');
  await expect(page.getByRole('alert')).toContainText('বাংলা');
});

test('12. a kiosk\'s "Call staff" shows on the desk terminal after its next sync, until dismissed', async ({
  page,
  kiosk,
}) => {
  const other = await enrolledTerminal(kiosk.server);
  try {
    await page.goto(kiosk.url);
    await expect(page.locator('#ready-title')).toBeVisible();
    await other.service.callStaff();
    await other.service.admin.runSync();
    await kiosk.service.admin.runSync();
    const banner = page.locator('.staff-call');
    await expect(banner).toContainText('Help needed at test terminal');
    await expectAccessible(page);
    await screenshot(page, 'staff-call');
    await banner.getByRole('button', { name: 'Dismiss' }).click();
    await expect(page.locator('.staff-calls')).toHaveCount(0);
  } finally {
    await other.service.close();
  }
});

test('12. a resident\'s "Call staff" sounds on the kiosk at once; results are spoken in the resident\'s words', async ({
  page,
  kiosk,
}) => {
  // Headless Chromium has no voices and no loudspeaker: stand-ins record what would be spoken,
  // and the pitch of every tone the page starts.
  await page.addInitScript(() => {
    const w = window as unknown as { spoken: { text: string; lang: string }[]; pitches: number[] };
    w.spoken = [];
    w.pitches = [];
    Object.defineProperty(window.speechSynthesis, 'speak', {
      value: (u: SpeechSynthesisUtterance) => void w.spoken.push({ text: u.text, lang: u.lang }),
    });
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with this context
    const original = AudioContext.prototype.createOscillator;
    AudioContext.prototype.createOscillator = function (this: AudioContext) {
      const osc = original.call(this);
      const set = osc.frequency.setValueAtTime.bind(osc.frequency);
      osc.frequency.setValueAtTime = (value: number, at: number) => {
        w.pitches.push(value);
        return set(value, at);
      };
      return osc;
    };
  });
  await staffSettings(kiosk, { selfService: true, autoReturnValidMs: 60_000, autoReturnOtherMs: 60_000 });
  await page.goto(kiosk.url);
  await expect(page.getByRole('heading', { name: 'Scan your card under the light' })).toBeVisible();
  type Heard = { spoken: { text: string; lang: string }[]; pitches: number[] };
  /** What the stand-ins recorded so far. */
  const heard = (): Promise<Heard> =>
    page.evaluate(() => {
      const w = window as unknown as Heard;
      return { spoken: w.spoken, pitches: w.pitches };
    });
  const forget = (): Promise<void> =>
    page.evaluate(() => {
      const w = window as unknown as Heard;
      w.spoken = [];
      w.pitches = [];
    });
  await forget();

  // The chime starts in the press itself, before the terminal has answered the call (held here
  // until the sound was checked): the three notes of the doorbell, unlike any result's sound.
  let release = (): void => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  let calls = 0;
  await page.route('**/api/call/callStaff', async (route) => {
    calls++;
    await held;
    await route.continue();
  });
  await page.getByRole('button', { name: 'Call staff' }).click();
  await expect.poll(() => calls).toBe(1);
  const call = await heard();
  expect(call.pitches).toEqual([784, 988, 1319]);
  expect(call.spoken).toEqual([{ text: 'A member of staff has been called. Please wait here.', lang: 'en' }]);
  await expect(page.locator('.call-staff-state')).toHaveText('A member of staff has been called. Please wait here.');
  expect(kiosk.service.admin.queue().depth).toBe(0);
  // Let the call through: the terminal queues it for the venue's other terminals.
  release();
  await page.unrouteAll({ behavior: 'wait' });
  await expect.poll(() => kiosk.service.admin.queue().depth).toBe(1);

  // A result is spoken to the resident in the resident's words, never the staff's.
  await forget();
  await show(page, kiosk, 'valid');
  await expect
    .poll(async () => (await heard()).spoken)
    .toEqual([{ text: 'Your card works. Your card works for Libraries. You can borrow now.', lang: 'en' }]);
  await expect(page.locator('.result')).not.toContainText('Let them in');
  await page.keyboard.press('Escape');
  await expect(page.locator('#ready-title')).toBeVisible();
  await forget();
  await show(page, kiosk, 'revoked');
  await expect
    .poll(async () => (await heard()).spoken)
    .toEqual([
      { text: 'This card cannot be used. This card has been cancelled. Please ask a member of staff.', lang: 'en' },
    ]);
  for (const staffWords of ['Ask for another form of ID', 'Do not accept it'])
    await expect(page.locator('.result')).not.toContainText(staffWords);
});
