import { chromium, type Browser, type Page } from '@playwright/test';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoDeployment } from '../../server/admin/demo-setup';
import { DEMO_LIBRARY } from '../../server/sip2-test/demo-library';
import { SqliteSyncStorage } from '../../server/storage/sqlite-storage';
import { DEFAULT_ENGINE, type DecoderEngine, type RgbaImage } from '../../src/decoder/types';
import { DEMO_CARDS } from '../../src/issuer/demo-cards';
import { renderBarcode } from '../../src/node/barcode-writer';
import { createNodeDecoder } from '../../src/node/decoder-engines';
import { readImageFile } from '../../src/node/image-file';
import { CHROMIUM_ARGS, CHROMIUM_PATH, NO_CHROMIUM } from '../support/chromium';
import { ROOT } from '../support/cli';

/**
 * The printable demo card page, as a new user meets it: opened in Chromium and printed to A4.
 * Every card must scan, with the project's own decoder, from the screen and from the paper.
 */

/** Where the screenshot, the PDF and its pages are kept for a person to look at. */
const OUT = join(ROOT, 'test-results', 'card-sheet');

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

function crop(image: RgbaImage, box: Box): RgbaImage {
  const x0 = Math.max(0, Math.floor(box.x));
  const y0 = Math.max(0, Math.floor(box.y));
  const width = Math.min(image.width, Math.ceil(box.x + box.width)) - x0;
  const height = Math.min(image.height, Math.ceil(box.y + box.height)) - y0;
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const from = ((y0 + y) * image.width + x0) * 4;
    data.set(image.data.subarray(from, from + width * 4), y * width * 4);
  }
  return { width, height, data };
}

/** Runs of indices in [0, length) where `ink(i)` holds, as [start, end) pairs. */
function runs(length: number, ink: (i: number) => boolean): [number, number][] {
  const found: [number, number][] = [];
  let start = -1;
  for (let i = 0; i <= length; i++) {
    const on = i < length && ink(i);
    if (on && start < 0) start = i;
    if (!on && start >= 0) {
      found.push([start, i]);
      start = -1;
    }
  }
  return found;
}

/** Ink, not paper: anything darker than near-white (the cards' grey border counts). */
function inked(image: RgbaImage, x: number, y: number): boolean {
  const i = (y * image.width + x) * 4;
  return Math.min(image.data[i] ?? 255, image.data[i + 1] ?? 255, image.data[i + 2] ?? 255) < 230;
}

/**
 * The blocks of a printed page, cut where a whole row, then a whole column within each band, is
 * blank paper (an XY cut). Each bordered card is one block; lines of text are blocks too.
 */
function blocks(page: RgbaImage): Box[] {
  const out: Box[] = [];
  for (const [top, bottom] of runs(page.height, (y) => {
    for (let x = 0; x < page.width; x++) if (inked(page, x, y)) return true;
    return false;
  })) {
    for (const [left, right] of runs(page.width, (x) => {
      for (let y = top; y < bottom; y++) if (inked(page, x, y)) return true;
      return false;
    })) {
      // A QR code of a demo card is far bigger than this; smaller blocks are words and rules.
      if (right - left >= 100 && bottom - top >= 100)
        out.push({ x: left, y: top, width: right - left, height: bottom - top });
    }
  }
  return out;
}

/**
 * A whole card: its border's top and bottom edges are the block's first and last rows. Half a
 * card split between two pages lacks one of them.
 */
function whole(page: RgbaImage, box: Box): boolean {
  const edge = (y: number): boolean => {
    let ink = 0;
    for (let x = box.x; x < box.x + box.width; x++) if (inked(page, x, y)) ink++;
    return ink >= 0.8 * box.width;
  };
  return edge(box.y) && edge(box.y + box.height - 1);
}

/** The demo card (by id) of every code found in the images, sorted; other texts as `other`. */
async function cardsIn(engine: DecoderEngine, images: RgbaImage[], tokens: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const image of images)
    for (const code of await engine.decode(image)) found.push(DEMO_CARDS[tokens.indexOf(code.text)]?.id ?? 'other');
  return found.sort();
}

