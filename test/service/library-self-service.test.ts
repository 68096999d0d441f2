/**
 * Borrowing at a self-service kiosk (issue 12), through the terminal service against the SIP2
 * test server: a valid card that may borrow opens a session; every scan is then an item; Finish
 * or a time-out ends it and nothing of it remains.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoLmsLink } from '../../server/sip2-test/demo-link';
import { startSip2TestServer, type Sip2TestServer } from '../../server/sip2-test/server';
import type { LibrarySession, TerminalApiEvent } from '../../src/contract/terminal-api';
import { DeviceManager } from '../../src/node/devices/device-manager';
import { HONEYWELL, report, ScriptedBackend } from '../support/scripted-hid';
import { makeTerminal, type TestTerminal } from '../support/terminal';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

async function kiosk(
  idleMs?: number,
  devices?: DeviceManager,
  services = ['library'],
): Promise<TestTerminal & { events: TerminalApiEvent[]; lms: Sip2TestServer }> {
  const lms = await startSip2TestServer();
  open.push(lms);
  const t = await makeTerminal({
    venue: { venueId: 'kiosk', role: 'self_service', services, lms: demoLmsLink(lms.port) },
    ...(idleMs !== undefined ? { librarySessionIdleMs: idleMs } : {}),
    ...(devices ? { devices } : {}),
  });
  open.push({ close: () => t.service.close() });
  const events: TerminalApiEvent[] = [];
  t.service.subscribe((e) => events.push(e));
  return { ...t, events, lms };
}

async function until<T>(find: () => T | undefined): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const found = find();
    if (found !== undefined) return found;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('never came');
}

const sessionEvents = (events: TerminalApiEvent[]) =>
  events.filter((e): e is Extract<TerminalApiEvent, { type: 'library-session' }> => e.type === 'library-session');

async function openSession(t: TestTerminal & { events: TerminalApiEvent[] }, card = 'valid'): Promise<LibrarySession> {
  const { result } = await t.service.submit({ text: t.cards[card]!.token, source: 'camera' });
  expect(result).toMatchObject({ outcome: 'valid', libraryLookup: true });
  // A kiosk's result carries no name and no library number.
  expect(result.card).toEqual({ expires: expect.any(Number) as number });
  return until(() => sessionEvents(t.events).at(-1)?.session ?? undefined);
}

/**
 * Every string and byte buffer (as Latin-1 text) reachable from an object through its own
 * properties, arrays, maps and sets: what a session could have left behind in memory.
 */
function reachableText(root: unknown): string[] {
  const seen = new Set<unknown>();
  const found: string[] = [];
  const walk = (v: unknown, depth: number): void => {
    if (typeof v === 'string') return void found.push(v);
    if (typeof v !== 'object' || v === null || seen.has(v) || depth > 12) return;
    seen.add(v);
    if (v instanceof Uint8Array) return void found.push(Buffer.from(v).toString('latin1'));
    if (v instanceof Map)
      for (const [k, x] of v) {
        walk(k, depth + 1);
        walk(x, depth + 1);
      }
    else if (v instanceof Set) for (const x of v) walk(x, depth + 1);
    else for (const key of Object.getOwnPropertyNames(v)) walk((v as Record<string, unknown>)[key], depth + 1);
  };
  walk(root, 0);
  return found;
}

