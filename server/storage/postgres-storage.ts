import type pg from 'pg';
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
import type { RedemptionOverlap, StorageStats } from './figures';
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
import { audited, PostgresConsoleTables, writeAudit } from './postgres-console';
import * as figures from './postgres-figures';
import { ingestInTransaction } from './postgres-ingest';
import { lockRegistryFeed } from './postgres-locks';
import { openMigratedPool } from './postgres-migrate';
import { changed, inTransaction } from './postgres-pool';
import { redemptionOf, type RedemptionRow } from './shared-rows';
import {
  type CardRow,
  type DeviceRow,
  type RegistryRow,
  type StaffCallRow,
  callOf,
  cardOf,
  deviceOf,
  registryOf,
  venueOf,
} from './postgres-rows';

/**
 * The reference server's storage in PostgreSQL (issue 14), for several server processes sharing
 * one database: each process opens its own pool. Atomicity comes from single statements
 * (`ON CONFLICT`, conditional `UPDATE ... RETURNING`), and from transactions where a method
 * writes more than one row; feed seqs are taken under advisory locks so they commit in order
 * (docs/storage.md, "Feed cursors"). JSON documents are `json` columns (kept as written, key
 * order included); times are Unix seconds as double precision, as in SQLite.
 */
export class PostgresSyncStorage implements SyncStorage {
  private readonly console: PostgresConsoleTables;
  private jtiWrites = 0;

  private constructor(private readonly pool: pg.Pool) {
    this.console = new PostgresConsoleTables(pool);
  }

  /**
   * Connects (one clear error for a database that cannot be reached) and brings the schema up
   * to date (refusing a newer one, or a schema of another program's tables).
   */
  static async open(url: string, options: { maxConnections?: number } = {}): Promise<PostgresSyncStorage> {
    return new PostgresSyncStorage(await openMigratedPool(url, options.maxConnections));
  }

