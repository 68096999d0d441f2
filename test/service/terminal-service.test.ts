import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { TerminalApiEvent } from '../../src/contract/terminal-api';
import { ApiError } from '../../src/contract/validate';
import { DEMO_LIBRARY_VENUE } from '../../src/issuer/demo-cards';
import { makeTerminal, type TestTerminal } from '../support/terminal';

const open: TestTerminal[] = [];
async function terminal(options: Parameters<typeof makeTerminal>[0] = {}): Promise<TestTerminal> {
  const t = await makeTerminal(options);
  open.push(t);
  return t;
}
afterEach(async () => {
  for (const t of open.splice(0)) await t.service.close();
});

/** Staff unlock the terminal and choose the offer it checks. */
async function checkOffer(t: TestTerminal, offerId: string): Promise<void> {
  await t.service.setPin({ next: '482916' });
  await t.service.unlock({ pin: '482916' });
  await t.service.updateSettings({ offerId });
}

/** The redemptions this terminal has stored (its own and synced). */
function redemptions(t: TestTerminal): number {
  const db = new Database(join(t.dataDir, 'terminal.db'), { readonly: true });
  const { n } = db.prepare('SELECT count(*) AS n FROM redemptions WHERE undone_at IS NULL').get() as { n: number };
  db.close();
  return n;
}

const handled = (r: Awaited<ReturnType<TestTerminal['service']['submit']>>) => {
  if (r.status !== 'handled') throw new Error(`expected a handled scan, got ${JSON.stringify(r)}`);
  return r.result;
};

