import Database from 'better-sqlite3';
import type { TerminalEvent } from '../../src/core/sync-protocol';
import type { TerminalHealth } from '../../src/contract/console-api';
import type {
  AuditEntry,
  AuditRecord,
  ConsoleSessionRecord,
  ConsoleUserRecord,
  DeviceSyncRecord,
  NewConsoleUser,
  UsageRedemption,
  UsageScan,
} from './console-records';
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
import { cardOf, deviceOf, registryOf, venueOf, type CardRow, type DeviceRow, type RegistryRow } from './sqlite-rows';
import { SqliteConsoleTables } from './sqlite-console';
import { SqliteEvents } from './sqlite-events';
import { SqliteFigures } from './sqlite-figures';
import type { RedemptionOverlap, StorageStats } from './figures';

/**
 * The reference server's storage in one SQLite file (WAL, synchronous FULL, numbered migrations).
 * better-sqlite3 is synchronous, so each method has done its work by the time it returns its
 * promise; the atomicity the interface asks for comes from single statements and immediate
 * transactions, which also hold between server processes sharing the file.
 */
export class SqliteSyncStorage implements SyncStorage {
  private readonly db: Database.Database;
  private readonly console: SqliteConsoleTables;
  private readonly figures: SqliteFigures;
  private jtiWrites = 0;
  private readonly stmts;
  private readonly events: SqliteEvents;

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
    this.console = new SqliteConsoleTables(db);
    this.figures = new SqliteFigures(db);
    this.events = new SqliteEvents(db);
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
      createVenue: db.prepare(
        'INSERT INTO venues (id, config, card_ref_key) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING',
      ),
      venues: db.prepare<[], { id: string; config: string; card_ref_key: string }>('SELECT * FROM venues ORDER BY id'),
      addCode: db.prepare('INSERT INTO enrolment_codes (code_hash, venue_id, expires_at) VALUES (?, ?, ?)'),
      useCode: db.prepare<[number, string, number], { venue_id: string }>(
        'UPDATE enrolment_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING venue_id',
      ),
      addDevice: db.prepare(
        'INSERT INTO devices (id, venue_id, public_jwk, label, enrolled_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      getDevice: db.prepare<[string], DeviceRow>('SELECT * FROM devices WHERE id = ?'),
      devices: db.prepare<[string | null, string | null], DeviceRow>(
        'SELECT * FROM devices WHERE ? IS NULL OR venue_id = ? ORDER BY enrolled_at, id',
      ),
      revokeDevice: db.prepare('UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
      addJti: db.prepare('INSERT INTO seen_jti (jti, expires_at) VALUES (?, ?) ON CONFLICT DO NOTHING'),
      pruneJti: db.prepare('DELETE FROM seen_jti WHERE expires_at < ?'),
      addCard: db.prepare(
        'INSERT INTO cards (id, status_idx, status, services, library_number) VALUES (?, ?, ?, ?, ?)',
      ),
      setStatus: db.prepare('UPDATE cards SET status = ? WHERE id = ?'),
      statuses: db.prepare<[], { status_idx: number; status: number }>('SELECT status_idx, status FROM cards'),
      maxIndex: db.prepare<[], { m: number | null }>('SELECT max(status_idx) AS m FROM cards'),
      card: db.prepare<[string], CardRow>('SELECT * FROM cards WHERE id = ?'),
      cardByIndex: db.prepare<[number], CardRow>('SELECT * FROM cards WHERE status_idx = ?'),
      registryEntry: db.prepare<[string], RegistryRow>('SELECT * FROM registry WHERE ref_hash = ?'),
      putRegistry: db.prepare(
        `INSERT INTO registry (seq, ref_hash, services, iss, status_uri, status_idx, removed) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (ref_hash) DO UPDATE SET seq = excluded.seq, services = excluded.services, iss = excluded.iss,
           status_uri = excluded.status_uri, status_idx = excluded.status_idx, removed = excluded.removed`,
      ),
      registrySince: db.prepare<[number, number], RegistryRow>(
        'SELECT * FROM registry WHERE seq > ? ORDER BY seq LIMIT ?',
      ),
    };
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

  async compareAndSetValue(key: string, expected: string | null, next: string, audit?: AuditRecord): Promise<boolean> {
    // One conditional statement: the check and the write cannot be split by another writer.
    const change = () =>
      (expected === null ? this.stmts.insertKvIfAbsent.run(key, next) : this.stmts.replaceKvIf.run(next, key, expected))
        .changes === 1;
    return this.console.audited(change, audit, (made) => made);
  }

  async incrementValue(key: string): Promise<number> {
    return this.nextSeq(key);
  }

  async putVenue(v: VenueRecord, audit?: AuditRecord): Promise<void> {
    this.console.audited(() => this.stmts.putVenue.run(v.id, JSON.stringify(v.config), v.cardRefKey), audit);
  }

  async createVenue(v: VenueRecord, audit?: AuditRecord): Promise<boolean> {
    const change = () => this.stmts.createVenue.run(v.id, JSON.stringify(v.config), v.cardRefKey).changes === 1;
    return this.console.audited(change, audit, (made) => made);
  }

  async getVenue(id: string): Promise<VenueRecord | null> {
    const r = this.stmts.getVenue.get(id);
    return r ? venueOf(r) : null;
  }

  async listVenues(): Promise<VenueRecord[]> {
    return this.stmts.venues.all().map(venueOf);
  }

  async addEnrolmentCode(codeHash: string, venueId: string, expiresAt: number, audit?: AuditRecord): Promise<void> {
    this.console.audited(() => this.stmts.addCode.run(codeHash, venueId, expiresAt), audit);
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
    return r ? deviceOf(r) : null;
  }

  async revokeDevice(id: string, at: number, audit?: AuditRecord): Promise<boolean> {
    return this.console.audited(
      () => this.stmts.revokeDevice.run(at, id).changes === 1,
      audit,
      (made) => made,
    );
  }

  async listDevices(venueId: string | null): Promise<DeviceRecord[]> {
    return this.stmts.devices.all(venueId, venueId).map(deviceOf);
  }

  async recordDeviceSync(deviceId: string, at: number, health: TerminalHealth | null): Promise<void> {
    this.console.recordSync(deviceId, at, health);
  }

  async deviceSyncs(): Promise<DeviceSyncRecord[]> {
    return this.console.syncs();
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

  async setCardStatus(id: string, status: number, audit?: AuditRecord): Promise<boolean> {
    return this.console.audited(
      () => this.stmts.setStatus.run(status, id).changes === 1,
      audit,
      (made) => made,
    );
  }

  async getCard(id: string): Promise<CardRecord | null> {
    const r = this.stmts.card.get(id);
    return r ? cardOf(r) : null;
  }

  async cardByStatusIndex(statusIndex: number): Promise<CardRecord | null> {
    const r = this.stmts.cardByIndex.get(statusIndex);
    return r ? cardOf(r) : null;
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
    return this.stmts.registrySince.all(since, limit).map(registryOf);
  }

  async registryEntry(refHash: string): Promise<RegistryChange | null> {
    const r = this.stmts.registryEntry.get(refHash);
    return r ? registryOf(r) : null;
  }

  ingestEvents(
    deviceId: string,
    venueId: string,
    events: readonly TerminalEvent[],
    now: number,
  ): Promise<IngestStatus[]> {
    return this.events.ingest(deviceId, venueId, events, now);
  }

  eventCount(): Promise<number> {
    return this.events.count();
  }

  redemptionsSince(venueId: string, since: number, limit: number): Promise<RedemptionRecord[]> {
    return this.events.redemptionsSince(venueId, since, limit);
  }

  staffCallsSince(venueId: string, since: number, limit: number): Promise<StaffCallRecord[]> {
    return this.events.staffCallsSince(venueId, since, limit);
  }

  recentStaffCalls(venueId: string | null, limit: number): Promise<(StaffCallRecord & { venueId: string })[]> {
    return this.events.recentStaffCalls(venueId, limit);
  }

  scansBetween(from: number, to: number, venueId: string | null): Promise<UsageScan[]> {
    return this.events.scansBetween(from, to, venueId);
  }

  redemptionsBetween(from: number, to: number, venueId: string | null): Promise<UsageRedemption[]> {
    return this.events.redemptionsBetween(from, to, venueId);
  }

  async overlappingRedemptions(
    from: number,
    to: number,
    venueId: string | null,
    windowSeconds: number,
  ): Promise<RedemptionOverlap[]> {
    return this.figures.overlapping(from, to, venueId, windowSeconds);
  }

  async stats(): Promise<StorageStats> {
    return this.figures.stats();
  }

  async addConsoleUser(user: NewConsoleUser, audit?: AuditRecord): Promise<void> {
    this.console.addUser(user, audit);
  }

  async getConsoleUser(email: string): Promise<ConsoleUserRecord | null> {
    return this.console.userByEmail(email);
  }

  async getConsoleUserById(id: number): Promise<ConsoleUserRecord | null> {
    return this.console.userById(id);
  }

  async createConsoleSession(session: ConsoleSessionRecord): Promise<void> {
    this.console.createSession(session);
  }

  async getConsoleSession(id: string): Promise<ConsoleSessionRecord | null> {
    return this.console.session(id);
  }

  async touchConsoleSession(id: string, at: number): Promise<boolean> {
    return this.console.touchSession(id, at);
  }

  async deleteConsoleSession(id: string): Promise<void> {
    this.console.deleteSession(id);
  }

  async pruneConsoleSessions(now: number, idleBefore: number): Promise<void> {
    this.console.pruneSessions(now, idleBefore);
  }

  async recordSignInAttempt(email: string, at: number, since: number): Promise<{ id: number; earlier: number[] }> {
    return this.console.recordAttempt(email, at, since);
  }

  async forgetSignInAttempt(id: number): Promise<void> {
    this.console.forgetAttempt(id);
  }

  async clearSignInFailures(email: string): Promise<void> {
    this.console.clearFailures(email);
  }

  async appendAudit(entry: AuditRecord): Promise<void> {
    this.console.audit(entry);
  }

  async auditEntries(options: { limit: number; beforeId?: number; since?: number }): Promise<AuditEntry[]> {
    return this.console.auditEntries(options);
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
