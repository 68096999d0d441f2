import { expect, type Page } from '@playwright/test';

export const SIZES = [
  { width: 800, height: 480 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;

/**
 * What overflows sideways: the page itself, any element that scrolls sideways, and any visible
 * element that sticks out of the window (the body hides overflow, so clipping would otherwise
 * pass for "no scrolling").
 */
export async function horizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const name = (el: Element): string =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().replace(/\s+/g, '.')}` : ''}`;
    if (document.documentElement.scrollWidth > window.innerWidth + 1)
      problems.push(`page is ${document.documentElement.scrollWidth}px wide`);
    for (const el of document.querySelectorAll('body *')) {
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden' || el.closest('.sr-only')) continue;
      if ((style.overflowX === 'auto' || style.overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1)
        problems.push(`${name(el)} scrolls sideways (${el.scrollWidth} > ${el.clientWidth})`);
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.height > 0 && (r.right > window.innerWidth + 1 || r.left < -1))
        problems.push(`${name(el)} sticks out (${Math.round(r.left)}..${Math.round(r.right)})`);
    }
    return problems.slice(0, 10);
  });
}

/** Ready and Result must not scroll up and down either, nor have their content cut off. */
export async function verticalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    if (document.documentElement.scrollHeight > window.innerHeight + 1)
      problems.push(`page is ${document.documentElement.scrollHeight}px tall`);
    const main = document.querySelector('main');
    if (main && main.scrollHeight > main.clientHeight + 1)
      problems.push(`main holds ${main.scrollHeight}px in ${main.clientHeight}px`);
    for (const el of document.querySelectorAll('main *')) {
      const r = el.getBoundingClientRect();
      if (r.height > 0 && r.bottom > window.innerHeight + 1 && !el.closest('.sr-only'))
        problems.push(`${el.tagName.toLowerCase()}.${String(el.className)} ends at ${Math.round(r.bottom)}`);
    }
    return problems.slice(0, 10);
  });
}

/** Text smaller than 18 px anywhere on screen (docs/contract/ui-brief.md, "Type, space, motion": nothing below 18 px). */
export async function smallText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const small: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? '';
      const el = node.parentElement;
      if (text === '' || !el || el.closest('.sr-only, [aria-hidden="true"], svg')) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < 18) small.push(`"${text.slice(0, 30)}" at ${size}px`);
    }
    return small.slice(0, 10);
  });
}

/**
 * Arabic and Bengali words set in a font list without the page's own font for that script (a
 * system monospace font has no Bengali: the words show as boxes).
 */
export async function missingScriptFont(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const scripts = [
      { font: 'Noto Sans Arabic', chars: /[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]/ },
      { font: 'Noto Sans Bengali', chars: /[\u0980-\u09ff]/ },
    ];
    const missing: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? '';
      const el = node.parentElement;
      if (text === '' || !el) continue;
      const family = getComputedStyle(el).fontFamily;
      for (const s of scripts)
        if (s.chars.test(text) && !family.includes(s.font)) missing.push(`"${text.slice(0, 30)}" in ${family}`);
    }
    return missing.slice(0, 10);
  });
}

export async function expectFits(page: Page, what: string, opts: { vertical: boolean; minText: boolean }) {
  expect(await horizontalOverflow(page), `${what}: nothing sideways`).toEqual([]);
  if (opts.vertical) expect(await verticalOverflow(page), `${what}: nothing below the fold`).toEqual([]);
  if (opts.minText) expect(await smallText(page), `${what}: no text under 18 px`).toEqual([]);
  expect(await missingScriptFont(page), `${what}: every script in a font that has it`).toEqual([]);
}
