/**
 * The `SyncStorage` contract (server/storage/sync-storage.ts) as a test suite that sees nothing
 * but the interface, so every backend runs the same tests: SQLite today, PostgreSQL when it
 * comes (a test file that calls `describeStorageContract` with its own backend).
 *
 * Races are run across separate connections, as separate server processes would make them. With
 * SQLite, whose calls finish before they return, they cannot overlap, so there they check the
 * outcome only; a backend that talks to a database server really races them.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScanEvent, StaffCallEvent, TerminalEvent, UndoRedemptionEvent } from '../../src/core/sync-protocol';
import type { DeviceRecord, SyncStorage, VenueRecord } from '../../server/storage/sync-storage';
import { describeConsoleContract } from './storage-contract-console';
import { describeFiguresContract } from './storage-contract-figures';

/** One empty database for one test. */
export interface StorageFixture {
  /** A new connection to this fixture's database, as another server process would open one. */
  connect(): Promise<SyncStorage>;
  /** Closes what is still open and removes the database. */
  dispose(): Promise<void>;
}

export interface StorageBackend {
  readonly name: string;
  fresh(): Promise<StorageFixture>;
}

const NOW = 1_800_000_000;
const iso = (seconds: number): string => new Date(seconds * 1000).toISOString();

function venue(id: string): VenueRecord {
  return { id, config: { venueId: id, name: `Venue ${id}`, offers: [] }, cardRefKey: `key-${id}` };
}

function device(id: string, venueId: string, label = `Desk ${id}`): DeviceRecord {
  return { id, venueId, publicJwk: { kty: 'OKP', crv: 'Ed25519', x: id }, label, enrolledAt: NOW, revokedAt: null };
}

function scan(overrides: Partial<ScanEvent> = {}): ScanEvent {
  return {
    type: 'scan',
    id: randomUUID(),
    at: iso(NOW - 60),
    service: 'citysave',
    offer: 'lunch-15',
    outcome: 'valid',
    reason: 'ok',
    source: 'hid',
    cardRef: 'ref-amira',
    kid: null,
    trustSeq: null,
    latencyMs: 12,
    ...overrides,
  };
}

function undo(of: ScanEvent, at = NOW - 30): UndoRedemptionEvent {
  return {
    type: 'undo_redemption',
    id: randomUUID(),
    at: iso(at),
    undoes: of.id,
    offer: of.offer!,
    cardRef: of.cardRef!,
  };
}

function staffCall(at = NOW - 10): StaffCallEvent {
  return { type: 'staff_call', id: randomUUID(), at: iso(at) };
}

/** Exactly one of the answers is the winning one. */
function oneWinner<T>(answers: readonly T[], won: (answer: T) => boolean): void {
  expect(answers.filter(won)).toHaveLength(1);
}

