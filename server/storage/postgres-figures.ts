import type pg from 'pg';
import type { UsageRedemption, UsageScan } from './console-records';
import {
  OVERLAP_WINDOW_SECONDS,
  overlapOf,
  type OverlapRow,
  type RedemptionOverlap,
  type StorageStats,
} from './figures';

/**
 * The read-only figures on PostgreSQL: usage for the console, overlaps, and `admin stats`. The
 * event's time and card reference are columns here (not only inside the JSON body, as in
 * SQLite), so ranges use an index however many million events the store holds.
 */

/**
 * Each standing redemption next to the one before it of the same card and offer at the same
 * venue; a pair is an overlap when another till made the earlier one within the window. Only
 * redemptions from `from - window` on are read, since an earlier one cannot pair with one in range.
 */
const OVERLAPS = `
  SELECT * FROM (
    SELECT venue_id, card_ref, offer_id, id, device_id, at,
      lag(id) OVER w AS prev_id, lag(device_id) OVER w AS prev_device, lag(at) OVER w AS prev_at
    FROM redemptions
    WHERE undone_at IS NULL AND at >= $1::float8 - $4::float8 AND at < $2::float8 AND ($3::text IS NULL OR venue_id = $3)
    WINDOW w AS (PARTITION BY venue_id, card_ref, offer_id ORDER BY at, id COLLATE "C")
  ) AS pairs
  WHERE prev_id IS NOT NULL AND prev_device <> device_id AND at - prev_at <= $4::float8 AND at >= $1::float8`;

export async function overlappingRedemptions(
  pool: pg.Pool,
  from: number,
  to: number,
  venueId: string | null,
  windowSeconds: number,
): Promise<RedemptionOverlap[]> {
  const { rows } = await pool.query<OverlapRow>(`${OVERLAPS} ORDER BY at, id COLLATE "C"`, [
    from,
    to,
    venueId,
    windowSeconds,
  ]);
  return rows.map(overlapOf);
}

export async function scansBetween(
  pool: pg.Pool,
  from: number,
  to: number,
  venueId: string | null,
): Promise<UsageScan[]> {
  const { rows } = await pool.query<{
    venue_id: string;
    at: number;
    service: string | null;
    outcome: string;
    card_ref: string | null;
  }>(
    `SELECT venue_id, at, body->>'service' AS service, body->>'outcome' AS outcome, card_ref FROM events
     WHERE type = 'scan' AND at >= $1 AND at < $2 AND ($3::text IS NULL OR venue_id = $3)`,
    [from, to, venueId],
  );
  return rows.map((r) => ({
    venueId: r.venue_id,
    at: r.at,
    service: r.service,
    outcome: r.outcome,
    cardRef: r.card_ref,
  }));
}

export async function redemptionsBetween(
  pool: pg.Pool,
  from: number,
  to: number,
  venueId: string | null,
): Promise<UsageRedemption[]> {
  const { rows } = await pool.query<{ venue_id: string; at: number }>(
    `SELECT venue_id, at FROM redemptions
     WHERE undone_at IS NULL AND at >= $1 AND at < $2 AND ($3::text IS NULL OR venue_id = $3)`,
    [from, to, venueId],
  );
  return rows.map((r) => ({ venueId: r.venue_id, at: r.at }));
}

/** One statement, so the counts come from one snapshot and agree with each other. */
export async function stats(pool: pg.Pool): Promise<StorageStats> {
  const { rows } = await pool.query<StorageStats>(
    `SELECT
       (SELECT count(*) FROM venues) AS "venues",
       (SELECT count(*) FROM devices WHERE revoked_at IS NULL) AS "terminals",
       (SELECT count(*) FROM devices WHERE revoked_at IS NOT NULL) AS "terminalsRevoked",
       (SELECT count(*) FROM events) AS "events",
       (SELECT count(*) FROM redemptions WHERE undone_at IS NULL) AS "redemptions",
       (SELECT count(*) FROM redemptions WHERE undone_at IS NOT NULL) AS "redemptionsUndone",
       (SELECT count(*) FROM cards) AS "cardsIssued",
       (SELECT count(DISTINCT card_ref) FROM events) AS "cardsSeen",
       (SELECT count(*) FROM (${OVERLAPS}) AS o) AS "overlappingRedemptions"`,
    [-Number.MAX_VALUE, Number.MAX_VALUE, null, OVERLAP_WINDOW_SECONDS],
  );
  return rows[0]!;
}
