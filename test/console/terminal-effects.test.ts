/**
 * What a change in the council console does to a real terminal (issue 13): a card revoked in the
 * console scans as revoked after the terminal's next sync; an offer changed there is the offer
 * the terminal shows; a terminal revoked there is withdrawn at its next sync. Console and
 * terminal talk over real HTTP on 127.0.0.1; the terminal is a real one on its own SQLite file.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { DEMO_CONSOLE_USER } from '../../server/admin/demo-console-user';
import type { ConsoleCard, ConsoleTerminal, ConsoleVenue } from '../../src/contract/console-api';
import { TerminalService } from '../../src/service/terminal-service';
import { startConsoleServer, type RunningConsoleServer } from '../support/console-server';
import { call, signIn } from './console-client';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

async function setUp(): Promise<{ server: RunningConsoleServer; terminal: TerminalService }> {
  const server = await startConsoleServer();
  open.push(server);
  const terminal = await TerminalService.open({
    dataDir: mkdtempSync(join(tmpdir(), 'civicpass-t-')),
    autoSync: false,
  });
  open.push({ close: () => terminal.close() });
  await terminal.admin.enrol(server.url, server.codes['demo-library']!, 'Desk by the door');
  return { server, terminal };
}

const token = (server: RunningConsoleServer, card: string): string =>
  readFileSync(join(server.dir, 'cards', `${card}.token`), 'utf8').trim();

it('a card revoked in the console scans as revoked after the next sync', async () => {
  const { server, terminal } = await setUp();
  const before = await terminal.submit({ text: token(server, 'valid'), source: 'hid' });
  expect(before.result.outcome).toBe('valid');
  const admin = await signIn(server.url, DEMO_CONSOLE_USER.email, DEMO_CONSOLE_USER.password);
  const found = await call(server.url, 'GET', '/cards?libraryNumber=29876000000017', { session: admin });
  expect(found.status).toBe(200);
  const card = found.json as ConsoleCard;
  expect(card.status).toBe('valid');
  const changed = await call(server.url, 'POST', `/cards/${encodeURIComponent(card.id)}/status`, {
    session: admin,
    body: { status: 'revoked', reason: 'reported stolen at the desk' },
  });
  expect(changed.status).toBeLessThan(300);
  await terminal.admin.runSync();
  // A new read (the repeat window was cleared by the sync's new status list).
  const after = await terminal.submit({ text: token(server, 'valid'), source: 'camera' });
  expect(after.result).toMatchObject({ outcome: 'invalid', reason: 'revoked' });
});

it('an offer changed in the console is the offer the terminal shows after its next sync', async () => {
  const { server, terminal } = await setUp();
  const admin = await signIn(server.url, DEMO_CONSOLE_USER.email, DEMO_CONSOLE_USER.password);
  const venues = (await call(server.url, 'GET', '/venues', { session: admin })).json as ConsoleVenue[];
  const library = venues.find((v) => v.id === 'demo-library')!;
  const offers = [
    { id: 'cafe-20', service: 'citysave', title: 'City Save: 20% off at the café', limit: { count: 2, per: 'week' } },
  ];
  const put = await call(server.url, 'PUT', '/venues/demo-library', {
    session: admin,
    body: { config: { ...library.config, offers } },
  });
  expect(put.status).toBeLessThan(300);
  await terminal.admin.runSync();
  expect((await terminal.getStatus()).venue.offers).toEqual([
    { id: 'cafe-20', service: 'citysave', title: 'City Save: 20% off at the café' },
  ]);
});

it('a terminal revoked in the console is withdrawn at its next sync, and the console shows its health', async () => {
  const { server, terminal } = await setUp();
  await terminal.admin.runSync();
  const admin = await signIn(server.url, DEMO_CONSOLE_USER.email, DEMO_CONSOLE_USER.password);
  const listed = (await call(server.url, 'GET', '/terminals', { session: admin })).json as ConsoleTerminal[];
  const mine = listed.find((d) => d.label === 'Desk by the door')!;
  expect(mine).toMatchObject({ state: 'online', health: { queueDepth: 0 }, staleTrust: false });
  const revoked = await call(server.url, 'POST', `/terminals/${mine.id}/revoke`, {
    session: admin,
    body: { reason: 'stolen from the library' },
  });
  expect(revoked.status).toBeLessThan(300);
  await expect(terminal.admin.runSync()).rejects.toThrow(/revoked/);
  await expect(terminal.submit({ text: token(server, 'valid'), source: 'hid' })).rejects.toMatchObject({
    code: 'withdrawn',
  });
});