export function describeStorageContract(backend: StorageBackend): void {
  describe(`SyncStorage contract: ${backend.name}`, () => {
    let fixture: StorageFixture;
    /** Two connections to one database, as two server processes would hold them. */
    let a: SyncStorage;
    let b: SyncStorage;

    beforeEach(async () => {
      fixture = await backend.fresh();
      a = await fixture.connect();
      b = await fixture.connect();
    });
    afterEach(async () => {
      await fixture.dispose();
    });

    const connections = async (n: number): Promise<SyncStorage[]> =>
      Promise.all(Array.from({ length: n }, () => fixture.connect()));

    describe('deployment values', () => {
      it('a key never set is null; set stores a value and replaces it, seen by every connection', async () => {
        expect(await a.getValue('deployment')).toBeNull();
        await a.setValue('deployment', '{"name":"Council"}');
        expect(await b.getValue('deployment')).toBe('{"name":"Council"}');
        await b.setValue('deployment', '{"name":"Other"}');
        expect(await a.getValue('deployment')).toBe('{"name":"Other"}');
      });

      it('compare-and-set replaces only what it expects, absent included', async () => {
        expect(await a.compareAndSetValue('trust_list', null, 'v1')).toBe(true);
        expect(await b.compareAndSetValue('trust_list', null, 'other')).toBe(false);
        expect(await b.compareAndSetValue('trust_list', 'stale', 'other')).toBe(false);
        expect(await a.getValue('trust_list')).toBe('v1');
        expect(await b.compareAndSetValue('trust_list', 'v1', 'v2')).toBe(true);
        expect(await a.getValue('trust_list')).toBe('v2');
      });

      it('of connections racing to replace one value, exactly one wins and its value stays', async () => {
        const racers = await connections(6);
        const fromAbsent = await Promise.all(racers.map((s, i) => s.compareAndSetValue('audience', null, `urn:${i}`)));
        oneWinner(fromAbsent, (won) => won);
        expect(await a.getValue('audience')).toBe(`urn:${fromAbsent.indexOf(true)}`);

        await a.setValue('trust_list', 'seq 1');
        const next = await Promise.all(
          racers.map((s, i) => s.compareAndSetValue('trust_list', 'seq 1', `seq 2 by ${i}`)),
        );
        oneWinner(next, (won) => won);
        expect(await b.getValue('trust_list')).toBe(`seq 2 by ${next.indexOf(true)}`);
      });

      it('increments count from 1, and concurrent increments lose nothing and never repeat', async () => {
        expect(await a.incrementValue('status_version')).toBe(1);
        expect(await b.incrementValue('status_version')).toBe(2);
        const racers = await connections(4);
        const answers = await Promise.all(
          Array.from({ length: 20 }, (_, i) => racers[i % 4]!.incrementValue('status_version')),
        );
        expect([...answers].sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 3));
        expect(await a.getValue('status_version')).toBe('22');
      });

      it('increments a value that was set as a number', async () => {
        await a.setValue('status_version', '41');
        expect(await b.incrementValue('status_version')).toBe(42);
      });
    });

    describe('venues', () => {
      it('an unknown venue is null; a stored one comes back as it was put', async () => {
        expect(await a.getVenue('library')).toBeNull();
        await a.putVenue(venue('library'));
        expect(await b.getVenue('library')).toEqual(venue('library'));
      });

      it('putting a venue again replaces its configuration and keeps its card reference key', async () => {
        await a.putVenue(venue('library'));
        const config = { venueId: 'library', name: 'Renamed', offers: [{ id: 'cafe-10' }] };
        await b.putVenue({ id: 'library', config, cardRefKey: 'a-new-key' });
        // Terminals hash card references with the key: a new one would split every card's history.
        expect(await a.getVenue('library')).toEqual({ id: 'library', config, cardRefKey: 'key-library' });
      });
    });

    describe('enrolment codes', () => {
      beforeEach(async () => {
        await a.putVenue(venue('library'));
      });

      it('a code gives its venue once; unknown codes give nothing', async () => {
        expect(await a.consumeEnrolmentCode('unknown', NOW)).toBeNull();
        await a.addEnrolmentCode('hash-1', 'library', NOW + 3600);
        expect(await b.consumeEnrolmentCode('hash-1', NOW)).toBe('library');
        expect(await a.consumeEnrolmentCode('hash-1', NOW)).toBeNull();
        expect(await b.consumeEnrolmentCode('hash-1', NOW)).toBeNull();
      });

      it('a code expires at its expiry time', async () => {
        await a.addEnrolmentCode('early', 'library', NOW + 60);
        await a.addEnrolmentCode('late', 'library', NOW + 60);
        expect(await a.consumeEnrolmentCode('late', NOW + 60)).toBeNull();
        expect(await a.consumeEnrolmentCode('early', NOW + 59)).toBe('library');
      });

      it('a code for an unknown venue is refused', async () => {
        await expect(a.addEnrolmentCode('hash-x', 'nowhere', NOW + 60)).rejects.toThrow();
        expect(await a.consumeEnrolmentCode('hash-x', NOW)).toBeNull();
      });

      it('of terminals presenting one code at once, exactly one is enrolled', async () => {
        await a.addEnrolmentCode('contested', 'library', NOW + 3600);
        const racers = await connections(6);
        const venues = await Promise.all(racers.map((s) => s.consumeEnrolmentCode('contested', NOW)));
        oneWinner(venues, (v) => v === 'library');
        expect(venues.filter((v) => v === null)).toHaveLength(5);
      });
    });

    describe('devices', () => {
      beforeEach(async () => {
        await a.putVenue(venue('library'));
      });

      it('an unknown device is null; a stored one comes back as it was added', async () => {
        expect(await a.getDevice('dev_1')).toBeNull();
        await a.addDevice(device('dev_1', 'library'));
        expect(await b.getDevice('dev_1')).toEqual(device('dev_1', 'library'));
      });

      it('a device id is used once, and only for a venue that exists', async () => {
        await a.addDevice(device('dev_1', 'library'));
        await expect(b.addDevice(device('dev_1', 'library', 'Another'))).rejects.toThrow();
        await expect(a.addDevice(device('dev_2', 'nowhere'))).rejects.toThrow();
        expect((await a.getDevice('dev_1'))?.label).toBe('Desk dev_1');
        expect(await a.getDevice('dev_2')).toBeNull();
      });

      it('revoking is done once: the first time is kept; an unknown device cannot be revoked', async () => {
        await a.addDevice(device('dev_1', 'library'));
        expect(await a.revokeDevice('dev_1', NOW + 5)).toBe(true);
        expect(await b.revokeDevice('dev_1', NOW + 9)).toBe(false);
        expect((await b.getDevice('dev_1'))?.revokedAt).toBe(NOW + 5);
        expect(await a.revokeDevice('dev_nobody', NOW)).toBe(false);
      });
    });

    describe('token ids (replay records)', () => {
      it('a token id is taken once, by whichever connection sees it first', async () => {
        expect(await a.rememberJti('dev_1:jti-1', NOW + 65, NOW)).toBe(true);
        expect(await a.rememberJti('dev_1:jti-1', NOW + 65, NOW + 1)).toBe(false);
        expect(await b.rememberJti('dev_1:jti-1', NOW + 65, NOW + 2)).toBe(false);
        expect(await b.rememberJti('dev_1:jti-2', NOW + 65, NOW + 2)).toBe(true);
      });

      it('of requests replaying one token at once, exactly one gets through', async () => {
        const racers = await connections(6);
        const answers = await Promise.all(racers.map((s) => s.rememberJti('dev_1:contested', NOW + 65, NOW)));
        oneWinner(answers, (fresh) => fresh);
      });

      it('a record is kept until it expires, however many others come and go', async () => {
        expect(await a.rememberJti('dev_1:kept', NOW + 120, NOW)).toBe(true);
        // Hundreds of short-lived ids, all expired by the time the next one arrives.
        for (let i = 1; i <= 600; i++)
          expect(await a.rememberJti(`dev_2:${i}`, NOW + i / 10, NOW + i / 10 + 1)).toBe(true);
        expect(await b.rememberJti('dev_1:kept', NOW + 120, NOW + 119)).toBe(false);
      });
    });

    describe('cards and statuses', () => {
      const card = (id: string, statusIndex: number) => ({
        id,
        statusIndex,
        status: 0,
        services: ['library'],
        libraryNumber: null,
      });

      it('status indexes start at 1 and follow the highest in use', async () => {
        expect(await a.nextStatusIndex()).toBe(1);
        await a.addCard(card('card_1', 1));
        expect(await b.nextStatusIndex()).toBe(2);
        await b.addCard({ ...card('card_7', 7), services: ['library', 'citysave'], libraryNumber: '29876000000017' });
        expect(await a.nextStatusIndex()).toBe(8);
      });

      it('statuses are listed by index and changed by card id', async () => {
        await a.addCard(card('card_1', 1));
        await a.addCard(card('card_2', 2));
        expect(await b.setCardStatus('card_2', 1)).toBe(true);
        expect(await b.setCardStatus('card_nobody', 1)).toBe(false);
        const statuses = await a.cardStatuses();
        expect([...statuses].sort((x, y) => x.statusIndex - y.statusIndex)).toEqual([
          { statusIndex: 1, status: 0 },
          { statusIndex: 2, status: 1 },
        ]);
      });

      it('two cards never share a status index: the second is refused, not stored', async () => {
        await a.addCard(card('card_1', 1));
        await expect(b.addCard(card('card_2', 1))).rejects.toThrow();
        expect(await a.setCardStatus('card_2', 1)).toBe(false);
        expect(await a.cardStatuses()).toEqual([{ statusIndex: 1, status: 0 }]);
      });
    });

    describe('card registry', () => {
      const entry = (refHash: string, removed = false) => ({
        refHash,
        services: ['library'],
        iss: 'https://id.council.example',
        statusUri: 'https://id.council.example/status/1',
        statusIndex: 3,
        removed,
      });

      it('changes come back in seq order, paged by cursor and limit', async () => {
        expect(await a.registryChanges(0, 100)).toEqual([]);
        for (const h of ['h1', 'h2', 'h3']) await a.putRegistryEntry(entry(h));
        const all = await b.registryChanges(0, 100);
        expect(all.map((c) => c.refHash)).toEqual(['h1', 'h2', 'h3']);
        expect(all[0]).toEqual({ seq: all[0]!.seq, ...entry('h1') });
        expect(all[1]!.seq).toBeGreaterThan(all[0]!.seq);
        expect(all[2]!.seq).toBeGreaterThan(all[1]!.seq);
        const page = await b.registryChanges(0, 2);
        expect(page.map((c) => c.refHash)).toEqual(['h1', 'h2']);
        expect((await b.registryChanges(page[1]!.seq, 2)).map((c) => c.refHash)).toEqual(['h3']);
      });

      it('a changed entry moves past the cursor, once, with its new content', async () => {
        await a.putRegistryEntry(entry('h1'));
        await a.putRegistryEntry(entry('h2'));
        const cursor = (await a.registryChanges(0, 100)).at(-1)!.seq;
        await b.putRegistryEntry({ ...entry('h1', true), services: ['citysave'] });
        const all = await a.registryChanges(0, 100);
        expect(all.map((c) => c.refHash)).toEqual(['h2', 'h1']);
        expect(await a.registryChanges(cursor, 100)).toEqual([
          { seq: all[1]!.seq, ...entry('h1', true), services: ['citysave'] },
        ]);
      });

      it('entries written at once by several connections each get their own seq', async () => {
        const racers = await connections(4);
        await Promise.all(Array.from({ length: 20 }, (_, i) => racers[i % 4]!.putRegistryEntry(entry(`h${i}`))));
        const all = await a.registryChanges(0, 100);
        expect(all).toHaveLength(20);
        expect(new Set(all.map((c) => c.seq)).size).toBe(20);
      });
    });

    describe('event ingest and the redemption feed', () => {
      beforeEach(async () => {
        await a.putVenue(venue('bistro'));
        await a.putVenue(venue('library'));
        await a.addDevice(device('dev_till', 'bistro', 'Till 1'));
        await a.addDevice(device('dev_till2', 'bistro', 'Till 2'));
      });

      it('each event is stored once by id, whoever sends it again and in whatever batch', async () => {
        const [e1, e2, e3] = [scan(), staffCall(), scan({ offer: null })];
        expect(await a.eventCount()).toBe(0);
        expect(await a.ingestEvents('dev_till', 'bistro', [e1, e2], NOW)).toEqual(['accepted', 'accepted']);
        expect(await b.ingestEvents('dev_till', 'bistro', [e2, e3, e1], NOW + 1)).toEqual([
          'duplicate',
          'accepted',
          'duplicate',
        ]);
        expect(await a.ingestEvents('dev_till2', 'bistro', [e1], NOW + 2)).toEqual(['duplicate']);
        expect(await a.ingestEvents('dev_till', 'bistro', [], NOW + 3)).toEqual([]);
        expect(await b.eventCount()).toBe(3);
      });

      it('an event twice in one batch is accepted once', async () => {
        const e = scan();
        expect(await a.ingestEvents('dev_till', 'bistro', [e, e], NOW)).toEqual(['accepted', 'duplicate']);
        expect(await a.redemptionsSince('bistro', 0, 100)).toHaveLength(1);
      });

      it('a valid scan with an offer and a card joins its venue feed; other events do not', async () => {
        const redeemed = scan();
        await a.ingestEvents(
          'dev_till',
          'bistro',
          [
            redeemed,
            scan({ offer: null }),
            scan({ outcome: 'invalid', reason: 'revoked' }),
            scan({ cardRef: null }),
            staffCall(),
          ],
          NOW,
        );
        const feed = await b.redemptionsSince('bistro', 0, 100);
        expect(feed).toEqual([
          {
            seq: feed[0]!.seq,
            id: redeemed.id,
            venueId: 'bistro',
            deviceId: 'dev_till',
            cardRef: 'ref-amira',
            offerId: 'lunch-15',
            at: NOW - 60,
            undoneAt: null,
          },
        ]);
        expect(await b.redemptionsSince('library', 0, 100)).toEqual([]);
      });

      it('an undo marks its redemption undone and moves it past the cursor; a repeat moves nothing', async () => {
        const first = scan();
        const second = scan({ cardRef: 'ref-bob' });
        await a.ingestEvents('dev_till', 'bistro', [first, second], NOW);
        const cursor = (await a.redemptionsSince('bistro', 0, 100)).at(-1)!.seq;
        await b.ingestEvents('dev_till2', 'bistro', [undo(first, NOW - 30)], NOW + 1);
        const moved = await a.redemptionsSince('bistro', cursor, 100);
        expect(moved).toMatchObject([{ id: first.id, undoneAt: NOW - 30 }]);
        expect(moved[0]!.seq).toBeGreaterThan(cursor);
        // Sent again (a retry): stored once, so the feed does not move again.
        await a.ingestEvents('dev_till', 'bistro', [first], NOW + 2);
        expect(await a.redemptionsSince('bistro', moved[0]!.seq, 100)).toEqual([]);
        expect((await a.redemptionsSince('bistro', 0, 100)).map((r) => r.id)).toEqual([second.id, first.id]);
      });

      it('an undo from another venue, or of an unknown scan, is stored and changes no feed', async () => {
        const redeemed = scan();
        await a.ingestEvents('dev_till', 'bistro', [redeemed], NOW);
        const before = await a.redemptionsSince('bistro', 0, 100);
        expect(await a.ingestEvents('dev_till', 'library', [undo(redeemed)], NOW)).toEqual(['accepted']);
        expect(await a.ingestEvents('dev_till', 'bistro', [undo(scan())], NOW)).toEqual(['accepted']);
        expect(await a.redemptionsSince('bistro', 0, 100)).toEqual(before);
      });

      it('the feed is paged by cursor and limit, in order', async () => {
        const scans = Array.from({ length: 5 }, (_, i) => scan({ cardRef: `ref-${i}` }));
        await a.ingestEvents('dev_till', 'bistro', scans, NOW);
        const page = await b.redemptionsSince('bistro', 0, 2);
        expect(page.map((r) => r.id)).toEqual([scans[0]!.id, scans[1]!.id]);
        const rest = await b.redemptionsSince('bistro', page[1]!.seq, 10);
        expect(rest.map((r) => r.id)).toEqual(scans.slice(2).map((s) => s.id));
      });

      it('of two connections storing one event at once, exactly one is told accepted', async () => {
        const e = scan();
        const racers = await connections(4);
        const answers = await Promise.all(
          racers.map((s, i) => s.ingestEvents(i % 2 ? 'dev_till' : 'dev_till2', 'bistro', [e], NOW)),
        );
        oneWinner(answers, ([status]) => status === 'accepted');
        expect(await a.eventCount()).toBe(1);
        expect(await a.redemptionsSince('bistro', 0, 100)).toHaveLength(1);
      });

      it('a batch that fails stores nothing, feed included', async () => {
        const good = scan();
        // An event that cannot be written (a value JSON cannot hold), after one that can.
        const poisoned = { ...staffCall(), note: 1n } as unknown as TerminalEvent;
        await expect(a.ingestEvents('dev_till', 'bistro', [good, poisoned], NOW)).rejects.toThrow();
        expect(await b.eventCount()).toBe(0);
        expect(await b.redemptionsSince('bistro', 0, 100)).toEqual([]);
        // The terminal sends the batch again, without the bad event: all of it is new.
        expect(await b.ingestEvents('dev_till', 'bistro', [good], NOW + 1)).toEqual(['accepted']);
      });
    });

    describe('staff calls', () => {
      beforeEach(async () => {
        await a.putVenue(venue('library'));
        await a.putVenue(venue('bistro'));
        await a.addDevice(device('dev_kiosk', 'library', 'Kiosk by the door'));
      });

      it("a venue's calls come oldest first with the kiosk's label, paged by cursor and limit", async () => {
        const calls = [staffCall(NOW - 30), staffCall(NOW - 20), staffCall(NOW - 10)];
        await a.ingestEvents('dev_kiosk', 'library', [calls[0]!, scan(), calls[1]!], NOW);
        await b.ingestEvents('dev_kiosk', 'library', [calls[2]!], NOW);
        await b.ingestEvents('dev_kiosk', 'bistro', [staffCall()], NOW);
        const all = await a.staffCallsSince('library', 0, 100);
        expect(all.map(({ seq: _seq, ...c }) => c)).toEqual(
          calls.map((c) => ({
            id: c.id,
            deviceId: 'dev_kiosk',
            from: 'Kiosk by the door',
            at: Date.parse(c.at) / 1000,
          })),
        );
        const page = await a.staffCallsSince('library', 0, 2);
        expect(page.map((c) => c.id)).toEqual([calls[0]!.id, calls[1]!.id]);
        expect((await a.staffCallsSince('library', page[1]!.seq, 2)).map((c) => c.id)).toEqual([calls[2]!.id]);
        expect(await a.staffCallsSince('library', all.at(-1)!.seq, 100)).toEqual([]);
      });

      it('a call from a device the store does not know is from "kiosk"', async () => {
        await a.ingestEvents('dev_gone', 'library', [staffCall()], NOW);
        expect((await a.staffCallsSince('library', 0, 100)).map((c) => c.from)).toEqual(['kiosk']);
      });
    });

    describeConsoleContract(() => ({ a, b, connections }));
    describeFiguresContract(() => ({ a, b }));

    describe('connections', () => {
      it('closing one connection leaves the others working', async () => {
        await a.setValue('k', 'v');
        await a.close();
        expect(await b.getValue('k')).toBe('v');
      });
    });
  });
}
