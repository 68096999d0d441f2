/**
 * The council console's Playwright fixtures (issue 13): a real reference server with the demo
 * deployment (test/support/console-server.ts) serving the built page (out/console, `npm run build`
 * first), a user of each role, and signing in through the page as people do.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installFastBase64 } from '../../src/node/fast-base64';
import { TerminalService } from '../../src/service/terminal-service';
import type { ConsoleRole } from '../../src/contract/console-api';
import { startConsoleServer, type RunningConsoleServer } from '../support/console-server';

installFastBase64();

export const PASSWORD = 'correct horse battery staple';

export const USERS: Readonly<Record<ConsoleRole, { email: string; venueId?: string }>> = {
  council_admin: { email: 'admin@council.example' },
  venue_manager: { email: 'manager@library.example', venueId: 'demo-library' },
  auditor: { email: 'auditor@council.example' },
};

export const test = base.extend<{ consoleServer: RunningConsoleServer }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies as a destructured object
  consoleServer: async ({}, use) => {
    const server = await startConsoleServer();
    await addUsers(server);
    await use(server);
    await server.close();
  },
});

/** One user of each role (USERS), all with PASSWORD. */
export async function addUsers(server: RunningConsoleServer): Promise<void> {
  for (const [role, user] of Object.entries(USERS) as [ConsoleRole, (typeof USERS)[ConsoleRole]][]) {
    await server.addUser(user.email, role, PASSWORD, user.venueId);
  }
}

export { expect };

/** Signs in through the page and waits for the Overview. */
export async function signIn(page: Page, url: string, role: ConsoleRole, path = ''): Promise<void> {
  await page.goto(`${url}/console/${path}`);
  await page.getByLabel('Email', { exact: true }).fill(USERS[role].email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

/** Goes to a console page by its navigation link, as a person would. */
export async function openPage(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

/** A real terminal enrolled with the console's server: what the console reports on and changes. */
export interface ConsoleTerminal {
  service: TerminalService;
  /** A demo card's token (test/support/console-server.ts writes them to `<dir>/cards`). */
  card(id: string): string;
  /** Scans a demo card as a keyboard-wedge scanner would; returns `outcome/reason`. */
  scan(id: string): Promise<string>;
  close(): Promise<void>;
}

export async function enrolTerminal(
  server: RunningConsoleServer,
  venueId: 'demo-library' | 'demo-restaurant',
  label: string,
  clock?: { now(): number },
): Promise<ConsoleTerminal> {
  const dataDir = mkdtempSync(join(tmpdir(), 'civicpass-console-terminal-'));
  const service = await TerminalService.open({
    dataDir,
    autoSync: false,
    syncTimeoutMs: 3000,
    ...(clock ? { clock } : {}),
  });
  const code = server.codes[venueId];
  if (code === undefined) throw new Error(`no enrolment code for ${venueId}`);
  await service.admin.enrol(server.url, code, label);
  const card = (id: string): string => readFileSync(join(server.dir, 'cards', `${id}.token`), 'utf8').trim();
  return {
    service,
    card,
    async scan(id) {
      const { result } = await service.submitScan({ text: card(id), source: 'keyboard' });
      return `${result.outcome}/${result.reason}`;
    },
    close: () => service.close(),
  };
}

/** Collects what the page's Content-Security-Policy refused (an inline style, a data: font...). */
export function cspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) seen.push(m.text());
  });
  return seen;
}