describe('scan pipeline through the terminal service', () => {
  it('answers every demo card, shows only what the role allows, and records latency', async () => {
    const t = await terminal();
    const valid = handled(await t.service.submit({ text: t.cards['valid']!.token, source: 'hid' }));
    expect(valid).toMatchObject({ outcome: 'valid', reason: 'ok', service: 'library', source: 'hid' });
    // A library desk sees the given name and library number.
    expect(valid.card).toMatchObject({ name: 'Amira', libraryNumber: '29876000000017' });
    expect(valid.latencyMs).toBeGreaterThan(0);
    const reasons = [];
    for (const id of ['expired', 'revoked', 'suspended', 'not-entitled']) {
      reasons.push(handled(await t.service.submit({ text: t.cards[id]!.token, source: 'camera' })).reason);
    }
    expect(reasons).toEqual(['expired', 'revoked', 'suspended', 'not_entitled']);
  });

  it('a partner venue sees validity and expiry, never the name', async () => {
    const t = await terminal({ venue: { venueId: 'cafe', role: 'partner', services: ['citysave'] } });
    const r = handled(await t.service.submit({ text: t.cards['citysave']!.token, source: 'hid' }));
    expect(r).toMatchObject({ outcome: 'valid', service: 'citysave' });
    expect(r.card).toEqual({ services: ['citysave'], expires: expect.any(Number) as number });
  });

  it('one presentation is one scan: the same card again within the window, on any source, is a repeat', async () => {
    // Decision 30 used to drop a re-read from the same source within 3 s and let another source
    // through as a new scan; now the same code from any source within the venue's window (10 s,
    // sliding) shows the earlier result again, marked as a repeat, and logs nothing.
    const now = { t: Date.now() / 1000 };
    const t = await terminal({ clock: { now: () => now.t } });
    const events: TerminalApiEvent[] = [];
    t.service.subscribe((e) => events.push(e));
    const first = handled(await t.service.submit({ text: t.cards['valid']!.token, source: 'camera' }));
    expect(first).toMatchObject({ outcome: 'valid', repeat: false });
    now.t += 4;
    const again = handled(await t.service.submit({ text: `]Q1${t.cards['valid']!.token}\r\n`, source: 'hid' }));
    expect(again).toMatchObject({ eventId: first.eventId, outcome: 'valid', repeat: true, source: 'camera' });
    // The window slides with each read: 8 s after the last read is still the same presentation.
    now.t += 8;
    expect(handled(await t.service.submit({ text: t.cards['valid']!.token, source: 'keyboard' })).repeat).toBe(true);
    // A different card at once is a new scan.
    const other = handled(await t.service.submit({ text: t.cards['revoked']!.token, source: 'camera' }));
    expect(other).toMatchObject({ reason: 'revoked', repeat: false });
    // After the window, the first card is checked and logged again.
    now.t += 11;
    const later = handled(await t.service.submit({ text: t.cards['valid']!.token, source: 'camera' }));
    expect(later).toMatchObject({ outcome: 'valid', repeat: false });
    expect(later.eventId).not.toBe(first.eventId);
    expect(events.map((e) => e.type === 'scan' && e.result.repeat)).toEqual([false, true, true, false, false]);
    expect(await t.service.recentScans({})).toHaveLength(3);
    expect((await t.service.getStatus()).scansToday).toBe(3);
  });

  it('the same card on two readers at the same moment is one scan and one redemption', async () => {
    const t = await terminal();
    await t.service.setPin({ next: '482916' });
    await t.service.unlock({ pin: '482916' });
    await t.service.updateSettings({ offerId: 'cafe-10' });
    const token = t.cards['citysave']!.token;
    const [a, b] = await Promise.all([
      t.service.submit({ text: token, source: 'camera' }),
      t.service.submit({ text: `]Q1${token}`, source: 'keyboard' }),
    ]);
    expect([a.result.outcome, b.result.outcome]).toEqual(['valid', 'valid']);
    expect(b.result).toMatchObject({ repeat: true, eventId: a.result.eventId });
    expect(await t.service.recentScans({})).toHaveLength(1);
  });

  it('a venue that sets a 30 s repeat window: a re-scan 20 s later is still the same presentation', async () => {
    const now = { t: Date.now() / 1000 };
    const t = await terminal({
      clock: { now: () => now.t },
      venue: { ...DEMO_LIBRARY_VENUE, repeatWindowSeconds: 30 },
    });
    await checkOffer(t, 'cafe-10');
    const token = t.cards['citysave']!.token;
    const first = handled(await t.service.submit({ text: token, source: 'hid' }));
    expect(first).toMatchObject({ outcome: 'valid', repeat: false, undoable: true });
    // 20 s is past the default 10 s window but inside the venue's 30 s one.
    now.t += 20;
    const again = handled(await t.service.submit({ text: token, source: 'camera' }));
    expect(again).toMatchObject({ outcome: 'valid', repeat: true, eventId: first.eventId });
    // Nothing logged, nothing redeemed, nothing queued for the repeat.
    expect(await t.service.recentScans({})).toHaveLength(1);
    expect(redemptions(t)).toBe(1);
    expect((await t.service.getStatus()).sync.queueDepth).toBe(1);
    // 31 s after that last read the window has closed: a new scan, and the offer was used today.
    now.t += 31;
    const later = handled(await t.service.submit({ text: token, source: 'camera' }));
    expect(later).toMatchObject({ outcome: 'limited', reason: 'already_used', repeat: false });
    expect(await t.service.recentScans({})).toHaveLength(2);
    expect(redemptions(t)).toBe(1);
  });

  it('a venue that sets the repeat window to 0: the same card again at once is a new scan', async () => {
    const now = { t: Date.now() / 1000 };
    const t = await terminal({ clock: { now: () => now.t }, venue: { ...DEMO_LIBRARY_VENUE, repeatWindowSeconds: 0 } });
    await checkOffer(t, 'cafe-10');
    const token = t.cards['citysave']!.token;
    const first = handled(await t.service.submit({ text: token, source: 'hid' }));
    expect(first).toMatchObject({ outcome: 'valid', repeat: false });
    now.t += 1;
    const again = handled(await t.service.submit({ text: token, source: 'hid' }));
    expect(again).toMatchObject({ outcome: 'limited', reason: 'already_used', repeat: false, lastUsedAt: first.at });
    expect(again.eventId).not.toBe(first.eventId);
    expect(await t.service.recentScans({})).toHaveLength(2);
    expect(redemptions(t)).toBe(1);
  });

  it('a number typed after a failed scan of it is checked in the registry, not shown as that scan', async () => {
    // A venue whose pattern does not know this number as a library number.
    const t = await terminal({
      venue: { venueId: 'v', services: ['library'], libraryNumberPattern: '^LIB[0-9]+$' },
    });
    const scanned = (await t.service.submit({ text: '29876000000017', source: 'hid' })).result;
    expect(scanned.reason).toBe('unreadable');
    const typed = (await t.service.submitManualEntry({ libraryNumber: '29876000000017' })).result;
    expect(typed).toMatchObject({ outcome: 'valid', repeat: false });
  });

  it('a clock that jumps back does not turn every later scan into a repeat', async () => {
    const now = { t: Date.now() / 1000 };
    const t = await terminal({ clock: { now: () => now.t } });
    handled(await t.service.submit({ text: t.cards['valid']!.token, source: 'camera' }));
    now.t -= 3600;
    expect(handled(await t.service.submit({ text: t.cards['valid']!.token, source: 'camera' })).repeat).toBe(false);
  });

  it('checks library numbers and NFC references against the registry', async () => {
    const t = await terminal();
    expect(handled(await t.service.submitManualEntry({ libraryNumber: '29876000000017' }))).toMatchObject({
      outcome: 'valid',
      source: 'manual',
      card: null,
    });
    expect(handled(await t.service.submit({ text: '29876000000033', source: 'hid' })).reason).toBe('revoked');
    expect(handled(await t.service.submit({ text: '29876000009999', source: 'hid' })).reason).toBe('unknown_card');
    // An ISBN is not a library number: not a CivicPass code at all.
    expect(handled(await t.service.submit({ text: '9780140449136', source: 'hid' })).reason).toBe('unreadable');
  });

  it('routes messages with the NFC reader prefix as source nfc', async () => {
    const t = await terminal();
    await t.service.setPin({ next: '482916' });
    await t.service.unlock({ pin: '482916' });
    await t.service.updateSettings({ nfcPrefix: '~N:', nfcSuffix: '~' });
    const r = handled(await t.service.submit({ text: '~N:29876000000017~', source: 'keyboard' }));
    expect(r).toMatchObject({ source: 'nfc', outcome: 'valid' });
    expect(handled(await t.service.submit({ text: '~N:ABCDEF123~', source: 'keyboard' }))).toMatchObject({
      source: 'nfc',
      reason: 'unknown_card',
    });
  });

  it('limits an offer to once a day, counting own redemptions, and staff can undo one', async () => {
    const now = { t: Date.now() / 1000 };
    const t = await terminal({ clock: { now: () => now.t } });
    await t.service.setPin({ next: '482916' });
    await t.service.unlock({ pin: '482916' });
    await t.service.updateSettings({ offerId: 'cafe-10' });
    const first = handled(await t.service.submit({ text: t.cards['citysave']!.token, source: 'hid' }));
    expect(first).toMatchObject({
      outcome: 'valid',
      offer: { id: 'cafe-10', limit: { count: 1, per: 'day' } },
      undoable: true,
    });
    // The same card straight away on the camera is the same presentation: the discount just
    // given, not "already used" (this test used to expect already_used here).
    const repeat = handled(await t.service.submit({ text: t.cards['citysave']!.token, source: 'camera' }));
    expect(repeat).toMatchObject({ outcome: 'valid', repeat: true, eventId: first.eventId });
    now.t += 60;
    const second = handled(await t.service.submit({ text: t.cards['citysave']!.token, source: 'camera' }));
    expect(second).toMatchObject({ outcome: 'limited', reason: 'already_used', lastUsedAt: first.at, undoable: false });
    expect(await t.service.undoRedemption({ eventId: first.eventId })).toEqual({ undone: true });
    expect(await t.service.undoRedemption({ eventId: first.eventId })).toEqual({ undone: false });
    now.t += 60;
    const third = handled(await t.service.submit({ text: t.cards['citysave']!.token, source: 'keyboard' }));
    expect(third.outcome).toBe('valid');
    // Two scans, one undo and one more scan are queued for upload; the repeat is not.
    expect((await t.service.getStatus()).sync.queueDepth).toBe(4);
  });

  it('undoing a redemption lets the same card, scanned again at once, be checked anew', async () => {
    const t = await terminal();
    await t.service.setPin({ next: '482916' });
    await t.service.unlock({ pin: '482916' });
    await t.service.updateSettings({ offerId: 'cafe-10' });
    const first = handled(await t.service.submit({ text: t.cards['citysave']!.token, source: 'hid' }));
    await t.service.undoRedemption({ eventId: first.eventId });
    const again = handled(await t.service.submit({ text: t.cards['citysave']!.token, source: 'hid' }));
    expect(again).toMatchObject({ outcome: 'valid', repeat: false, undoable: true });
  });

  it('echoes a typed number masked but for its last 4 digits', async () => {
    const t = await terminal();
    expect(handled(await t.service.submitManualEntry({ libraryNumber: '29876000000017' })).entered).toBe(
      '••••••••••0017',
    );
    expect(handled(await t.service.submit({ text: t.cards['valid']!.token, source: 'hid' })).entered).toBeNull();
  });

  it('counts redemptions synced from the other tills of the venue', async () => {
    const t = await terminal();
    await t.service.setPin({ next: '482916' });
    await t.service.unlock({ pin: '482916' });
    await t.service.updateSettings({ offerId: 'cafe-10' });
    // The other till redeemed this card an hour ago; the card reference is the same keyed hash.
    const probe = handled(await t.service.submit({ text: t.cards['valid']!.token, source: 'hid' }));
    await t.service.undoRedemption({ eventId: probe.eventId });
    const db = new Database(join(t.dataDir, 'terminal.db'), { readonly: true });
    const { card_ref } = db.prepare('SELECT card_ref FROM redemptions WHERE id = ?').get(probe.eventId) as {
      card_ref: string;
    };
    db.close();
    // As the sync client stores it: origin 'synced', written by the terminal's own database file.
    const writer = new Database(join(t.dataDir, 'terminal.db'));
    writer
      .prepare("INSERT INTO redemptions (id, card_ref, offer_id, at, origin) VALUES (?, ?, ?, ?, 'synced')")
      .run('other-till-1', card_ref, 'cafe-10', Date.now() / 1000 - 3600);
    writer.close();
    expect(handled(await t.service.submit({ text: t.cards['valid']!.token, source: 'camera' })).reason).toBe(
      'already_used',
    );
  });

  it('writes the scan log with a keyed hash of the card, never the id, name or library number', async () => {
    const t = await terminal();
    await t.service.submit({ text: t.cards['valid']!.token, source: 'hid' });
    const db = new Database(join(t.dataDir, 'terminal.db'), { readonly: true });
    const dump = JSON.stringify([db.prepare('SELECT * FROM scan_log').all(), db.prepare('SELECT * FROM outbox').all()]);
    db.close();
    for (const secret of ['Amira', '29876000000017', 'demo_card_0001']) expect(dump).not.toContain(secret);
    expect(dump).toMatch(/"card_ref":"[A-Za-z0-9_-]{43}"/);
  });

  it('validates every argument that crosses the API, and guards staff operations with the PIN', async () => {
    const t = await terminal();
    await expect(t.service.submitScan({ text: 'x', source: 'hid' } as never)).rejects.toMatchObject({
      code: 'invalid_argument',
    });
    await expect(t.service.submitScan({ text: 'x', source: 'camera', extra: 1 } as never)).rejects.toThrow(
      /unknown member/,
    );
    await expect(t.service.recentScans({ limit: -1 })).rejects.toBeInstanceOf(ApiError);
    await expect(t.service.updateSettings({ language: 'ar' })).rejects.toMatchObject({ code: 'locked' });
    await t.service.setPin({ next: '482916' });
    await expect(t.service.setPin({ next: '111111' })).rejects.toMatchObject({ code: 'wrong_pin' });
    expect(await t.service.unlock({ pin: '000000' })).toMatchObject({ ok: false, reason: 'wrong_pin' });
    expect(await t.service.unlock({ pin: '482916' })).toEqual({ ok: true });
    expect((await t.service.updateSettings({ language: 'ar' })).language).toBe('ar');
    await expect(t.service.updateSettings({ service: 'swimming' })).rejects.toMatchObject({ code: 'invalid_argument' });
    await t.service.lock();
    await expect(t.service.updateSettings({ language: 'en' })).rejects.toMatchObject({ code: 'locked' });
  });

  it('hundreds of parallel PIN guesses through the API lock the PIN; the right one sent after them fails', async () => {
    const t = await terminal();
    await t.service.setPin({ next: '482916' });
    const guesses = Array.from({ length: 300 }, (_, i) => t.service.unlock({ pin: String(200000 + i) }));
    const right = t.service.unlock({ pin: '482916' });
    const results = await Promise.all([...guesses, right]);
    expect(results.at(-1)).toMatchObject({ ok: false, reason: 'locked' });
    expect((await t.service.getStatus()).staffUnlocked).toBe(false);
    await expect(t.service.updateSettings({ language: 'ar' })).rejects.toMatchObject({ code: 'locked' });
  });

  it('reports status: venue, what it checks, data ages, queue', async () => {
    const t = await terminal();
    await t.service.submit({ text: t.cards['valid']!.token, source: 'hid' });
    const s = await t.service.getStatus();
    expect(s).toMatchObject({
      venue: { id: 'demo-library', role: 'library_desk' },
      checking: { service: 'library', offer: null },
      usable: true,
      data: { trustListFreshness: 'fresh' },
      sync: { queueDepth: 1 },
    });
    expect(s.data.statusLists[0]?.freshness).toBe('fresh');
    const history = await t.service.recentScans({});
    expect(history).toHaveLength(1);
    expect(Object.keys(history[0]!).sort()).toEqual(['at', 'id', 'offer', 'outcome', 'reason', 'service', 'source']);
  });

  it('purges uploaded scans older than the retention, and keeps queued ones', async () => {
    const t = await terminal();
    await t.service.submit({ text: t.cards['valid']!.token, source: 'hid' });
    const db = new Database(join(t.dataDir, 'terminal.db'));
    db.prepare('UPDATE scan_log SET at = at - 40 * 86400').run();
    expect(t.service.admin.purge()).toBe(0); // still waiting in the outbox
    db.prepare('DELETE FROM outbox').run();
    db.close();
    expect(t.service.admin.purge()).toBe(1);
  });
});

