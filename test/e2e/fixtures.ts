import { test as base, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BrowserHost } from '../../src/host/browser-host';
import type { DemoCardSpec } from '../../src/issuer/demo-cards';
import { installFastBase64 } from '../../src/node/fast-base64';
import { TerminalService } from '../../src/service/terminal-service';
import { startServer, type RunningServer } from '../support/sync-server';
import { usKeyFor } from '../support/us-keys';

export const ROOT = resolve(import.meta.dirname, '../..');
export const PIN = '482916';

export interface Kiosk {
  server: RunningServer;
  service: TerminalService;
  host: BrowserHost;
  url: string;
  /** The built renderer the host serves. */
  staticDir: string;
  dataDir: string;
  /** The terminal's system clock: real time plus whatever the test let pass. */
  clock: { advance(seconds: number): void };
  card(id: DemoCardSpec['id']): string;
}

installFastBase64();

/** A fresh kiosk per test: real sync server, enrolled terminal on a new SQLite file, browser host. */
export const test = base.extend<{ kiosk: Kiosk }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies as a destructured object
  kiosk: async ({}, use) => {
    const server = await startServer();
    const dataDir = mkdtempSync(join(tmpdir(), 'civicpass-e2e-'));
    let offset = 0;
    const service = await TerminalService.open({
      dataDir,
      autoSync: false,
      syncTimeoutMs: 2000,
      clock: { now: () => Date.now() / 1000 + offset },
    });
    await service.admin.enrol(server.url, await server.code(), 'E2E desk');
    await service.setPin({ next: PIN });
    const host = new BrowserHost({ api: service, staticDir: join(ROOT, 'out/renderer') });
    const { url } = await host.listen();
    await use({
      server,
      service,
      host,
      url,
      staticDir: join(ROOT, 'out/renderer'),
      dataDir,
      clock: { advance: (seconds) => void (offset += seconds) },
      card: (id) => readFileSync(join(server.dir, 'cards', `${id}.token`), 'utf8').trim(),
    });
    await host.close();
    await service.close();
    await server.close();
  },
});

export { expect } from '@playwright/test';

/**
 * Types text as a keyboard-wedge scanner does: key events a few milliseconds apart, ended by
 * Enter. `layout` "de" makes the events carry the characters a German layout would produce for
 * the same physical keys (the decoder must ignore them and use `code`).
 */
export async function wedgeScan(page: Page, text: string, layout: 'us' | 'de' = 'us'): Promise<void> {
  const keys = [...text].map(usKeyFor);
  await page.evaluate(
    ({ keys, layout }) => {
      const german: Record<string, string> = { KeyY: 'z', KeyZ: 'y', Minus: 'ß', Slash: '-', Semicolon: 'ö' };
      let t = 0;
      const fire = (code: string, key: string, shift: boolean): void => {
        window.dispatchEvent(new KeyboardEvent('keydown', { code, key, shiftKey: shift, bubbles: true }));
        t++;
      };
      for (const k of keys) {
        const usKey = k.code.startsWith('Key') ? (k.shift ? k.code.slice(3) : k.code.slice(3).toLowerCase()) : k.code;
        fire(k.code, layout === 'de' ? (german[k.code] ?? usKey) : usKey, k.shift);
      }
      fire('Enter', 'Enter', false);
      return t;
    },
    { keys, layout },
  );
}

/** Waits for the page to announce that a result was painted. */
export function resultPainted(page: Page): Promise<unknown> {
  return page.evaluate(
    () =>
      new Promise((resolve) =>
        window.addEventListener('civicpass:result-painted', (e) => resolve((e as CustomEvent).detail), { once: true }),
      ),
  );
}

/**
 * Runs `action` (which makes a result appear from outside the page, e.g. a scan submitted to the
 * service) and waits until the page has painted it. The listener is in place before the action.
 */
export async function paintedAfter(page: Page, action: () => Promise<unknown>): Promise<unknown> {
  await page.evaluate(() => {
    const w = window as unknown as { civicpassPainted?: Promise<unknown> };
    w.civicpassPainted = new Promise((resolve) =>
      window.addEventListener('civicpass:result-painted', (e) => resolve((e as CustomEvent).detail), { once: true }),
    );
  });
  await action();
  return page.evaluate(() => (window as unknown as { civicpassPainted?: Promise<unknown> }).civicpassPainted);
}