  async getValue(key: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ value: string }>('SELECT value FROM kv WHERE key = $1', [key]);
    return rows[0]?.value ?? null;
  }

  async setValue(key: string, value: string): Promise<void> {
    await this.pool.query(
      'INSERT INTO kv (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      [key, value],
    );
  }

  async compareAndSetValue(key: string, expected: string | null, next: string, audit?: AuditRecord): Promise<boolean> {
    // One conditional statement: a racing UPDATE waits for the first to commit, then finds the
    // value changed (READ COMMITTED re-checks the row) and changes nothing.
    const change = async (db: pg.Pool | pg.PoolClient): Promise<boolean> =>
      changed(
        expected === null
          ? await db.query('INSERT INTO kv (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, next])
          : await db.query('UPDATE kv SET value = $1 WHERE key = $2 AND value = $3', [next, key, expected]),
      ) === 1;
    return audited(this.pool, change, audit, (made) => made);
  }

  async incrementValue(key: string): Promise<number> {
    const { rows } = await this.pool.query<{ value: string }>(
      `INSERT INTO kv (key, value) VALUES ($1, '1')
       ON CONFLICT (key) DO UPDATE SET value = (kv.value::bigint + 1)::text RETURNING value`,
      [key],
    );
    return Number(rows[0]!.value);
  }

  async putVenue(v: VenueRecord, audit?: AuditRecord): Promise<void> {
    await audited(
      this.pool,
      (db) =>
        db.query(
          'INSERT INTO venues (id, config, card_ref_key) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET config = excluded.config',
          [v.id, JSON.stringify(v.config), v.cardRefKey],
        ),
      audit,
    );
  }

  async createVenue(v: VenueRecord, audit?: AuditRecord): Promise<boolean> {
    const change = async (db: pg.Pool | pg.PoolClient): Promise<boolean> =>
      changed(
        await db.query(
          'INSERT INTO venues (id, config, card_ref_key) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING',
          [v.id, JSON.stringify(v.config), v.cardRefKey],
        ),
      ) === 1;
    return audited(this.pool, change, audit, (made) => made);
  }

  async getVenue(id: string): Promise<VenueRecord | null> {
    const { rows } = await this.pool.query<{ id: string; config: Record<string, unknown>; card_ref_key: string }>(
      'SELECT * FROM venues WHERE id = $1',
      [id],
    );
    return rows[0] ? venueOf(rows[0]) : null;
  }

  async listVenues(): Promise<VenueRecord[]> {
    // Byte order, as SQLite sorts: the database's locale must not change the list.
    const { rows } = await this.pool.query<{ id: string; config: Record<string, unknown>; card_ref_key: string }>(
      'SELECT * FROM venues ORDER BY id COLLATE "C"',
    );
    return rows.map(venueOf);
  }

  async addEnrolmentCode(codeHash: string, venueId: string, expiresAt: number, audit?: AuditRecord): Promise<void> {
    await audited(
      this.pool,
      (db) =>
        db.query('INSERT INTO enrolment_codes (code_hash, venue_id, expires_at) VALUES ($1, $2, $3)', [
          codeHash,
          venueId,
          expiresAt,
        ]),
      audit,
    );
  }

  async consumeEnrolmentCode(codeHash: string, now: number): Promise<string | null> {
    // The check and the mark are one statement; a second one waiting on the row re-checks it.
    const { rows } = await this.pool.query<{ venue_id: string }>(
      `UPDATE enrolment_codes SET used_at = $1 WHERE code_hash = $2 AND used_at IS NULL AND expires_at > $1
       RETURNING venue_id`,
      [now, codeHash],
    );
    return rows[0]?.venue_id ?? null;
  }

  async addDevice(d: DeviceRecord): Promise<void> {
    await this.pool.query(
      'INSERT INTO devices (id, venue_id, public_jwk, label, enrolled_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [d.id, d.venueId, JSON.stringify(d.publicJwk), d.label, d.enrolledAt, d.revokedAt],
    );
  }

  async getDevice(id: string): Promise<DeviceRecord | null> {
    const { rows } = await this.pool.query<DeviceRow>('SELECT * FROM devices WHERE id = $1', [id]);
    return rows[0] ? deviceOf(rows[0]) : null;
  }

  async revokeDevice(id: string, at: number, audit?: AuditRecord): Promise<boolean> {
    const change = async (db: pg.Pool | pg.PoolClient): Promise<boolean> =>
      changed(await db.query('UPDATE devices SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [at, id])) ===
      1;
    return audited(this.pool, change, audit, (made) => made);
  }

  async listDevices(venueId: string | null): Promise<DeviceRecord[]> {
    const { rows } = await this.pool.query<DeviceRow>(
      'SELECT * FROM devices WHERE $1::text IS NULL OR venue_id = $1 ORDER BY enrolled_at, id COLLATE "C"',
      [venueId],
    );
    return rows.map(deviceOf);
  }

  async recordDeviceSync(deviceId: string, at: number, health: TerminalHealth | null): Promise<void> {
    await this.console.recordSync(deviceId, at, health);
  }

  async deviceSyncs(): Promise<DeviceSyncRecord[]> {
    return this.console.syncs();
  }

  async rememberJti(jti: string, expiresAt: number, now: number): Promise<boolean> {
    // Expired token ids can never be replayed (the token is refused as expired): prune them now
    // and then, so the table stays as small as a minute of traffic.
    if (++this.jtiWrites % 256 === 0) await this.pool.query('DELETE FROM seen_jti WHERE expires_at < $1', [now]);
    const result = await this.pool.query(
      'INSERT INTO seen_jti (jti, expires_at) VALUES ($1, $2) ON CONFLICT (jti) DO NOTHING',
      [jti, expiresAt],
    );
    return changed(result) === 1;
  }

  async addCard(c: CardRecord): Promise<void> {
    await this.pool.query(
      'INSERT INTO cards (id, status_idx, status, services, library_number) VALUES ($1, $2, $3, $4, $5)',
      [c.id, c.statusIndex, c.status, JSON.stringify(c.services), c.libraryNumber],
    );
  }

  async setCardStatus(id: string, status: number, audit?: AuditRecord): Promise<boolean> {
    const change = async (db: pg.Pool | pg.PoolClient): Promise<boolean> =>
      changed(await db.query('UPDATE cards SET status = $1 WHERE id = $2', [status, id])) === 1;
    return audited(this.pool, change, audit, (made) => made);
  }

  async getCard(id: string): Promise<CardRecord | null> {
    const { rows } = await this.pool.query<CardRow>('SELECT * FROM cards WHERE id = $1', [id]);
    return rows[0] ? cardOf(rows[0]) : null;
  }

  async cardByStatusIndex(statusIndex: number): Promise<CardRecord | null> {
    const { rows } = await this.pool.query<CardRow>('SELECT * FROM cards WHERE status_idx = $1', [statusIndex]);
    return rows[0] ? cardOf(rows[0]) : null;
  }

  async cardStatuses(): Promise<{ statusIndex: number; status: number }[]> {
    const { rows } = await this.pool.query<{ status_idx: number; status: number }>(
      'SELECT status_idx, status FROM cards ORDER BY status_idx',
    );
    return rows.map((r) => ({ statusIndex: r.status_idx, status: r.status }));
  }

  async nextStatusIndex(): Promise<number> {
    const { rows } = await this.pool.query<{ m: number | null }>('SELECT max(status_idx) AS m FROM cards');
    return (rows[0]?.m ?? 0) + 1;
  }

  async putRegistryEntry(e: Omit<RegistryChange, 'seq'>): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      // The seq is taken under the registry lock, so seqs commit in the order they are taken.
      await lockRegistryFeed(client);
      await client.query(
        `INSERT INTO registry (seq, ref_hash, services, iss, status_uri, status_idx, removed)
         VALUES (nextval('registry_seq'), $1, $2, $3, $4, $5, $6)
         ON CONFLICT (ref_hash) DO UPDATE SET seq = excluded.seq, services = excluded.services, iss = excluded.iss,
           status_uri = excluded.status_uri, status_idx = excluded.status_idx, removed = excluded.removed`,
        [e.refHash, JSON.stringify(e.services), e.iss, e.statusUri, e.statusIndex, e.removed],
      );
    });
  }

  async registryChanges(since: number, limit: number): Promise<RegistryChange[]> {
    const { rows } = await this.pool.query<RegistryRow>('SELECT * FROM registry WHERE seq > $1 ORDER BY seq LIMIT $2', [
      since,
      limit,
    ]);
    return rows.map(registryOf);
  }

  async registryEntry(refHash: string): Promise<RegistryChange | null> {
    const { rows } = await this.pool.query<RegistryRow>('SELECT * FROM registry WHERE ref_hash = $1', [refHash]);
    return rows[0] ? registryOf(rows[0]) : null;
  }

  async ingestEvents(
    deviceId: string,
    venueId: string,
    events: readonly TerminalEvent[],
    now: number,
  ): Promise<IngestStatus[]> {
    if (events.length === 0) return [];
    return inTransaction(this.pool, (client) => ingestInTransaction(client, deviceId, venueId, events, now));
  }

  async eventCount(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>('SELECT count(*) AS n FROM events');
    return rows[0]!.n;
  }

  async redemptionsSince(venueId: string, since: number, limit: number): Promise<RedemptionRecord[]> {
    const { rows } = await this.pool.query<RedemptionRow>(
      'SELECT * FROM redemptions WHERE venue_id = $1 AND feed_seq > $2 ORDER BY feed_seq LIMIT $3',
      [venueId, since, limit],
    );
    return rows.map(redemptionOf);
  }

  async staffCallsSince(venueId: string, since: number, limit: number): Promise<StaffCallRecord[]> {
    const { rows } = await this.pool.query<StaffCallRow>(
      `SELECT e.feed_seq AS seq, e.id, e.device_id, e.venue_id, d.label, e.at FROM events e
       LEFT JOIN devices d ON d.id = e.device_id
       WHERE e.venue_id = $1 AND e.type = 'staff_call' AND e.feed_seq > $2 ORDER BY e.feed_seq LIMIT $3`,
      [venueId, since, limit],
    );
    return rows.map(callOf);
  }

  async recentStaffCalls(venueId: string | null, limit: number): Promise<(StaffCallRecord & { venueId: string })[]> {
    const { rows } = await this.pool.query<StaffCallRow>(
      `SELECT e.feed_seq AS seq, e.id, e.device_id, e.venue_id, d.label, e.at FROM events e
       LEFT JOIN devices d ON d.id = e.device_id
       WHERE e.type = 'staff_call' AND ($1::text IS NULL OR e.venue_id = $1) ORDER BY e.feed_seq DESC LIMIT $2`,
      [venueId, limit],
    );
    return rows.map((r) => ({ ...callOf(r), venueId: r.venue_id }));
  }

  async scansBetween(from: number, to: number, venueId: string | null): Promise<UsageScan[]> {
    return figures.scansBetween(this.pool, from, to, venueId);
  }

  async redemptionsBetween(from: number, to: number, venueId: string | null): Promise<UsageRedemption[]> {
    return figures.redemptionsBetween(this.pool, from, to, venueId);
  }

  async overlappingRedemptions(
    from: number,
    to: number,
    venueId: string | null,
    windowSeconds: number,
  ): Promise<RedemptionOverlap[]> {
    return figures.overlappingRedemptions(this.pool, from, to, venueId, windowSeconds);
  }

  async stats(): Promise<StorageStats> {
    return figures.stats(this.pool);
  }

  async addConsoleUser(user: NewConsoleUser, audit?: AuditRecord): Promise<void> {
    await this.console.addUser(user, audit);
  }

  async getConsoleUser(email: string): Promise<ConsoleUserRecord | null> {
    return this.console.userByEmail(email);
  }

  async getConsoleUserById(id: number): Promise<ConsoleUserRecord | null> {
    return this.console.userById(id);
  }

  async createConsoleSession(session: ConsoleSessionRecord): Promise<void> {
    await this.console.createSession(session);
  }

  async getConsoleSession(id: string): Promise<ConsoleSessionRecord | null> {
    return this.console.session(id);
  }

  async touchConsoleSession(id: string, at: number): Promise<boolean> {
    return this.console.touchSession(id, at);
  }

  async deleteConsoleSession(id: string): Promise<void> {
    await this.console.deleteSession(id);
  }

  async pruneConsoleSessions(now: number, idleBefore: number): Promise<void> {
    await this.console.pruneSessions(now, idleBefore);
  }

  async recordSignInAttempt(email: string, at: number, since: number): Promise<{ id: number; earlier: number[] }> {
    return this.console.recordAttempt(email, at, since);
  }

  async forgetSignInAttempt(id: number): Promise<void> {
    await this.console.forgetAttempt(id);
  }

  async clearSignInFailures(email: string): Promise<void> {
    await this.console.clearFailures(email);
  }

  async appendAudit(entry: AuditRecord): Promise<void> {
    await writeAudit(this.pool, entry);
  }

  async auditEntries(options: { limit: number; beforeId?: number; since?: number }): Promise<AuditEntry[]> {
    return this.console.auditEntries(options);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
