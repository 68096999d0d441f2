/**
 * What core needs from the outside world, passed in by its owner (Node adapters, tests).
 * Core itself never touches files, sockets, databases or native modules.
 */
import type { Seconds } from './time';

export type InflateResult = { ok: true; bytes: Uint8Array } | { ok: false; error: 'too_large' | 'corrupt' };

/** zlib (RFC 1950) decompression that stops at `maxBytes` of output instead of allocating more. */
export interface Inflater {
  inflate(data: Uint8Array, maxBytes: number): InflateResult;
}

export interface UsageSummary {
  readonly count: number;
  /** The latest use inside the period, for "used today at 12:41". */
  readonly lastAt: Seconds | null;
}

/**
 * The redemption history of offers: this terminal's own log and the venue's redemptions pulled at
 * each sync. The adapter keys it by a keyed hash of the card id; core passes the id through.
 */
export interface UsageHistory {
  usesSince(cardId: string, offerId: string, since: Seconds): UsageSummary;
}
