import { expect, resultPainted, test, wedgeScan } from './fixtures';

test('keyboard only: every control is reachable with Tab, focus is visible, Enter activates', async ({
  page,
  kiosk,
}) => {
  await page.goto(kiosk.url);
  await expect(page.locator('#ready-title')).toBeVisible();
  const reached: string[] = [];
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Tab');
    // A person's keys are far apart; the wedge decoder must not take them for a scanner.
    await page.waitForTimeout(60);
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      return {
        name: el.textContent?.trim() || el.getAttribute('aria-label') || el.id,
        outline: style.outlineStyle,
        width: el.getBoundingClientRect().width,
        height: el.getBoundingClientRect().height,
      };
    });
    if (!focused) continue;
    reached.push(focused.name);
    expect(focused.outline, `focus on ${focused.name} is visible`).not.toBe('none');
    expect(Math.min(focused.width, focused.height), `${focused.name} is at least 44 px`).toBeGreaterThanOrEqual(44);
  }
  expect(reached).toEqual(
    expect.arrayContaining(['Ready', 'History', 'Status', 'Admin', 'Camera on', 'manual-entry', 'Check']),
  );
  // Go to History with the keyboard alone.
  await page.getByRole('button', { name: 'History' }).focus();
  await page.waitForTimeout(60);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Scans today' })).toBeVisible();
});

test('reduced motion: the result appears without animation', async ({ page, kiosk }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(kiosk.url);
  await expect(page.locator('#ready-title')).toBeVisible();
  const painted = resultPainted(page);
  await wedgeScan(page, kiosk.card('valid'));
  await painted;
  expect(await page.locator('.result').evaluate((e) => getComputedStyle(e).animationName)).toBe('none');
});
