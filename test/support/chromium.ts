import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

/** Where a Chromium may be: the one named in CHROMIUM_PATH, Debian's, then Playwright's own. */
function candidates(): string[] {
  const own = ((): string | null => {
    try {
      return chromium.executablePath();
    } catch {
      return null;
    }
  })();
  return [
    process.env['CHROMIUM_PATH'],
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    own,
  ].filter((p): p is string => typeof p === 'string' && p !== '');
}

/** The first Chromium that is installed, or null. */
export function findChromium(): string | null {
  const named = process.env['CHROMIUM_PATH'];
  // A path named on purpose is used or refused, never silently swapped for another browser.
  if (named) return existsSync(named) ? named : null;
  return candidates().find((p) => existsSync(p)) ?? null;
}

/** What to do when there is none: one line, for `npm test` to print and stop. */
export const NO_CHROMIUM =
  (process.env['CHROMIUM_PATH'] ? `CHROMIUM_PATH=${process.env['CHROMIUM_PATH']} does not exist. ` : '') +
  "The browser tests need Chromium: install Debian's (sudo apt-get install chromium), or Playwright's own where its download is reachable (npx playwright install chromium), or set CHROMIUM_PATH.";

/** The Chromium the tests drive (a path that fails clearly when there is none). */
export const CHROMIUM_PATH = findChromium() ?? process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Started as this machine needs (no sandbox as root, no background traffic). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
