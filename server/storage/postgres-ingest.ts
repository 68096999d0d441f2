/**
 * `ingestEvents` on PostgreSQL: one transaction per batch, safe when several server processes
 * take pushes of the same events at once.
 *
 * - Each event id once: one `INSERT ... ON CONFLICT (id) DO NOTHING` for the whole batch, whose
 *   RETURNING says which ids this transaction stored. A second process inserting the same id waits
 *   for the first to commit and then skips it: never read-then-write.
 * - Rows are inserted in id order, so two batches sharing ids take their row locks in one order
 *   and cannot deadlock, whatever order the terminals sent them in.
 * - A batch that adds to its venue's feeds takes the venue's feed lock first (before any row
 *   lock, for the same reason), then its feed seqs, so they commit in seq order.
 */
import type pg from 'pg';
import type { TerminalEvent } from '../../src/core/sync-protocol';
import type { IngestStatus } from './sync-storage';
import { lockVenueFeed } from './postgres-locks';

interface EventRow {
  readonly id: string;
  readonly type: string;
  readonly body: string;
  readonly at: number;
  readonly cardRef: string | null;
}

const seconds = (iso: string): number => Date.parse(iso) / 1000;

/** A valid scan of an offer with a card reference: a redemption in the venue's feed. */
const redeems = (e: TerminalEvent): boolean =>
  e.type === 'scan' && e.offer !== null && e.outcome === 'valid' && e.cardRef !== null;

const touchesFeed = (e: TerminalEvent): boolean => redeems(e) || e.type !== 'scan';

/** What one batch adds to its venue's feeds, in the batch's order, each with its feed seq. */
interface FeedWork {
  redemptions: { e: TerminalEvent & { type: 'scan' }; seq: number }[];
  undos: { e: TerminalEvent & { type: 'undo_redemption' }; seq: number }[];
  calls: { e: TerminalEvent & { type: 'staff_call' }; seq: number }[];
}

/**
 * The feed changes of the events this batch stored, as a terminal's one-at-a-time order would
 * make them: an undo acts on a redemption stored before it (earlier batches, or earlier in this
 * one), and only the first undo of a redemption does anything, so later ones are left out.
 */
function feedWork(accepted: readonly TerminalEvent[], seqs: readonly number[]): FeedWork {
  const work: FeedWork = { redemptions: [], undos: [], calls: [] };
  const redeemedHere = new Set<string>();
  const undone = new Set<string>();
  const inBatch = new Set(accepted.filter(redeems).map((e) => e.id));
  let next = 0;
  for (const e of accepted) {
    if (e.type === 'scan') {
      if (!redeems(e)) continue;
      work.redemptions.push({ e, seq: seqs[next++]! });
      redeemedHere.add(e.id);
    } else if (e.type === 'undo_redemption') {
      const seq = seqs[next++]!;
      // Before its redemption in this batch, or a repeat: would have changed nothing.
      if (undone.has(e.undoes) || (inBatch.has(e.undoes) && !redeemedHere.has(e.undoes))) continue;
      undone.add(e.undoes);
      work.undos.push({ e, seq });
    } else {
      work.calls.push({ e, seq: seqs[next++]! });
    }
  }
  return work;
}

async function takeSeqs(client: pg.PoolClient, n: number): Promise<number[]> {
  if (n === 0) return [];
  const { rows } = await client.query<{ s: number }>(
    "SELECT nextval('feed_seq') AS s FROM generate_series(1, $1::integer)",
    [n],
  );
  return rows.map((r) => r.s).sort((x, y) => x - y);
}

async function writeFeeds(client: pg.PoolClient, deviceId: string, venueId: string, work: FeedWork): Promise<void> {
  if (work.redemptions.length > 0)
    await client.query(
      `INSERT INTO redemptions (id, feed_seq, venue_id, device_id, card_ref, offer_id, at)
       SELECT id, seq, $1, $2, card_ref, offer_id, at
       FROM unnest($3::text[], $4::bigint[], $5::text[], $6::text[], $7::float8[]) AS r(id, seq, card_ref, offer_id, at)
       ON CONFLICT (id) DO NOTHING`,
      [
        venueId,
        deviceId,
        work.redemptions.map((r) => r.e.id),
        work.redemptions.map((r) => r.seq),
        work.redemptions.map((r) => r.e.cardRef),
        work.redemptions.map((r) => r.e.offer),
        work.redemptions.map((r) => seconds(r.e.at)),
      ],
    );
  if (work.undos.length > 0)
    // Only the venue's own redemptions: an undo sent from another venue changes no feed.
    await client.query(
      `UPDATE redemptions AS r SET undone_at = u.at, feed_seq = u.seq
       FROM unnest($1::text[], $2::float8[], $3::bigint[]) AS u(undoes, at, seq)
       WHERE r.id = u.undoes AND r.venue_id = $4 AND r.undone_at IS NULL`,
      [
        work.undos.map((u) => u.e.undoes),
        work.undos.map((u) => seconds(u.e.at)),
        work.undos.map((u) => u.seq),
        venueId,
      ],
    );
  if (work.calls.length > 0)
    await client.query(
      `UPDATE events AS e SET feed_seq = c.seq FROM unnest($1::text[], $2::bigint[]) AS c(id, seq) WHERE e.id = c.id`,
      [work.calls.map((c) => c.e.id), work.calls.map((c) => c.seq)],
    );
}

/** Runs inside the caller's transaction; answers each event's status in the order given. */
export async function ingestInTransaction(
  client: pg.PoolClient,
  deviceId: string,
  venueId: string,
  events: readonly TerminalEvent[],
  now: number,
): Promise<IngestStatus[]> {
  // Serialised before anything is written: an event JSON cannot hold fails the batch here.
  const firsts = new Map<string, EventRow>();
  for (const e of events)
    if (!firsts.has(e.id))
      firsts.set(e.id, {
        id: e.id,
        type: e.type,
        body: JSON.stringify(e),
        at: seconds(e.at),
        cardRef: e.type === 'staff_call' ? null : e.cardRef,
      });
  if (firsts.size === 0) return [];
  if (events.some(touchesFeed)) await lockVenueFeed(client, venueId);
  const rows = [...firsts.values()].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const { rows: stored } = await client.query<{ id: string }>(
    `INSERT INTO events (id, device_id, venue_id, type, body, at, card_ref, received_at)
     SELECT id, $1, $2, type, body::json, at, card_ref, $3
     FROM unnest($4::text[], $5::text[], $6::text[], $7::float8[], $8::text[]) WITH ORDINALITY AS e(id, type, body, at, card_ref, n)
     ORDER BY n
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [
      deviceId,
      venueId,
      now,
      rows.map((r) => r.id),
      rows.map((r) => r.type),
      rows.map((r) => r.body),
      rows.map((r) => r.at),
      rows.map((r) => r.cardRef),
    ],
  );
  const fresh = new Set(stored.map((r) => r.id));
  const statuses: IngestStatus[] = [];
  const accepted: TerminalEvent[] = [];
  for (const e of events) {
    const isNew = fresh.delete(e.id);
    statuses.push(isNew ? 'accepted' : 'duplicate');
    if (isNew) accepted.push(e);
  }
  const feedEvents = accepted.filter(touchesFeed);
  await writeFeeds(client, deviceId, venueId, feedWork(feedEvents, await takeSeqs(client, feedEvents.length)));
  return statuses;
}
