import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './fixtures';

/** axe-core with the WCAG 2.2 AA tags: zero violations, listed by rule when there are some. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary).toEqual([]);
}

/**
 * Saves a screenshot of a screen, for people reviewing a change: in test-results/screenshots, or
 * in docs/screenshots (the README's pictures) when CIVICPASS_UPDATE_SCREENSHOTS=1.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = join(
    ROOT,
    process.env['CIVICPASS_UPDATE_SCREENSHOTS'] === '1' ? 'docs/screenshots' : 'test-results/screenshots',
  );
  mkdirSync(dir, { recursive: true });
  // The result fades in (150 ms); picture it as people see it a moment later.
  await page.evaluate(() => document.getAnimations().forEach((a) => a.finish()));
  await page.screenshot({ path: join(dir, `${name}.png`) });
}

/** Ready and Result must not scroll at any of the target sizes. */
export async function expectNoScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => {
    const main = document.querySelector('main');
    return {
      page: document.documentElement.scrollHeight - window.innerHeight,
      main: main ? main.scrollHeight - main.clientHeight : 0,
    };
  });
  expect(overflow.page).toBeLessThanOrEqual(0);
  expect(overflow.main).toBeLessThanOrEqual(1);
}
