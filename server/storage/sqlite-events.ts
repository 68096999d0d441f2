import type Database from 'better-sqlite3';
import type { TerminalEvent } from '../../src/core/sync-protocol';
import type { UsageRedemption, UsageScan } from './console-records';
import type { IngestStatus, RedemptionRecord, StaffCallRecord } from './sync-storage';
import { redemptionOf, type RedemptionRow } from './shared-rows';

/**
 * The stored events of the SQLite storage and what is read from them: idempotent ingest (with the
 * redemption feed it writes in the same transaction), the redemption and staff-call feeds, the
 * usage reads. Prepared once per connection by SqliteSyncStorage.
 */
export class SqliteEvents {
  private readonly stmts;
  private readonly ingestBatch: Database.Transaction<
    (deviceId: string, venueId: string, events: readonly TerminalEvent[], now: number) => IngestStatus[]
  >;

  constructor(db: Database.Database) {
    this.stmts = {
      incrementKv: db.prepare<[string], { value: string }>(
        `INSERT INTO kv (key, value) VALUES (?, '1')
         ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) RETURNING value`,
      ),
      insertEvent: db.prepare(
        'INSERT INTO events (id, device_id, venue_id, type, body, received_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
      ),
      insertRedemption: db.prepare(
        `INSERT INTO redemptions (id, feed_seq, venue_id, device_id, card_ref, offer_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO NOTHING`,
      ),
      undoRedemption: db.prepare(
        'UPDATE redemptions SET undone_at = ?, feed_seq = ? WHERE id = ? AND venue_id = ? AND undone_at IS NULL',
      ),
      eventCount: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM events'),
      staffCallsSince: db.prepare<
        [string, number, number],
        { seq: number; id: string; device_id: string; label: string | null; body: string }
      >(
        `SELECT e.rowid AS seq, e.id, e.device_id, d.label, e.body FROM events e LEFT JOIN devices d ON d.id = e.device_id
       WHERE e.venue_id = ? AND e.type = 'staff_call' AND e.rowid > ? ORDER BY e.rowid LIMIT ?`,
      ),
      recentCalls: db.prepare<
        [string | null, string | null, number],
        { seq: number; id: string; device_id: string; venue_id: string; label: string | null; body: string }
      >(
        `SELECT e.rowid AS seq, e.id, e.device_id, e.venue_id, d.label, e.body FROM events e
       LEFT JOIN devices d ON d.id = e.device_id
       WHERE e.type = 'staff_call' AND (? IS NULL OR e.venue_id = ?) ORDER BY e.rowid DESC LIMIT ?`,
      ),
      scans: db.prepare<[string | null, string | null], { venue_id: string; body: string }>(
        "SELECT venue_id, body FROM events WHERE type = 'scan' AND (? IS NULL OR venue_id = ?)",
      ),
      redemptionsBetween: db.prepare<[number, number, string | null, string | null], { venue_id: string; at: number }>(
        `SELECT venue_id, at FROM redemptions
       WHERE undone_at IS NULL AND at >= ? AND at < ? AND (? IS NULL OR venue_id = ?)`,
      ),
      redemptionsSince: db.prepare<[string, number, number], RedemptionRow>(
        'SELECT * FROM redemptions WHERE venue_id = ? AND feed_seq > ? ORDER BY feed_seq LIMIT ?',
      ),
    };
    this.ingestBatch = db.transaction(
      (deviceId: string, venueId: string, events: readonly TerminalEvent[], now: number) => {
        const results: IngestStatus[] = [];
        for (const e of events) {
          const inserted =
            this.stmts.insertEvent.run(e.id, deviceId, venueId, e.type, JSON.stringify(e), now).changes === 1;
          results.push(inserted ? 'accepted' : 'duplicate');
          if (!inserted) continue;
          const at = Date.parse(e.at) / 1000;
          if (e.type === 'scan' && e.offer !== null && e.outcome === 'valid' && e.cardRef !== null) {
            this.stmts.insertRedemption.run(
              e.id,
              this.nextSeq('redemption_seq'),
              venueId,
              deviceId,
              e.cardRef,
              e.offer,
              at,
            );
          } else if (e.type === 'undo_redemption') {
            this.stmts.undoRedemption.run(at, this.nextSeq('redemption_seq'), e.undoes, venueId);
          }
        }
        return results;
      },
    );
  }

  /**
   * A feed cursor kept in kv, read and written in one statement inside the transaction that writes
   * its row, so cursors commit in order.
   */
  private nextSeq(name: string): number {
    return Number(this.stmts.incrementKv.get(name)!.value);
  }

  async ingest(
    deviceId: string,
    venueId: string,
    events: readonly TerminalEvent[],
    now: number,
  ): Promise<IngestStatus[]> {
    // Immediate: the write lock is taken before the first read, so a second process waits its
    // turn (busy timeout) instead of failing halfway on a stale snapshot.
    return this.ingestBatch.immediate(deviceId, venueId, events, now);
  }

  async count(): Promise<number> {
    return this.stmts.eventCount.get()?.n ?? 0;
  }

  async redemptionsSince(venueId: string, since: number, limit: number): Promise<RedemptionRecord[]> {
    return this.stmts.redemptionsSince.all(venueId, since, limit).map(redemptionOf);
  }

  async staffCallsSince(venueId: string, since: number, limit: number): Promise<StaffCallRecord[]> {
    return this.stmts.staffCallsSince.all(venueId, since, limit).map((r) => ({
      seq: r.seq,
      id: r.id,
      deviceId: r.device_id,
      from: r.label ?? 'kiosk',
      at: Date.parse((JSON.parse(r.body) as { at: string }).at) / 1000,
    }));
  }

  async recentStaffCalls(venueId: string | null, limit: number): Promise<(StaffCallRecord & { venueId: string })[]> {
    return this.stmts.recentCalls.all(venueId, venueId, limit).map((r) => ({
      seq: r.seq,
      id: r.id,
      deviceId: r.device_id,
      venueId: r.venue_id,
      from: r.label ?? 'kiosk',
      at: Date.parse((JSON.parse(r.body) as { at: string }).at) / 1000,
    }));
  }

  async scansBetween(from: number, to: number, venueId: string | null): Promise<UsageScan[]> {
    // The time is inside the stored event (uploaded later than it happened, when offline), so
    // the range is applied here; a PostgreSQL backend would index it.
    const scans: UsageScan[] = [];
    for (const r of this.stmts.scans.iterate(venueId, venueId)) {
      const e = JSON.parse(r.body) as { at: string; service: string | null; outcome: string; cardRef: string | null };
      const at = Date.parse(e.at) / 1000;
      if (at >= from && at < to)
        scans.push({ venueId: r.venue_id, at, service: e.service, outcome: e.outcome, cardRef: e.cardRef });
    }
    return scans;
  }

  async redemptionsBetween(from: number, to: number, venueId: string | null): Promise<UsageRedemption[]> {
    return this.stmts.redemptionsBetween
      .all(from, to, venueId, venueId)
      .map((r) => ({ venueId: r.venue_id, at: r.at }));
  }
}