describe('borrowing at a self-service kiosk', () => {
  it('lends items with titles and due dates, refuses with reasons, lists and renews loans', async () => {
    const t = await kiosk();
    const session = await openSession(t);
    const account = t.events.find((e) => e.type === 'library-account');
    // The kiosk learns only whether the resident can borrow: no blocks, fines, message or name.
    expect(account).toMatchObject({ account: { answered: true, canBorrow: true, desk: null } });
    expect(session).toMatchObject({ items: [], canListLoans: true, canRenew: true });

    const lent = await t.service.borrowItem({ itemId: '31234000000029' });
    expect(lent.items).toEqual([
      {
        ok: true,
        itemId: '31234000000029',
        title: 'Brick Lane',
        dueDate: lent.items[0]?.ok ? lent.items[0].dueDate : '',
      },
    ]);
    // Due in the library's loan period (21 days), as a calendar date.
    const due = lent.items[0]?.ok ? lent.items[0].dueDate : null;
    expect(due).toMatch(/^\d{4}-\d\d-\d\d$/);
    expect(Math.round((Date.parse(`${due}T12:00:00Z`) - Date.now()) / 86_400_000)).toBe(21);
    // The scanner read the label twice: one loan, one line.
    expect((await t.service.borrowItem({ itemId: '31234000000029' })).items).toHaveLength(1);
    const refusals = [];
    for (const item of ['31234000000052', '31234000000060', '31234099999999', '31234000000011']) {
      const s = await t.service.borrowItem({ itemId: item });
      const last = s.items.at(-1)!;
      refusals.push(last.ok ? 'lent' : last.refusal);
    }
    expect(refusals).toEqual(['item_refused', 'on_hold', 'unknown_item', 'already_on_card']);
    // A card shown again is not an item label: answered as unknown, the LMS not asked, nothing kept.
    const asked = t.lms.requests.length;
    const card = await t.service.borrowItem({ itemId: t.cards['valid']!.token });
    expect(card.items.at(-1)).toEqual({ ok: false, itemId: '', title: null, refusal: 'unknown_item' });
    expect(t.lms.requests.length).toBe(asked);

    const { loans } = await t.service.myLoans();
    expect(loans.map((l) => l.title).sort()).toEqual(['Brick Lane', 'The Hobbit']);
    const renewed = await t.service.renewAll();
    expect(renewed.renewed.map((l) => l.title).sort()).toEqual(['Brick Lane', 'The Hobbit']);
    expect(renewed.refused).toEqual([]);
  });

  it('every USB scan during a session is an item, even one shaped like a library number', async () => {
    const backend = new ScriptedBackend();
    backend.plugged.set(HONEYWELL.path, HONEYWELL);
    const t = await kiosk(undefined, new DeviceManager(backend));
    await openSession(t);
    for (let i = 0; i < 100 && !backend.handles.has(HONEYWELL.path); i++) await new Promise((r) => setTimeout(r, 20));
    // The scanner reads a book's label: it goes to the session, not to the card check.
    backend.handles.get(HONEYWELL.path)!.send(report('31234000000037', false));
    const item = await until(() => sessionEvents(t.events).at(-1)?.session?.items.at(-1));
    expect(item).toMatchObject({ ok: true, title: 'Wolf Hall' });
    // And a library number read there is an item the LMS does not know, not a new card.
    backend.handles.get(HONEYWELL.path)!.send(report('29876000000025', false));
    const next = await until(() => sessionEvents(t.events).at(-1)?.session?.items[1]);
    expect(next).toMatchObject({ ok: false, refusal: 'unknown_item' });
    expect(t.events.filter((e) => e.type === 'scan')).toHaveLength(1);
  });

  it('a resident who may not borrow gets no session; the LMS down gets none either', async () => {
    const t = await kiosk();
    const { result } = await t.service.submit({ text: t.cards['library-blocked']!.token, source: 'camera' });
    const account = await until(
      () => t.events.find((e) => e.type === 'library-account' && e.eventId === result.eventId) ?? undefined,
    );
    expect(account).toMatchObject({ account: { answered: true, canBorrow: false, desk: null } });
    await t.lms.close();
    open.splice(open.indexOf(t.lms), 1);
    const down = await t.service.submit({ text: t.cards['valid']!.token, source: 'camera' });
    await until(() => t.events.find((e) => e.type === 'library-account' && e.eventId === down.result.eventId));
    expect(sessionEvents(t.events)).toEqual([]);
    await expect(t.service.borrowItem({ itemId: '31234000000029' })).rejects.toMatchObject({ code: 'no_session' });
  });

  it('Finish ends the session: nothing of it remains, and borrowing is refused until a card opens another', async () => {
    const t = await kiosk();
    await openSession(t);
    await t.service.borrowItem({ itemId: '31234000000045' });
    await t.service.endLibrarySession();
    expect(sessionEvents(t.events).at(-1)).toEqual({ type: 'library-session', session: null });
    await expect(t.service.borrowItem({ itemId: '31234000000078' })).rejects.toMatchObject({ code: 'no_session' });
    await expect(t.service.myLoans()).rejects.toMatchObject({ code: 'no_session' });
    await expect(t.service.renewAll()).rejects.toMatchObject({ code: 'no_session' });
    // Nothing of the session is left in the service's state that anyone can reach.
    const held = reachableText(t.service);
    expect(held.filter((s) => s.includes('29876000000017'))).toEqual([]);
    expect(held.filter((s) => s.includes('Les Misérables'))).toEqual([]);
  });

  it('a session nobody touches ends by itself, and leaves nothing behind', async () => {
    const t = await kiosk(300);
    await openSession(t);
    await t.service.borrowItem({ itemId: '31234000000045' });
    await until(() => (sessionEvents(t.events).at(-1)?.session === null ? true : undefined));
    await expect(t.service.borrowItem({ itemId: '31234000000078' })).rejects.toMatchObject({ code: 'no_session' });
    const held = reachableText(t.service);
    expect(held.filter((s) => s.includes('29876000000017') || s.includes('Les Misérables'))).toEqual([]);
  });

  it('a card the council does not entitle to this service opens no borrowing, whatever the LMS says', async () => {
    // Amira's card is genuine, with a library number, but this kiosk checks leisure: limited.
    const t = await kiosk(undefined, undefined, ['leisure']);
    const { result } = await t.service.submit({ text: t.cards['valid']!.token, source: 'camera' });
    expect(result).toMatchObject({ outcome: 'limited', reason: 'not_entitled', libraryLookup: false });
    await new Promise((r) => setTimeout(r, 200));
    expect(sessionEvents(t.events)).toEqual([]);
    expect(t.lms.requests.filter((r) => r === '63' || r === '23')).toEqual([]);
  });

  it('an NFC read during a session is a card identifier: never sent to the LMS as an item', async () => {
    const t = await kiosk();
    await t.service.setPin({ next: '2468' });
    await t.service.unlock({ pin: '2468' });
    await t.service.updateSettings({ nfcPrefix: '~N' });
    await t.service.lock();
    await openSession(t);
    const asked = t.lms.requests.length;
    const s = await t.service.borrowItem({ itemId: '~N04A1B2C3D4E5F6' });
    expect(s.items.at(-1)).toEqual({ ok: false, itemId: '', title: null, refusal: 'unknown_item' });
    expect(t.lms.requests.length).toBe(asked);
  });

  it('a label read twice at once is one checkout; Finish waits for a checkout under way and lists it', async () => {
    const t = await kiosk();
    await openSession(t);
    const [a, b] = await Promise.all([
      t.service.borrowItem({ itemId: '31234000000078' }),
      t.service.borrowItem({ itemId: '31234000000078' }),
    ]);
    expect(t.lms.requests.filter((r) => r === '11')).toHaveLength(1);
    expect(a.items).toHaveLength(1);
    expect(b.items).toEqual(a.items);
    // The library system is slow; the resident presses Finish while a book is being lent.
    t.lms.dialect.answerDelayMs = 300;
    const lending = t.service.borrowItem({ itemId: '31234000000037' });
    await new Promise((r) => setTimeout(r, 50));
    const { items } = await t.service.endLibrarySession();
    expect(items.map((i) => (i.ok ? i.title : i.refusal))).toEqual(['Middlemarch', 'Wolf Hall']);
    // The checkout's own caller got its answer too: the book is on the card and listed.
    expect((await lending).items.at(-1)).toMatchObject({ ok: true, title: 'Wolf Hall' });
  });

  it('the log says what happened, never who or which books', async () => {
    const t = await kiosk();
    await openSession(t);
    await t.service.borrowItem({ itemId: '31234000000029' });
    await t.service.myLoans();
    await t.service.endLibrarySession();
    const log = readFileSync(join(t.dataDir, 'logs', 'terminal.log'), 'utf8');
    expect(log).toMatch(/"event":"checkout"/);
    // Whether the library system answered, never what it said about the patron.
    expect(log).toMatch(/"event":"lms_lookup".*"answered":true/);
    expect(log).not.toMatch(/canBorrow|blocks|fines/);
    for (const secret of ['29876000000017', 'Amira', 'Brick Lane', '31234000000029', 'demo-sip2-password'])
      expect(log.includes(secret), secret).toBe(false);
  });
});
