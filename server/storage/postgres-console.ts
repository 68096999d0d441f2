import type pg from 'pg';
import type { TerminalHealth } from '../../src/contract/console-api';
import { sessionOf, userOf, type SessionRow, type UserRow } from './shared-rows';
import type {
  AuditEntry,
  AuditRecord,
  ConsoleSessionRecord,
  ConsoleUserRecord,
  DeviceSyncRecord,
  NewConsoleUser,
} from './console-records';
import { changed, inTransaction } from './postgres-pool';
import { lockSignIns } from './postgres-locks';

interface AuditRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  target: string | null;
  before: unknown;
  after: unknown;
}

/** A connection or the pool: audit entries are written on the change's own transaction. */
type Queryable = pg.Pool | pg.PoolClient;

/** Writes an audit entry: on the client of the transaction that makes the change it records. */
export async function writeAudit(db: Queryable, entry: AuditRecord): Promise<void> {
  await db.query(
    'INSERT INTO console_audit (at, actor, action, target, before, after) VALUES ($1, $2, $3, $4, $5, $6)',
    [
      entry.at,
      entry.actor,
      entry.action,
      entry.target,
      JSON.stringify(entry.before ?? null),
      JSON.stringify(entry.after ?? null),
    ],
  );
}

/**
 * Runs a change and, if `made` says it happened, its audit entry, in one transaction; without an
 * audit record the change runs on its own (a single statement is atomic by itself).
 */
export async function audited<T>(
  pool: pg.Pool,
  change: (db: Queryable) => Promise<T>,
  audit: AuditRecord | undefined,
  made: (result: T) => boolean = () => true,
): Promise<T> {
  if (!audit) return change(pool);
  return inTransaction(pool, async (client) => {
    const result = await change(client);
    if (made(result)) await writeAudit(client, audit);
    return result;
  });
}

/** The console's tables on PostgreSQL: what PostgresSyncStorage's console methods run. */
export class PostgresConsoleTables {
  constructor(private readonly pool: pg.Pool) {}

  async addUser(u: NewConsoleUser, audit?: AuditRecord): Promise<void> {
    await audited(
      this.pool,
      (db) =>
        db.query(
          'INSERT INTO console_users (email, role, venue_id, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)',
          [u.email, u.role, u.venueId, u.passwordHash, u.createdAt],
        ),
      audit,
    );
  }

  async userByEmail(email: string): Promise<ConsoleUserRecord | null> {
    const { rows } = await this.pool.query<UserRow>('SELECT * FROM console_users WHERE lower(email) = lower($1)', [
      email,
    ]);
    return rows[0] ? userOf(rows[0]) : null;
  }

  async userById(id: number): Promise<ConsoleUserRecord | null> {
    const { rows } = await this.pool.query<UserRow>('SELECT * FROM console_users WHERE id = $1', [id]);
    return rows[0] ? userOf(rows[0]) : null;
  }

  async createSession(s: ConsoleSessionRecord): Promise<void> {
    await this.pool.query(
      'INSERT INTO console_sessions (id, user_id, csrf, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [s.id, s.userId, s.csrf, s.createdAt, s.lastSeenAt, s.expiresAt],
    );
  }

  async session(id: string): Promise<ConsoleSessionRecord | null> {
    const { rows } = await this.pool.query<SessionRow>('SELECT * FROM console_sessions WHERE id = $1', [id]);
    const r = rows[0];
    return r ? sessionOf(r) : null;
  }

  async touchSession(id: string, at: number): Promise<boolean> {
    const result = await this.pool.query(
      'UPDATE console_sessions SET last_seen_at = greatest(last_seen_at, $1) WHERE id = $2',
      [at, id],
    );
    return changed(result) === 1;
  }

  async deleteSession(id: string): Promise<void> {
    await this.pool.query('DELETE FROM console_sessions WHERE id = $1', [id]);
  }

  async pruneSessions(now: number, idleBefore: number): Promise<void> {
    await this.pool.query('DELETE FROM console_sessions WHERE expires_at <= $1 OR last_seen_at <= $2', [
      now,
      idleBefore,
    ]);
  }

  /**
   * Under the email's lock: attempts at once queue, and each, reading after its own insert,
   * counts every attempt committed before it (READ COMMITTED alone would let a burst all read
   * before any committed).
   */
  async recordAttempt(email: string, at: number, since: number): Promise<{ id: number; earlier: number[] }> {
    return inTransaction(this.pool, async (client) => {
      await lockSignIns(client, email);
      await client.query('DELETE FROM console_sign_in_failures WHERE at < $1', [since]);
      const { rows } = await client.query<{ id: number }>(
        'INSERT INTO console_sign_in_failures (email, at) VALUES ($1, $2) RETURNING id',
        [email, at],
      );
      const id = rows[0]!.id;
      const earlier = await client.query<{ at: number }>(
        'SELECT at FROM console_sign_in_failures WHERE lower(email) = lower($1) AND at >= $2 AND id <> $3 ORDER BY at, id',
        [email, since, id],
      );
      return { id, earlier: earlier.rows.map((r) => r.at) };
    });
  }

  async forgetAttempt(id: number): Promise<void> {
    await this.pool.query('DELETE FROM console_sign_in_failures WHERE id = $1', [id]);
  }

  async clearFailures(email: string): Promise<void> {
    await this.pool.query('DELETE FROM console_sign_in_failures WHERE lower(email) = lower($1)', [email]);
  }

  async auditEntries(options: { limit: number; beforeId?: number; since?: number }): Promise<AuditEntry[]> {
    const { rows } = await this.pool.query<AuditRow>(
      'SELECT * FROM console_audit WHERE id < $1 AND at >= $2 ORDER BY id DESC LIMIT $3',
      [options.beforeId ?? Number.MAX_SAFE_INTEGER, options.since ?? Number.MIN_SAFE_INTEGER, options.limit],
    );
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      actor: r.actor,
      action: r.action,
      target: r.target,
      before: r.before,
      after: r.after,
    }));
  }

  async recordSync(deviceId: string, at: number, health: TerminalHealth | null): Promise<void> {
    await this.pool.query(
      `INSERT INTO device_health (device_id, last_sync_at, health) VALUES ($1, $2, $3)
       ON CONFLICT (device_id) DO UPDATE SET last_sync_at = greatest(device_health.last_sync_at, excluded.last_sync_at),
         health = coalesce(excluded.health, device_health.health)`,
      [deviceId, at, health === null ? null : JSON.stringify(health)],
    );
  }

  async syncs(): Promise<DeviceSyncRecord[]> {
    const { rows } = await this.pool.query<{ device_id: string; last_sync_at: number; health: TerminalHealth | null }>(
      'SELECT * FROM device_health',
    );
    return rows.map((r) => ({ deviceId: r.device_id, lastSyncAt: r.last_sync_at, health: r.health }));
  }
}