describe('the printable demo card sheet', () => {
  const allCards = DEMO_CARDS.map((c) => c.id).sort();
  let dir: string;
  let storage: SqliteSyncStorage;
  let sheet: string;
  let tokens: string[];
  let engine: DecoderEngine;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM_PATH)) throw new Error(NO_CHROMIUM);
    if (spawnSync('pdftoppm', ['-v']).error)
      throw new Error('pdftoppm not found: install poppler-utils (apt-get install poppler-utils)');
    dir = mkdtempSync(join(tmpdir(), 'civicpass-sheet-'));
    storage = new SqliteSyncStorage(join(dir, 'server.db'));
    ({ sheet } = await createDemoDeployment(dir, storage, Date.now() / 1000));
    tokens = DEMO_CARDS.map((c) => readFileSync(join(dir, 'cards', `${c.id}.token`), 'utf8').trim());
    engine = await createNodeDecoder(DEFAULT_ENGINE);
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(pathToFileURL(sheet).href);
  });

  afterAll(async () => {
    await browser?.close();
    await storage?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("the writer's SVG has a viewBox, so it scales without cropping, and crisp module edges", async () => {
    const { svg } = await renderBarcode('CivicPass', 'QRCode', 4);
    const size = /^<svg [^>]*width="(\d+)" height="(\d+)"/.exec(svg);
    expect(size).not.toBeNull();
    expect(svg).toContain(`viewBox="0 0 ${size?.[1]} ${size?.[2]}"`);
    expect(svg).toContain('shape-rendering="crispEdges"');
  });

  it('says what each card should show, and that it works offline', async () => {
    const captions = await page.locator('figcaption').allInnerTexts();
    expect(captions).toHaveLength(DEMO_CARDS.length);
    DEMO_CARDS.forEach((card, i) => expect(captions[i]).toBe(`${card.title}\nShould show: ${card.expect}`));
    const intro = await page.locator('body > p').innerText();
    expect(intro).toMatch(/under each code is what the terminal should show/);
    expect(intro).toMatch(/offline/);
  });

  it('every card scans from the screen (full page at desktop size, cut per card)', async () => {
    const boxes: Box[] = [];
    for (const figure of await page.locator('figure').all()) {
      const box = await figure.boundingBox();
      if (box) boxes.push(box);
    }
    const path = join(OUT, 'screen.png');
    await page.screenshot({ path, fullPage: true });
    const shot = await readImageFile(path);
    expect(boxes).toHaveLength(DEMO_CARDS.length);
    const found = await cardsIn(
      engine,
      boxes.map((b) => crop(shot, b)),
      tokens,
    );
    expect(found).toEqual(allCards);
  });

  it('the demo library items scan from the screen as their item numbers (Code 128 labels)', async () => {
    const labels = await page.locator('.items li').all();
    const onLoan = new Set<string>(DEMO_LIBRARY.patrons.flatMap((p) => p.loans.map((l) => l.item)));
    const expected = DEMO_LIBRARY.items.filter((i) => !onLoan.has(i.id)).map((i) => i.id);
    expect(labels).toHaveLength(expected.length);
    const read: string[] = [];
    for (const label of labels) {
      const path = join(OUT, 'item.png');
      await label.locator('svg').screenshot({ path });
      const [code] = await engine.decode(await readImageFile(path));
      read.push(code?.text ?? 'unreadable');
    }
    expect(read).toEqual(expected);
  });

  it('every card scans from the A4 print, each card whole on one page and its code at least 4 cm wide', async () => {
    await page.emulateMedia({ media: 'print' });
    const cm = 96 / 2.54;
    for (const code of await page.locator('figure svg').all())
      expect((await code.boundingBox())?.width ?? 0).toBeGreaterThanOrEqual(4 * cm);
    const pdf = join(OUT, 'sheet.pdf');
    await page.pdf({ path: pdf, format: 'A4' });
    execFileSync('pdftoppm', ['-r', '150', '-png', pdf, join(OUT, 'page')]);
    const pages = readdirSync(OUT)
      .filter((f) => /^page-\d+\.png$/.test(f))
      .sort();
    expect(pages.length).toBeGreaterThan(0);
    const found: string[] = [];
    for (const file of pages) {
      const image = await readImageFile(join(OUT, file));
      found.push(
        ...(await cardsIn(
          engine,
          blocks(image)
            .filter((b) => whole(image, b))
            .map((b) => crop(image, b)),
          tokens,
        )),
      );
    }
    expect(found.sort()).toEqual(allCards);
  });
});