describe('staleness overrides', () => {
  it('staff can extend how long card data stays usable; each change is logged', async () => {
    const now = { t: Date.now() / 1000 };
    // A venue whose policy makes cancellation lists unusable after 24 hours.
    const venue = { venueId: 'strict-library', services: ['library'], staleness: { statusHardLimit: 86400 } };
    const t = await terminal({ clock: { now: () => now.t }, venue });
    // Thirty hours later the status list is past the venue's hard limit (though not its exp)...
    now.t += 30 * 3600;
    const before = await t.service.submit({ text: t.cards['valid']!.token, source: 'hid' });
    expect(before.status === 'handled' && before.result.reason).toBe('status_unavailable');
    // ...until staff allow 48 hours, as a venue offline for a long weekend might need.
    await t.service.setPin({ next: '482916' });
    await t.service.unlock({ pin: '482916' });
    await t.service.updateSettings({ statusHardLimitHours: 48 });
    const after = await t.service.submit({ text: t.cards['valid']!.token, source: 'camera' });
    expect(after.status === 'handled' && after.result).toMatchObject({
      outcome: 'valid',
      warnings: expect.arrayContaining(['status_stale']) as unknown,
    });
    await t.service.updateSettings({ statusHardLimitHours: null });
    const db = new Database(join(t.dataDir, 'terminal.db'), { readonly: true });
    const log = db.prepare('SELECT action, detail FROM audit_log ORDER BY id').all() as {
      action: string;
      detail: string;
    }[];
    db.close();
    expect(log.map((r) => [r.action, JSON.parse(r.detail) as unknown])).toEqual([
      ['staleness_override', { setting: 'statusHardLimitHours', from: null, to: 48 }],
      ['staleness_override', { setting: 'statusHardLimitHours', from: 48, to: null }],
    ]);
  });
});
