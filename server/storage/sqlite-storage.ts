import Database from 'better-sqlite3';
import type { TerminalEvent } from '../../src/core/sync-protocol';
import type {
  CardRecord,
  DeviceRecord,
  IngestStatus,
  RedemptionRecord,
  RegistryChange,
  StaffCallRecord,
  SyncStorage,
  VenueRecord,
} from './sync-storage';
import { migrate } from './migrate';

/**
 * The reference server's storage in one SQLite file (WAL, synchronous FULL, numbered migrations).
 * better-sqlite3 is synchronous, so each method has done its work by the time it returns its
 * promise; the atomicity the interface asks for comes from single statements and immediate
 * transactions, which also hold between server processes sharing the file.
 */
export class SqliteSyncStorage implements SyncStorage {
  private readonly db: Database.Database;
  private jtiWrites = 0;
  private readonly stmts;
  private readonly ingest: Database.Transaction<
    (deviceId: string, venueId: string, events: readonly TerminalEvent[], now: number) => IngestStatus[]
  >;

  constructor(path: string) {
    const db = new Database(path);
    try {
      db.pragma('journal_mode = WAL');
      // An answered `accepted` is a promise the terminal acts on (it deletes the event): FULL makes
      // every commit durable before the answer, as the terminal's own store does. NORMAL in WAL
      // mode could lose the last commits on power failure.
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      migrate(db);
    } catch (e) {
      // A refused database must not stay open (and locked) behind the error.
      db.close();
      throw e;
    }
    this.db = db;
    this.stmts = {
      getKv: db.prepare<[string], { value: string }>('SELECT value FROM kv WHERE key = ?'),
      insertKvIfAbsent: db.prepare('INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING'),
      replaceKvIf: db.prepare('UPDATE kv SET value = ? WHERE key = ? AND value = ?'),
      incrementKv: db.prepare<[string], { value: string }>(
        `INSERT INTO kv (key, value) VALUES (?, '1')
         ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) RETURNING value`,
      ),
      setKv: db.prepare(
        'INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ),
      putVenue: db.prepare(
        'INSERT INTO venues (id, config, card_ref_key) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET config = excluded.config',
      ),
      getVenue: db.prepare<[string], { id: string; config: string; card_ref_key: string }>(
        'SELECT * FROM venues WHERE id = ?',
      ),
      addCode: db.prepare('INSERT INTO enrolment_codes (code_hash, venue_id, expires_at) VALUES (?, ?, ?)'),
      useCode: db.prepare<[number, string, number], { venue_id: string }>(
        'UPDATE enrolment_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING venue_id',
      ),
      addDevice: db.prepare(
        'INSERT INTO devices (id, venue_id, public_jwk, label, enrolled_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      getDevice: db.prepare<
        [string],
        {
          id: string;
          venue_id: string;
          public_jwk: string;
          label: string;
          enrolled_at: number;
          revoked_at: number | null;
        }
      >('SELECT * FROM devices WHERE id = ?'),
      revokeDevice: db.prepare('UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
      addJti: db.prepare('INSERT INTO seen_jti (jti, expires_at) VALUES (?, ?) ON CONFLICT DO NOTHING'),
      pruneJti: db.prepare('DELETE FROM seen_jti WHERE expires_at < ?'),
      addCard: db.prepare(
        'INSERT INTO cards (id, status_idx, status, services, library_number) VALUES (?, ?, ?, ?, ?)',
      ),
      setStatus: db.prepare('UPDATE cards SET status = ? WHERE id = ?'),
      statuses: db.prepare<[], { status_idx: number; status: number }>('SELECT status_idx, status FROM cards'),
      maxIndex: db.prepare<[], { m: number | null }>('SELECT max(status_idx) AS m FROM cards'),
      putRegistry: db.prepare(
        `INSERT INTO registry (seq, ref_hash, services, iss, status_uri, status_idx, removed) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (ref_hash) DO UPDATE SET seq = excluded.seq, services = excluded.services, iss = excluded.iss,
           status_uri = excluded.status_uri, status_idx = excluded.status_idx, removed = excluded.removed`,
      ),
      registrySince: db.prepare<
        [number, number],
        {
          seq: number;
          ref_hash: string;
          services: string;
          iss: string;
          status_uri: string;
          status_idx: number;
          removed: number;
        }
      >('SELECT * FROM registry WHERE seq > ? ORDER BY seq LIMIT ?'),
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
      redemptionsSince: db.prepare<
        [string, number, number],
        {
          id: string;
          feed_seq: number;
          venue_id: string;
          device_id: string;
          card_ref: string;
          offer_id: string;
          at: number;
          undone_at: number | null;
        }
      >('SELECT * FROM redemptions WHERE venue_id = ? AND feed_seq > ? ORDER BY feed_seq LIMIT ?'),
    };
    this.ingest = db.transaction((deviceId: string, venueId: string, events: readonly TerminalEvent[], now: number) => {
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
    });
  }

  /**
   * A counter kept in kv (feed cursors, the status version), read and written in one statement.
   * Feed cursors are taken inside the transaction that writes their row, so they commit in order.
   */
  private nextSeq(name: string): number {
    return Number(this.stmts.incrementKv.get(name)!.value);
  }

  async getValue(key: string): Promise<string | null> {
    return this.stmts.getKv.get(key)?.value ?? null;
  }

  async setValue(key: string, value: string): Promise<void> {
    this.stmts.setKv.run(key, value);
  }

  async compareAndSetValue(key: string, expected: string | null, next: string): Promise<boolean> {
    // One conditional statement: the check and the write cannot be split by another writer.
    const r =
      expected === null ? this.stmts.insertKvIfAbsent.run(key, next) : this.stmts.replaceKvIf.run(next, key, expected);
    return r.changes === 1;
  }

  async incrementValue(key: string): Promise<number> {
    return this.nextSeq(key);
  }

  async putVenue(v: VenueRecord): Promise<void> {
    this.stmts.putVenue.run(v.id, JSON.stringify(v.config), v.cardRefKey);
  }

  async getVenue(id: string): Promise<VenueRecord | null> {
    const r = this.stmts.getVenue.get(id);
    return r ? { id: r.id, config: JSON.parse(r.config) as Record<string, unknown>, cardRefKey: r.card_ref_key } : null;
  }

  async addEnrolmentCode(codeHash: string, venueId: string, expiresAt: number): Promise<void> {
    this.stmts.addCode.run(codeHash, venueId, expiresAt);
  }

  async consumeEnrolmentCode(codeHash: string, now: number): Promise<string | null> {
    // `UPDATE ... WHERE used_at IS NULL ... RETURNING`: the check and the mark are one statement.
    return this.stmts.useCode.get(now, codeHash, now)?.venue_id ?? null;
  }

  async addDevice(d: DeviceRecord): Promise<void> {
    this.stmts.addDevice.run(d.id, d.venueId, JSON.stringify(d.publicJwk), d.label, d.enrolledAt, d.revokedAt);
  }

  async getDevice(id: string): Promise<DeviceRecord | null> {
    const r = this.stmts.getDevice.get(id);
    return r
      ? {
          id: r.id,
          venueId: r.venue_id,
          publicJwk: JSON.parse(r.public_jwk) as Record<string, unknown>,
          label: r.label,
          enrolledAt: r.enrolled_at,
          revokedAt: r.revoked_at,
        }
      : null;
  }

  async revokeDevice(id: string, at: number): Promise<boolean> {
    return this.stmts.revokeDevice.run(at, id).changes === 1;
  }

  async rememberJti(jti: string, expiresAt: number, now: number): Promise<boolean> {
    // Expired token ids can never be replayed (the token is refused as expired): prune them now
    // and then, so the table stays as small as a minute of traffic.
    if (++this.jtiWrites % 256 === 0) this.stmts.pruneJti.run(now);
    return this.stmts.addJti.run(jti, expiresAt).changes === 1;
  }

  async addCard(c: CardRecord): Promise<void> {
    this.stmts.addCard.run(c.id, c.statusIndex, c.status, JSON.stringify(c.services), c.libraryNumber);
  }

  async setCardStatus(id: string, status: number): Promise<boolean> {
    return this.stmts.setStatus.run(status, id).changes === 1;
  }

  async cardStatuses(): Promise<{ statusIndex: number; status: number }[]> {
    return this.stmts.statuses.all().map((r) => ({ statusIndex: r.status_idx, status: r.status }));
  }

  async nextStatusIndex(): Promise<number> {
    return (this.stmts.maxIndex.get()?.m ?? 0) + 1;
  }

  async putRegistryEntry(e: Omit<RegistryChange, 'seq'>): Promise<void> {
    this.db
      .transaction(() => {
        this.stmts.putRegistry.run(
          this.nextSeq('registry_seq'),
          e.refHash,
          JSON.stringify(e.services),
          e.iss,
          e.statusUri,
          e.statusIndex,
          e.removed ? 1 : 0,
        );
      })
      .immediate();
  }

  async registryChanges(since: number, limit: number): Promise<RegistryChange[]> {
    return this.stmts.registrySince.all(since, limit).map((r) => ({
      seq: r.seq,
      refHash: r.ref_hash,
      services: JSON.parse(r.services) as string[],
      iss: r.iss,
      statusUri: r.status_uri,
      statusIndex: r.status_idx,
      removed: r.removed === 1,
    }));
  }

  async ingestEvents(
    deviceId: string,
    venueId: string,
    events: readonly TerminalEvent[],
    now: number,
  ): Promise<IngestStatus[]> {
    // Immediate: the write lock is taken before the first read, so a second process waits its
    // turn (busy timeout) instead of failing halfway on a stale snapshot.
    return this.ingest.immediate(deviceId, venueId, events, now);
  }

  async eventCount(): Promise<number> {
    return this.stmts.eventCount.get()?.n ?? 0;
  }

  async redemptionsSince(venueId: string, since: number, limit: number): Promise<RedemptionRecord[]> {
    return this.stmts.redemptionsSince.all(venueId, since, limit).map((r) => ({
      seq: r.feed_seq,
      id: r.id,
      venueId: r.venue_id,
      deviceId: r.device_id,
      cardRef: r.card_ref,
      offerId: r.offer_id,
      at: r.at,
      undoneAt: r.undone_at,
    }));
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

  /** The connection's durability settings, as SQLite reports them (for tests and support). */
  durability(): { journalMode: string; synchronous: number } {
    return {
      journalMode: String(this.db.pragma('journal_mode', { simple: true })),
      synchronous: Number(this.db.pragma('synchronous', { simple: true })),
    };
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
