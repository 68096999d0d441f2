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

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
  CREATE TABLE IF NOT EXISTS venues (id TEXT PRIMARY KEY, config TEXT NOT NULL, card_ref_key TEXT NOT NULL) STRICT;
  CREATE TABLE IF NOT EXISTS enrolment_codes (
    code_hash TEXT PRIMARY KEY, venue_id TEXT NOT NULL REFERENCES venues (id), expires_at REAL NOT NULL, used_at REAL
  ) STRICT;
  CREATE TABLE IF NOT EXISTS devices (
    id TEXT PRIMARY KEY, venue_id TEXT NOT NULL REFERENCES venues (id), public_jwk TEXT NOT NULL,
    label TEXT NOT NULL, enrolled_at REAL NOT NULL, revoked_at REAL
  ) STRICT;
  CREATE TABLE IF NOT EXISTS seen_jti (jti TEXT PRIMARY KEY, expires_at REAL NOT NULL) STRICT;
  CREATE INDEX IF NOT EXISTS seen_jti_expires ON seen_jti (expires_at);
  CREATE TABLE IF NOT EXISTS cards (
    id TEXT PRIMARY KEY, status_idx INTEGER NOT NULL UNIQUE, status INTEGER NOT NULL DEFAULT 0,
    services TEXT NOT NULL, library_number TEXT
  ) STRICT;
  CREATE TABLE IF NOT EXISTS registry (
    seq INTEGER NOT NULL, ref_hash TEXT PRIMARY KEY, services TEXT NOT NULL, iss TEXT NOT NULL,
    status_uri TEXT NOT NULL, status_idx INTEGER NOT NULL, removed INTEGER NOT NULL DEFAULT 0
  ) STRICT;
  CREATE INDEX IF NOT EXISTS registry_seq ON registry (seq);
  -- Each event id once, whatever the retries: at-least-once delivery, exactly-once storage.
  CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY, device_id TEXT NOT NULL, venue_id TEXT NOT NULL, type TEXT NOT NULL,
    body TEXT NOT NULL, received_at REAL NOT NULL
  ) STRICT;
  CREATE TABLE IF NOT EXISTS redemptions (
    id TEXT PRIMARY KEY, feed_seq INTEGER NOT NULL, venue_id TEXT NOT NULL, device_id TEXT NOT NULL,
    card_ref TEXT NOT NULL, offer_id TEXT NOT NULL, at REAL NOT NULL, undone_at REAL
  ) STRICT;
  CREATE INDEX IF NOT EXISTS redemptions_feed ON redemptions (venue_id, feed_seq);
  CREATE INDEX IF NOT EXISTS events_by_type ON events (venue_id, type);
`;

/** The reference server's storage in one SQLite file (WAL, synchronous FULL). */
export class SqliteSyncStorage implements SyncStorage {
  private readonly db: Database.Database;
  private jtiWrites = 0;
  private readonly stmts;
  private readonly ingest: (
    deviceId: string,
    venueId: string,
    events: readonly TerminalEvent[],
    now: number,
  ) => IngestStatus[];

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // An answered `accepted` is a promise the terminal acts on (it deletes the event): FULL makes
    // every commit durable before the answer, as the terminal's own store does. NORMAL in WAL mode
    // could lose the last commits on power failure.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.exec(SCHEMA);
    const db = this.db;
    this.stmts = {
      getKv: db.prepare<[string], { value: string }>('SELECT value FROM kv WHERE key = ?'),
      insertKvIfAbsent: db.prepare('INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING'),
      replaceKvIf: db.prepare('UPDATE kv SET value = ? WHERE key = ? AND value = ?'),
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

  /** A monotonic counter kept in kv, for feed cursors. Call inside a transaction. */
  private nextSeq(name: string): number {
    const next = Number(this.getValue(name) ?? '0') + 1;
    this.setValue(name, String(next));
    return next;
  }

  getValue(key: string): string | null {
    return this.stmts.getKv.get(key)?.value ?? null;
  }

  setValue(key: string, value: string): void {
    this.stmts.setKv.run(key, value);
  }

  compareAndSetValue(key: string, expected: string | null, next: string): boolean {
    const r =
      expected === null ? this.stmts.insertKvIfAbsent.run(key, next) : this.stmts.replaceKvIf.run(next, key, expected);
    return r.changes === 1;
  }

  putVenue(v: VenueRecord): void {
    this.stmts.putVenue.run(v.id, JSON.stringify(v.config), v.cardRefKey);
  }

  getVenue(id: string): VenueRecord | null {
    const r = this.stmts.getVenue.get(id);
    return r ? { id: r.id, config: JSON.parse(r.config) as Record<string, unknown>, cardRefKey: r.card_ref_key } : null;
  }

  addEnrolmentCode(codeHash: string, venueId: string, expiresAt: number): void {
    this.stmts.addCode.run(codeHash, venueId, expiresAt);
  }

  consumeEnrolmentCode(codeHash: string, now: number): string | null {
    return this.stmts.useCode.get(now, codeHash, now)?.venue_id ?? null;
  }

  addDevice(d: DeviceRecord): void {
    this.stmts.addDevice.run(d.id, d.venueId, JSON.stringify(d.publicJwk), d.label, d.enrolledAt, d.revokedAt);
  }

  getDevice(id: string): DeviceRecord | null {
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

  revokeDevice(id: string, at: number): boolean {
    return this.stmts.revokeDevice.run(at, id).changes === 1;
  }

  rememberJti(jti: string, expiresAt: number, now: number): boolean {
    // Expired token ids can never be replayed (the token is refused as expired): prune them now
    // and then, so the table stays as small as a minute of traffic.
    if (++this.jtiWrites % 256 === 0) this.stmts.pruneJti.run(now);
    return this.stmts.addJti.run(jti, expiresAt).changes === 1;
  }

  addCard(c: CardRecord): void {
    this.stmts.addCard.run(c.id, c.statusIndex, c.status, JSON.stringify(c.services), c.libraryNumber);
  }

  setCardStatus(id: string, status: number): boolean {
    return this.stmts.setStatus.run(status, id).changes === 1;
  }

  cardStatuses(): { statusIndex: number; status: number }[] {
    return this.stmts.statuses.all().map((r) => ({ statusIndex: r.status_idx, status: r.status }));
  }

  nextStatusIndex(): number {
    return (this.stmts.maxIndex.get()?.m ?? 0) + 1;
  }

  putRegistryEntry(e: Omit<RegistryChange, 'seq'>): void {
    this.db.transaction(() => {
      this.stmts.putRegistry.run(
        this.nextSeq('registry_seq'),
        e.refHash,
        JSON.stringify(e.services),
        e.iss,
        e.statusUri,
        e.statusIndex,
        e.removed ? 1 : 0,
      );
    })();
  }

  registryChanges(since: number, limit: number): RegistryChange[] {
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

  ingestEvents(deviceId: string, venueId: string, events: readonly TerminalEvent[], now: number): IngestStatus[] {
    return this.ingest(deviceId, venueId, events, now);
  }

  eventCount(): number {
    return this.stmts.eventCount.get()?.n ?? 0;
  }

  redemptionsSince(venueId: string, since: number, limit: number): RedemptionRecord[] {
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

  staffCallsSince(venueId: string, since: number, limit: number): StaffCallRecord[] {
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

  close(): void {
    this.db.close();
  }
}
