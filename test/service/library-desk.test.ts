/**
 * The library desk's account line (issue 12), through the terminal service against the in-repo
 * SIP2 test server over real TCP: the verdict comes at once and never changes; the account
 * follows as an event; nothing the library system says is stored.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startSip2TestServer, type Sip2TestServer } from '../../server/sip2-test/server';
import { demoLmsLink } from '../../server/sip2-test/demo-link';
import type { LibraryAccount, ScanResult, TerminalApiEvent } from '../../src/contract/terminal-api';
import { Sip2LibrarySystem } from '../../src/node/sip2/sip2-library-system';
import { sip2OptionsFor } from '../../src/service/sip2-library-system';
import { makeTerminal, type TestTerminal } from '../support/terminal';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

async function lms(port = 0): Promise<Sip2TestServer> {
  const server = await startSip2TestServer({ port });
  open.push(server);
  return server;
}

const LIBRARY_DESK = (port: number) => ({
  venueId: 'desk',
  role: 'library_desk',
  services: ['library'],
  lms: demoLmsLink(port),
});

async function terminal(
  venue: unknown,
  breakerCooldownMs = 30_000,
): Promise<TestTerminal & { events: TerminalApiEvent[] }> {
  const t = await makeTerminal({
    venue,
    librarySystem: (link, secrets, log) =>
      new Sip2LibrarySystem({ ...sip2OptionsFor(link, secrets, log), breakerCooldownMs }),
  });
  open.push({ close: () => t.service.close() });
  const events: TerminalApiEvent[] = [];
  t.service.subscribe((e) => events.push(e));
  return { ...t, events };
}

/** The account event for a result, once it comes. */
async function accountOf(events: TerminalApiEvent[], result: ScanResult): Promise<LibraryAccount> {
  for (let i = 0; i < 200; i++) {
    const found = events.find(
      (e): e is Extract<TerminalApiEvent, { type: 'library-account' }> =>
        e.type === 'library-account' && e.eventId === result.eventId,
    );
    if (found) return found.account;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('no library-account event');
}

function lmsAnswered(dataDir: string, eventId: string): number | null {
  const db = new Database(join(dataDir, 'terminal.db'), { readonly: true });
  try {
    return (db.prepare('SELECT lms_answered AS a FROM scan_log WHERE id = ?').get(eventId) as { a: number | null }).a;
  } finally {
    db.close();
  }
}

describe('the account line at the library desk', () => {
  it('follows the verdict for each account state; the verdict stays valid; only "answered" is logged', async () => {
    const server = await lms();
    const t = await terminal(LIBRARY_DESK(server.port));
    const scan = async (card: string) => {
      const { result } = await t.service.submit({ text: t.cards[card]!.token, source: 'hid' });
      return { result, account: await accountOf(t.events, result) };
    };

    const amira = await scan('valid');
    expect(amira.result).toMatchObject({ outcome: 'valid', libraryLookup: true });
    expect(amira.account).toEqual({
      answered: true,
      canBorrow: true,
      desk: { known: true, name: 'Amira', blocks: [], fines: null, overdue: 0, screenMessage: null },
    });
    const zoe = await scan('library-fines');
    expect(zoe.result.outcome).toBe('valid');
    expect(zoe.account).toMatchObject({ canBorrow: true, desk: { fines: { amount: 4.5, currency: 'GBP' } } });
    const jose = await scan('library-lost');
    // The library system never changes the card's verdict.
    expect(jose.result.outcome).toBe('valid');
    expect(jose.account).toMatchObject({ answered: true, canBorrow: false });
    expect(jose.account.answered && jose.account.desk?.blocks).toEqual(
      expect.arrayContaining(['card_reported_lost', 'charge_denied']),
    );
    const ngozi = await scan('library-overdue');
    expect(ngozi.account).toMatchObject({ desk: { overdue: 3, blocks: ['too_many_overdue'] } });
    expect(lmsAnswered(t.dataDir, amira.result.eventId)).toBe(1);

    // No lookup where there is nothing to look up: an invalid card, a card without a library number.
    const revoked = await t.service.submit({ text: t.cards['revoked']!.token, source: 'hid' });
    expect(revoked.result.libraryLookup).toBe(false);
    expect(lmsAnswered(t.dataDir, revoked.result.eventId)).toBeNull();
    // The patron's number never leaves the service in a result (the contract has no such field).
    expect(Object.keys(amira.result)).not.toContain('patron');

    // Nothing the library system said is in the database files: names, messages, blocks.
    await t.service.close();
    open.pop();
    const bytes = readdirSync(t.dataDir)
      .filter((f) => f.startsWith('terminal.db'))
      .map((f) => readFileSync(join(t.dataDir, f)).toString('latin1'))
      .join('');
    for (const said of ['Łukasiewicz', 'You owe', 'Card reported lost', 'card_reported_lost', 'too_many_overdue'])
      expect(bytes.includes(Buffer.from(said).toString('latin1')), said).toBe(false);
    // The password came with the configuration and lives in the vault, not in the database.
    expect(bytes.includes('demo-sip2-password')).toBe(false);
  });

  it('a number typed at the desk is looked up; an NFC reference is not a patron number', async () => {
    const server = await lms();
    const t = await terminal(LIBRARY_DESK(server.port));
    const typed = await t.service.submitManualEntry({ libraryNumber: '29876000000066' });
    expect(typed.result).toMatchObject({ outcome: 'valid', libraryLookup: true });
    expect(await accountOf(t.events, typed.result)).toMatchObject({
      canBorrow: false,
      desk: { blocks: ['charge_denied'] },
    });
    const before = server.requests.filter((r) => r === '63' || r === '23').length;
    const tapped = await t.service.submit({ text: '29876000000017', source: 'nfc' });
    expect(tapped.result.libraryLookup).toBe(false);
    expect(server.requests.filter((r) => r === '63' || r === '23').length).toBe(before);
  });

  it('LMS down: the verdict as usual and "not reachable"; Status says so; it comes back', async () => {
    const server = await lms();
    const port = server.port;
    const t = await terminal(LIBRARY_DESK(port), 300);
    const first = await t.service.submit({ text: t.cards['valid']!.token, source: 'hid' });
    expect((await accountOf(t.events, first.result)).answered).toBe(true);
    expect((await t.service.getStatus()).library).toMatchObject({ configured: true, state: 'up', passwordSet: true });

    await server.close();
    open.splice(open.indexOf(server), 1);
    const down = await t.service.submitManualEntry({ libraryNumber: '29876000000058' });
    expect(down.result.outcome).toBe('valid');
    expect(await accountOf(t.events, down.result)).toEqual({ answered: false, problem: 'lms_unreachable' });
    expect(lmsAnswered(t.dataDir, down.result.eventId)).toBe(0);
    expect((await t.service.getStatus()).library).toMatchObject({ state: 'down', problem: 'lms_unreachable' });

    // Back on the same port: after the breaker's cool-down, the next lookup answers again.
    await lms(port);
    await new Promise((r) => setTimeout(r, 400));
    const back = await t.service.submitManualEntry({ libraryNumber: '29876000000025' });
    expect(await accountOf(t.events, back.result)).toMatchObject({ answered: true, canBorrow: true });
    expect((await t.service.getStatus()).library.state).toBe('up');
  });

  it('a venue without a link looks nothing up, and Status says it is not linked', async () => {
    const t = await terminal({ venueId: 'desk', role: 'library_desk', services: ['library'] });
    const r = await t.service.submit({ text: t.cards['valid']!.token, source: 'hid' });
    expect(r.result.libraryLookup).toBe(false);
    expect((await t.service.getStatus()).library).toMatchObject({ configured: false, passwordSet: false });
  });

  it('a password set in Admin (PIN, audited) is used; a configuration without one keeps it', async () => {
    const server = await lms();
    const { password: _p, ...withoutPassword } = demoLmsLink(server.port);
    const t = await terminal({ venueId: 'desk', role: 'library_desk', services: ['library'], lms: withoutPassword });
    expect((await t.service.getStatus()).library).toMatchObject({ configured: true, passwordSet: false });
    const none = await t.service.submit({ text: t.cards['valid']!.token, source: 'hid' });
    expect(none.result.libraryLookup).toBe(false);

    await expect(t.service.setLibraryPassword({ password: 'demo-sip2-password' })).rejects.toMatchObject({
      code: 'locked',
    });
    await t.service.setPin({ next: '2468' });
    await t.service.unlock({ pin: '2468' });
    await t.service.setLibraryPassword({ password: 'demo-sip2-password' });
    const r = await t.service.submitManualEntry({ libraryNumber: '29876000000017' });
    expect(await accountOf(t.events, r.result)).toMatchObject({ answered: true, canBorrow: true });
    const db = new Database(join(t.dataDir, 'terminal.db'), { readonly: true });
    const audit = db.prepare("SELECT detail FROM audit_log WHERE action = 'lms_password_set'").all();
    db.close();
    expect(audit).toEqual([{ detail: '{}' }]);
  });
});
