/**
 * Several server processes on one PostgreSQL database (issue 14), each its own
 * PostgresSyncStorage (its own pool): the same pushes taken at once are stored once, and a
 * terminal paging a feed by cursor while others write never misses a row, whatever order the
 * writers' transactions commit in. Loops many times, since a race shows only now and then.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ScanEvent, TerminalEvent } from '../../src/core/sync-protocol';
import { PostgresSyncStorage } from '../../server/storage/postgres-storage';
import { freshSchema, testDatabase, type TestDatabase } from '../support/postgres';

const NOW = 1_800_000_000;
const iso = (s: number): string => new Date(s * 1000).toISOString();

function scan(offer: string | null, cardRef = `ref-${randomUUID()}`): ScanEvent {
  return {
    type: 'scan',
    id: randomUUID(),
    at: iso(NOW - 60),
    service: 'citysave',
    offer,
    outcome: 'valid',
    reason: 'ok',
    source: 'hid',
    cardRef,
    kid: null,
    trustSeq: null,
    latencyMs: 5,
  };
}

/** 50 events as a till pushes them: redemptions, plain scans, staff calls, undos of some of its redemptions. */
function batch(): TerminalEvent[] {
  const redemptions = Array.from({ length: 30 }, () => scan('lunch-15'));
  const undos: TerminalEvent[] = redemptions.slice(0, 5).map((r) => ({
    type: 'undo_redemption',
    id: randomUUID(),
    at: iso(NOW - 30),
    undoes: r.id,
    offer: 'lunch-15',
    cardRef: r.cardRef!,
  }));
  const calls: TerminalEvent[] = Array.from({ length: 5 }, () => ({
    type: 'staff_call',
    id: randomUUID(),
    at: iso(NOW - 10),
  }));
  return [...redemptions, ...Array.from({ length: 10 }, () => scan(null)), ...calls, ...undos];
}

const shuffled = <T>(xs: readonly T[]): T[] =>
  xs
    .map((x) => ({ x, k: Math.random() }))
    .sort((p, q) => p.k - q.k)
    .map((p) => p.x);

let database: TestDatabase;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(async () => {
  await database?.drop();
});

let servers: PostgresSyncStorage[];
beforeEach(async () => {
  const url = await freshSchema(database.url);
  servers = [];
  for (let i = 0; i < 4; i++) servers.push(await PostgresSyncStorage.open(url, { maxConnections: 6 }));
  await servers[0]!.putVenue({ id: 'bistro', config: {}, cardRefKey: 'k' });
});
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe('two server processes taking the same pushes at once', () => {
  it('store each event once, tell exactly one of them accepted, and put each redemption in the feed once', async () => {
    const [a, b] = servers as [PostgresSyncStorage, PostgresSyncStorage];
    const sent: TerminalEvent[] = [];
    for (let round = 0; round < 20; round++) {
      const events = batch();
      sent.push(...events);
      // The same batch through both, in different orders (ids locked in another order), the undos
      // still after what they undo (before it, an undo changes nothing, as on every backend).
      const other = [...shuffled(events.slice(0, 45)), ...events.slice(45)];
      const [first, second] = await Promise.all([
        a.ingestEvents('till_1', 'bistro', events, NOW),
        b.ingestEvents('till_1', 'bistro', other, NOW),
      ]);
      const accepted = new Map<string, number>();
      events.forEach((e, i) => accepted.set(e.id, (first[i] === 'accepted' ? 1 : 0) + (accepted.get(e.id) ?? 0)));
      other.forEach((e, i) => accepted.set(e.id, (second[i] === 'accepted' ? 1 : 0) + (accepted.get(e.id) ?? 0)));
      expect([...accepted.values()].every((n) => n === 1)).toBe(true);
      // Scans that touch no feed take no lock: the two inserts really overlap (and, ids taken in
      // one order whatever the batch's, never deadlock).
      const plain = Array.from({ length: 50 }, () => scan(null));
      sent.push(...plain);
      const answers = await Promise.all([
        a.ingestEvents('till_1', 'bistro', plain, NOW),
        b.ingestEvents('till_2', 'bistro', shuffled(plain), NOW),
      ]);
      expect(answers.flat().filter((s) => s === 'accepted')).toHaveLength(50);
    }
    expect(await a.eventCount()).toBe(sent.length);
    const feed = await b.redemptionsSince('bistro', 0, 10_000);
    expect(feed).toHaveLength(20 * 30);
    expect(new Set(feed.map((r) => r.id)).size).toBe(feed.length);
    expect(feed.filter((r) => r.undoneAt !== null)).toHaveLength(20 * 5);
    expect(await a.staffCallsSince('bistro', 0, 10_000)).toHaveLength(20 * 5);
  });
});

