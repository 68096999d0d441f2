/**
 * The `SyncStorage` contract's figures (issue 14): two tills that redeem one card's offer at the
 * same moment (each offline, each deciding alone) are both stored, once each, both in the feed,
 * and flagged as an overlap; and the totals `civicpass admin stats` prints. Run by
 * describeStorageContract for every backend.
 */
import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ScanEvent } from '../../src/core/sync-protocol';
import type { SyncStorage } from '../../server/storage/sync-storage';

const NOW = 1_800_000_000;
const WINDOW = 600;

function redemption(at: number, overrides: Partial<ScanEvent> = {}): ScanEvent {
  return {
    type: 'scan',
    id: randomUUID(),
    at: new Date(at * 1000).toISOString(),
    service: 'citysave',
    offer: 'lunch-15',
    outcome: 'valid',
    reason: 'ok',
    source: 'hid',
    cardRef: 'ref-amira',
    kid: null,
    trustSeq: null,
    latencyMs: 3,
    ...overrides,
  };
}

export function describeFiguresContract(fixture: () => { a: SyncStorage; b: SyncStorage }): void {
  describe('figures', () => {
    let a: SyncStorage;
    let b: SyncStorage;
    beforeEach(async () => {
      ({ a, b } = fixture());
      for (const id of ['bistro', 'cafe']) await a.putVenue({ id, config: { venueId: id }, cardRefKey: `key-${id}` });
      for (const [id, venueId] of [
        ['till_1', 'bistro'],
        ['till_2', 'bistro'],
        ['till_3', 'cafe'],
      ] as const)
        await a.addDevice({ id, venueId, publicJwk: {}, label: id, enrolledAt: NOW, revokedAt: null });
    });

    it('two tills redeeming one card at the same moment: both stored once, both in the feed, flagged', async () => {
      const first = redemption(NOW - 60);
      const second = redemption(NOW - 60);
      // Each till pushes its own, and sends it again (a retry), through two server processes at once.
      const answers = await Promise.all([
        a.ingestEvents('till_1', 'bistro', [first], NOW),
        b.ingestEvents('till_2', 'bistro', [second], NOW),
        b.ingestEvents('till_1', 'bistro', [first], NOW),
        a.ingestEvents('till_2', 'bistro', [second], NOW),
      ]);
      expect(answers.flat().filter((s) => s === 'accepted')).toHaveLength(2);
      const feed = await b.redemptionsSince('bistro', 0, 100);
      expect(feed.map((r) => r.id).sort()).toEqual([first.id, second.id].sort());
      expect(new Set(feed.map((r) => r.seq)).size).toBe(2);

      const overlaps = await a.overlappingRedemptions(NOW - 3600, NOW, null, WINDOW);
      expect(overlaps).toHaveLength(1);
      expect(overlaps[0]).toMatchObject({ venueId: 'bistro', cardRef: 'ref-amira', offerId: 'lunch-15' });
      expect([overlaps[0]!.earlier.deviceId, overlaps[0]!.later.deviceId].sort()).toEqual(['till_1', 'till_2']);
      expect(await a.overlappingRedemptions(NOW - 3600, NOW, 'cafe', WINDOW)).toEqual([]);
      expect((await b.stats()).overlappingRedemptions).toBe(1);
    });

    it('not an overlap: one till twice, another offer or card, further apart than the window, or undone', async () => {
      const undone = redemption(NOW - 100, { cardRef: 'ref-undone' });
      await a.ingestEvents(
        'till_1',
        'bistro',
        [
          redemption(NOW - 500),
          redemption(NOW - 490),
          redemption(NOW - 400, { offer: 'coffee' }),
          redemption(NOW - 2000, { cardRef: 'ref-far' }),
          undone,
        ],
        NOW,
      );
      await b.ingestEvents(
        'till_2',
        'bistro',
        [
          redemption(NOW - 300, { cardRef: 'ref-bob' }),
          redemption(NOW - 2000 + WINDOW + 1, { cardRef: 'ref-far' }),
          redemption(NOW - 90, { cardRef: 'ref-undone' }),
        ],
        NOW,
      );
      expect(await a.overlappingRedemptions(NOW - 3600, NOW, null, WINDOW)).toHaveLength(1);
      await a.ingestEvents(
        'till_1',
        'bistro',
        [
          {
            type: 'undo_redemption',
            id: randomUUID(),
            at: new Date((NOW - 80) * 1000).toISOString(),
            undoes: undone.id,
            offer: 'lunch-15',
            cardRef: 'ref-undone',
          },
        ],
        NOW,
      );
      expect(await a.overlappingRedemptions(NOW - 3600, NOW, null, WINDOW)).toEqual([]);
    });

    it('an overlap counts in the range of its later redemption, each pair once, oldest first', async () => {
      await a.ingestEvents('till_1', 'bistro', [redemption(NOW - 1000), redemption(NOW - 700)], NOW);
      await b.ingestEvents('till_2', 'bistro', [redemption(NOW - 950), redemption(NOW - 650)], NOW);
      const all = await a.overlappingRedemptions(NOW - 3600, NOW, 'bistro', WINDOW);
      expect(all.map((o) => [o.earlier.at, o.later.at])).toEqual([
        [NOW - 1000, NOW - 950],
        [NOW - 950, NOW - 700],
        [NOW - 700, NOW - 650],
      ]);
      expect((await a.overlappingRedemptions(NOW - 800, NOW, 'bistro', WINDOW)).map((o) => o.later.at)).toEqual([
        NOW - 700,
        NOW - 650,
      ]);
    });

    it('stats: terminals, events, redemptions, cards issued and seen', async () => {
      expect(await a.stats()).toEqual({
        venues: 2,
        terminals: 3,
        terminalsRevoked: 0,
        events: 0,
        redemptions: 0,
        redemptionsUndone: 0,
        cardsIssued: 0,
        cardsSeen: 0,
        overlappingRedemptions: 0,
      });
      await a.revokeDevice('till_3', NOW);
      await a.addCard({ id: 'card_1', statusIndex: 1, status: 0, services: ['citysave'], libraryNumber: null });
      const kept = redemption(NOW - 50);
      const undone = redemption(NOW - 40, { cardRef: 'ref-bob' });
      await a.ingestEvents(
        'till_1',
        'bistro',
        [
          kept,
          undone,
          redemption(NOW - 30, { offer: null, cardRef: 'ref-carol' }),
          { type: 'staff_call', id: randomUUID(), at: new Date(NOW * 1000).toISOString() },
        ],
        NOW,
      );
      await b.ingestEvents(
        'till_1',
        'bistro',
        [
          {
            type: 'undo_redemption',
            id: randomUUID(),
            at: new Date((NOW - 20) * 1000).toISOString(),
            undoes: undone.id,
            offer: 'lunch-15',
            cardRef: 'ref-bob',
          },
        ],
        NOW,
      );
      expect(await b.stats()).toEqual({
        venues: 2,
        terminals: 2,
        terminalsRevoked: 1,
        events: 5,
        redemptions: 1,
        redemptionsUndone: 1,
        cardsIssued: 1,
        cardsSeen: 3,
        overlappingRedemptions: 0,
      });
    });
  });
}
