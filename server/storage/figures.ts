/**
 * Counts over the whole store, for `civicpass admin stats` and the console's figures (issue 14):
 * the same answers from every backend.
 */

/** Totals over the store. */
export interface StorageStats {
  readonly venues: number;
  /** Devices enrolled and not revoked. */
  readonly terminals: number;
  readonly terminalsRevoked: number;
  /** Events stored, each once. */
  readonly events: number;
  /** Redemptions that stand (not undone). */
  readonly redemptions: number;
  readonly redemptionsUndone: number;
  readonly cardsIssued: number;
  /**
   * Distinct card references in the events. A reference is a venue-keyed hash of the card id, so
   * one card seen at two venues with different keys counts twice.
   */
  readonly cardsSeen: number;
  /** Pairs of standing redemptions flagged as overlapping (see RedemptionOverlap), all time. */
  readonly overlappingRedemptions: number;
}

/** One standing redemption of an overlapping pair. */
export interface OverlapSide {
  readonly id: string;
  readonly deviceId: string;
  readonly at: number;
}

/**
 * Two standing redemptions of one offer by one card at one venue, from two different tills, at
 * most the overlap window apart, and next to each other in time: most often two tills that
 * were offline (or between syncs) and each decided alone (profile section 8). Both are stored
 * and both stay in the feed; this flags them for the figures.
 */
export interface RedemptionOverlap {
  readonly venueId: string;
  readonly cardRef: string;
  readonly offerId: string;
  readonly earlier: OverlapSide;
  readonly later: OverlapSide;
}

/** Ten minutes: two tills further apart than that would each have pulled the other's redemption. */
export const OVERLAP_WINDOW_SECONDS = 600;

/** A row of either backend's overlap query: a redemption and the one before it (`prev_`). */
export interface OverlapRow {
  venue_id: string;
  card_ref: string;
  offer_id: string;
  prev_id: string;
  prev_device: string;
  prev_at: number;
  id: string;
  device_id: string;
  at: number;
}

export function overlapOf(r: OverlapRow): RedemptionOverlap {
  return {
    venueId: r.venue_id,
    cardRef: r.card_ref,
    offerId: r.offer_id,
    earlier: { id: r.prev_id, deviceId: r.prev_device, at: r.prev_at },
    later: { id: r.id, deviceId: r.device_id, at: r.at },
  };
}