describe('a terminal paging the feeds while other processes write', () => {
  it('never misses a redemption, an undo, a staff call or a registry change', async () => {
    const [reader, ...writers] = servers as [PostgresSyncStorage, ...PostgresSyncStorage[]];
    const written = { redemptions: new Set<string>(), undone: new Set<string>(), calls: new Set<string>() };
    const registry = new Set<string>();
    let writing = true;

    const writer = async (w: PostgresSyncStorage, n: number): Promise<void> => {
      for (let i = 0; i < 40; i++) {
        // Batches of varied size, so transactions take their seqs and commit at varied times.
        const size = 1 + Math.floor(Math.random() * 25);
        const events: TerminalEvent[] = Array.from({ length: size }, () => scan('lunch-15'));
        const undo = events[0] as ScanEvent;
        events.push({
          type: 'undo_redemption',
          id: randomUUID(),
          at: iso(NOW),
          undoes: undo.id,
          offer: 'x',
          cardRef: 'y',
        });
        const call: TerminalEvent = { type: 'staff_call', id: randomUUID(), at: iso(NOW) };
        events.push(call);
        const refHash = `h-${n}-${i}`;
        await Promise.all([
          w.ingestEvents(`till_${n}`, 'bistro', events, NOW),
          w.putRegistryEntry({
            refHash,
            services: ['library'],
            iss: 'i',
            statusUri: 'u',
            statusIndex: i,
            removed: false,
          }),
        ]);
        for (const e of events.slice(0, size)) written.redemptions.add(e.id);
        written.undone.add(undo.id);
        written.calls.add(call.id);
        registry.add(refHash);
      }
    };

    const seen = { redemptions: new Set<string>(), undone: new Set<string>(), calls: new Set<string>() };
    const seenRegistry = new Set<string>();
    const cursors = { redemptions: 0, calls: 0, registry: 0 };
    const page = async (): Promise<void> => {
      // Small pages, as a terminal pulls them; the cursor only ever moves to what was read.
      const redemptions = await reader.redemptionsSince('bistro', cursors.redemptions, 7);
      for (const r of redemptions) (r.undoneAt === null ? seen.redemptions : seen.undone).add(r.id);
      cursors.redemptions = redemptions.at(-1)?.seq ?? cursors.redemptions;
      const calls = await reader.staffCallsSince('bistro', cursors.calls, 7);
      for (const c of calls) seen.calls.add(c.id);
      cursors.calls = calls.at(-1)?.seq ?? cursors.calls;
      const changes = await reader.registryChanges(cursors.registry, 7);
      for (const c of changes) seenRegistry.add(c.refHash);
      cursors.registry = changes.at(-1)?.seq ?? cursors.registry;
    };
    const reading = (async () => {
      while (writing) await page();
    })();
    await Promise.all(writers.map((w, n) => writer(w, n)));
    writing = false;
    await reading;
    // Caught up from where it stopped: a row committed below its cursor would be missing now.
    for (let i = 0; i < 1000; i++) {
      const before = { ...cursors };
      await page();
      if (JSON.stringify(before) === JSON.stringify(cursors)) break;
    }
    // An undone redemption may have been read only after its undo moved it: seen either way.
    const everRedeemed = new Set([...seen.redemptions, ...seen.undone]);
    expect([...written.redemptions].filter((id) => !everRedeemed.has(id))).toEqual([]);
    expect([...written.undone].filter((id) => !seen.undone.has(id))).toEqual([]);
    expect([...written.calls].filter((id) => !seen.calls.has(id))).toEqual([]);
    expect([...registry].filter((h) => !seenRegistry.has(h))).toEqual([]);
  });
});
