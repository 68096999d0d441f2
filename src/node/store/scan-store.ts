import type { Outcome, Reason } from '../../core/reasons';
import type { UsageHistory, UsageSummary } from '../../core/ports';
import type { ScanEvent, TerminalEvent } from '../../core/sync-protocol';
import type { Seconds } from '../../core/time';
import type { Db } from './database';
import type { CardRefs } from './keyed-hash';

/** A scan log row as the History screen sees it: no personal data at all. */
export interface ScanLogEntry {
  readonly id: string;
  readonly at: Seconds;
  readonly outcome: Outcome;
  readonly reason: Reason;
  readonly service: string | null;
  readonly offer: string | null;
  readonly source: string;
  readonly latencyMs: number;
}

export interface RecentScansQuery {
  readonly since?: Seconds;
  readonly limit?: number;
  readonly outcome?: Outcome;
}

interface ScanRow {
  id: string;
  at: number;
  outcome: Outcome;
  reason: Reason;
  service: string | null;
  offer: string | null;
  source: string;
  latency_ms: number;
}

/**
 * The scan log, the outbox and offer redemptions. A scan's three rows are written in one
 * transaction, so a crash never leaves one without the others. Statements are prepared once.
 */
export class ScanStore implements UsageHistory {
  private readonly insertScan;
  private readonly insertOutbox;
  private readonly insertRedemption;
  private readonly countUses;
  private readonly recent;
  private readonly recentByOutcome;
  private readonly purgeOld;
  private readonly outboxDepth;
  private readonly countSinceStmt;
  private readonly setAsideCount;
  private readonly undoRedemption;
  private readonly findRedemption;
  private readonly upsertSynced;
  private readonly setLmsAnswered;
  /** A scan's log, outbox and redemption rows, in one transaction; `at` in seconds as the event states it. */
  readonly recordScan: (event: ScanEvent, at: Seconds, redemption: { offerId: string; cardRef: string } | null) => void;

  constructor(
    private readonly db: Db,
    private readonly hasher: CardRefs,
  ) {
    this.insertScan = db.prepare(
      `INSERT INTO scan_log (id, at, outcome, reason, service, offer, source, latency_ms, kid, trust_seq, card_ref)
       VALUES (@id, @at, @outcome, @reason, @service, @offer, @source, @latencyMs, @kid, @trustSeq, @cardRef)`,
    );
    this.insertOutbox = db.prepare('INSERT INTO outbox (event_id, body, queued_at) VALUES (?, ?, ?)');
    this.insertRedemption = db.prepare(
      "INSERT INTO redemptions (id, card_ref, offer_id, at, origin) VALUES (?, ?, ?, ?, 'own')",
    );
    this.countUses = db.prepare<[string, string, number], { n: number; last: number | null }>(
      `SELECT count(*) AS n, max(at) AS last FROM redemptions
       WHERE card_ref = ? AND offer_id = ? AND at >= ? AND undone_at IS NULL`,
    );
    this.recent = db.prepare<[number, number], ScanRow>(
      `SELECT id, at, outcome, reason, service, offer, source, latency_ms FROM scan_log
       WHERE at >= ? ORDER BY at DESC LIMIT ?`,
    );
    this.recentByOutcome = db.prepare<[number, string, number], ScanRow>(
      `SELECT id, at, outcome, reason, service, offer, source, latency_ms FROM scan_log
       WHERE at >= ? AND outcome = ? ORDER BY at DESC LIMIT ?`,
    );
    this.purgeOld = db.prepare('DELETE FROM scan_log WHERE at < ? AND id NOT IN (SELECT event_id FROM outbox)');
    this.setAsideCount = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM rejected_events');
    this.countSinceStmt = db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM scan_log WHERE at >= ?');
    this.outboxDepth = db.prepare<[], { n: number; oldest: number | null }>(
      'SELECT count(*) AS n, min(queued_at) AS oldest FROM outbox',
    );
    this.findRedemption = db.prepare<[string], { card_ref: string; offer_id: string; undone_at: number | null }>(
      "SELECT card_ref, offer_id, undone_at FROM redemptions WHERE id = ? AND origin = 'own'",
    );
    this.undoRedemption = db.prepare('UPDATE redemptions SET undone_at = ? WHERE id = ? AND undone_at IS NULL');
    this.upsertSynced = db.prepare(
      `INSERT INTO redemptions (id, card_ref, offer_id, at, origin, undone_at) VALUES (?, ?, ?, ?, 'synced', ?)
       ON CONFLICT (id) DO UPDATE SET undone_at = excluded.undone_at`,
    );
    this.setLmsAnswered = db.prepare('UPDATE scan_log SET lms_answered = ? WHERE id = ?');
    this.recordScan = db.transaction(
      (event: ScanEvent, at: Seconds, redemption: { offerId: string; cardRef: string } | null) => {
        this.insertScan.run({ ...event, at });
        this.insertOutbox.run(event.id, JSON.stringify(event), at);
        if (redemption) this.insertRedemption.run(event.id, redemption.cardRef, redemption.offerId, at);
      },
    );
  }

