import type Database from 'better-sqlite3';
import {
  OVERLAP_WINDOW_SECONDS,
  overlapOf,
  type OverlapRow,
  type RedemptionOverlap,
  type StorageStats,
} from './figures';

/**
 * The overlap and `admin stats` figures on SQLite, the same answers as postgres-figures.ts: each
 * standing redemption next to the one before it of the same card and offer at the same venue,
 * an overlap when another till made that one within the window. Only redemptions from
 * `from - window` on are read, since an earlier one cannot pair with one in range.
 */
const OVERLAPS = `
  SELECT * FROM (
    SELECT venue_id, card_ref, offer_id, id, device_id, at,
      lag(id) OVER w AS prev_id, lag(device_id) OVER w AS prev_device, lag(at) OVER w AS prev_at
    FROM redemptions
    WHERE undone_at IS NULL AND at >= :from - :window AND at < :to AND (:venue IS NULL OR venue_id = :venue)
    WINDOW w AS (PARTITION BY venue_id, card_ref, offer_id ORDER BY at, id)
  )
  WHERE prev_id IS NOT NULL AND prev_device <> device_id AND at - prev_at <= :window AND at >= :from`;

interface Range {
  from: number;
  to: number;
  venue: string | null;
  window: number;
}

export class SqliteFigures {
  private readonly overlaps;
  private readonly totals;

  constructor(db: Database.Database) {
    this.overlaps = db.prepare<Range, OverlapRow>(`${OVERLAPS} ORDER BY at, id`);
    // One statement, so the counts come from one snapshot and agree with each other.
    this.totals = db.prepare<Range, StorageStats>(
      `SELECT
         (SELECT count(*) FROM venues) AS venues,
         (SELECT count(*) FROM devices WHERE revoked_at IS NULL) AS terminals,
         (SELECT count(*) FROM devices WHERE revoked_at IS NOT NULL) AS terminalsRevoked,
         (SELECT count(*) FROM events) AS events,
         (SELECT count(*) FROM redemptions WHERE undone_at IS NULL) AS redemptions,
         (SELECT count(*) FROM redemptions WHERE undone_at IS NOT NULL) AS redemptionsUndone,
         (SELECT count(*) FROM cards) AS cardsIssued,
         (SELECT count(DISTINCT json_extract(body, '$.cardRef')) FROM events) AS cardsSeen,
         (SELECT count(*) FROM (${OVERLAPS})) AS overlappingRedemptions`,
    );
  }

  overlapping(from: number, to: number, venue: string | null, window: number): RedemptionOverlap[] {
    return this.overlaps.all({ from, to, venue, window }).map(overlapOf);
  }

  stats(): StorageStats {
    return this.totals.get({
      from: -Number.MAX_VALUE,
      to: Number.MAX_VALUE,
      venue: null,
      window: OVERLAP_WINDOW_SECONDS,
    })!;
  }
}