  /** UsageHistory for the venue policy: own and synced redemptions, undone ones excluded. */
  usesSince(cardId: string, offerId: string, since: Seconds): UsageSummary {
    return this.usesOfRef(this.hasher.ref(cardId), offerId, since);
  }

  /** The same, for a card whose reference the caller has already made (hashed once per scan). */
  usesOfRef(cardRef: string, offerId: string, since: Seconds): UsageSummary {
    const row = this.countUses.get(cardRef, offerId, since);
    return { count: row?.n ?? 0, lastAt: row?.last ?? null };
  }

  recentScans(query: RecentScansQuery = {}): ScanLogEntry[] {
    const since = query.since ?? 0;
    const limit = Math.min(Math.max(query.limit ?? 200, 1), 5000);
    const rows = query.outcome ? this.recentByOutcome.all(since, query.outcome, limit) : this.recent.all(since, limit);
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      outcome: r.outcome,
      reason: r.reason,
      service: r.service,
      offer: r.offer,
      source: r.source,
      latencyMs: r.latency_ms,
    }));
  }

  /** Whether the library system answered the account lookup of a logged scan: all it keeps of it. */
  markLibraryLookup(eventId: string, answered: boolean): void {
    this.setLmsAnswered.run(answered ? 1 : 0, eventId);
  }

  /** How many scans were logged since `since` (today's count on the Ready screen). */
  countSince(since: Seconds): number {
    return this.countSinceStmt.get(since)?.n ?? 0;
  }

  /** Deletes log rows older than `before` that are no longer waiting for upload. */
  purge(before: Seconds): number {
    return this.purgeOld.run(before).changes;
  }

  /** Events waiting for upload, and those the server refused for good (kept, never retried). */
  queue(): { depth: number; oldestQueuedAt: Seconds | null; setAside: number } {
    const row = this.outboxDepth.get();
    return { depth: row?.n ?? 0, oldestQueuedAt: row?.oldest ?? null, setAside: this.setAsideCount.get()?.n ?? 0 };
  }

  /**
   * Undoes this terminal's redemption for a scan: marks it undone and queues the compensating
   * event, in one transaction. Returns null when there is no such redemption, or it is undone.
   */
  undoRedemptionOf(
    scanId: string,
    event: (r: { cardRef: string; offerId: string }) => TerminalEvent,
    now: Seconds,
  ): TerminalEvent | null {
    return this.db.transaction(() => {
      const r = this.findRedemption.get(scanId);
      if (!r || r.undone_at !== null) return null;
      this.undoRedemption.run(now, scanId);
      const compensating = event({ cardRef: r.card_ref, offerId: r.offer_id });
      this.insertOutbox.run(compensating.id, JSON.stringify(compensating), now);
      return compensating;
    })();
  }

  /** Redemptions at this venue by other terminals, pulled at each sync. */
  recordSyncedRedemption(r: {
    id: string;
    cardRef: string;
    offerId: string;
    at: Seconds;
    undoneAt: Seconds | null;
  }): void {
    this.upsertSynced.run(r.id, r.cardRef, r.offerId, r.at, r.undoneAt);
  }

  /** Queues an event that is not a scan (a kiosk's call for help) for upload. */
  queueEvent(event: TerminalEvent, now: Seconds): void {
    this.insertOutbox.run(event.id, JSON.stringify(event), now);
  }
}
