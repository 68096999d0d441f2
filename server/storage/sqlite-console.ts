import type Database from 'better-sqlite3';
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

interface AuditRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  target: string | null;
  before: string;
  after: string;
}

/**
 * The console's tables in the server's SQLite file (migrations 3-5): the synchronous statements
 * behind SqliteSyncStorage's console methods, and the audit insert its audited changes run
 * inside their own transactions.
 */
export class SqliteConsoleTables {
  private readonly stmts;
  private readonly attempt: Database.Transaction<
    (email: string, at: number, since: number) => { id: number; earlier: number[] }
  >;

  constructor(private readonly db: Database.Database) {
    this.stmts = {
      addUser: db.prepare(
        'INSERT INTO console_users (email, role, venue_id, password_hash, created_at) VALUES (?, ?, ?, ?, ?)',
      ),
      userByEmail: db.prepare<[string], UserRow>('SELECT * FROM console_users WHERE email = ? COLLATE NOCASE'),
      userById: db.prepare<[number], UserRow>('SELECT * FROM console_users WHERE id = ?'),
      addSession: db.prepare(
        'INSERT INTO console_sessions (id, user_id, csrf, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      session: db.prepare<[string], SessionRow>('SELECT * FROM console_sessions WHERE id = ?'),
      touchSession: db.prepare('UPDATE console_sessions SET last_seen_at = max(last_seen_at, ?) WHERE id = ?'),
      deleteSession: db.prepare('DELETE FROM console_sessions WHERE id = ?'),
      pruneSessions: db.prepare('DELETE FROM console_sessions WHERE expires_at <= ? OR last_seen_at <= ?'),
      addFailure: db.prepare<[string, number], { id: number }>(
        'INSERT INTO console_sign_in_failures (email, at) VALUES (?, ?) RETURNING id',
      ),
      failuresSince: db.prepare<[string, number, number], { at: number }>(
        'SELECT at FROM console_sign_in_failures WHERE email = ? COLLATE NOCASE AND at >= ? AND id <> ? ORDER BY at, id',
      ),
      pruneFailures: db.prepare('DELETE FROM console_sign_in_failures WHERE at < ?'),
      forgetFailure: db.prepare('DELETE FROM console_sign_in_failures WHERE id = ?'),
      clearFailures: db.prepare('DELETE FROM console_sign_in_failures WHERE email = ? COLLATE NOCASE'),
      addAudit: db.prepare(
        'INSERT INTO console_audit (at, actor, action, target, before, after) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      audit: db.prepare<[number, number, number], AuditRow>(
        'SELECT * FROM console_audit WHERE id < ? AND at >= ? ORDER BY id DESC LIMIT ?',
      ),
      recordSync: db.prepare(
        `INSERT INTO device_health (device_id, last_sync_at, health) VALUES (?, ?, ?)
         ON CONFLICT (device_id) DO UPDATE SET last_sync_at = max(last_sync_at, excluded.last_sync_at),
           health = coalesce(excluded.health, health)`,
      ),
      syncs: db.prepare<[], { device_id: string; last_sync_at: number; health: string | null }>(
        'SELECT * FROM device_health',
      ),
    };
    this.attempt = db.transaction((email: string, at: number, since: number) => {
      this.stmts.pruneFailures.run(since);
      const id = this.stmts.addFailure.get(email, at)!.id;
      const earlier = this.stmts.failuresSince.all(email, since, id).map((r) => r.at);
      return { id, earlier };
    });
  }

  /** Writes an audit entry: call inside the transaction of the change it records. */
  audit(entry: AuditRecord): void {
    this.stmts.addAudit.run(
      entry.at,
      entry.actor,
      entry.action,
      entry.target,
      JSON.stringify(entry.before ?? null),
      JSON.stringify(entry.after ?? null),
    );
  }

  /** Runs a change and, if `made` says it happened, its audit entry, in one immediate transaction. */
  audited<T>(change: () => T, audit: AuditRecord | undefined, made: (result: T) => boolean = () => true): T {
    if (!audit) return change();
    return this.db
      .transaction(() => {
        const result = change();
        if (made(result)) this.audit(audit);
        return result;
      })
      .immediate();
  }

  addUser(u: NewConsoleUser, audit?: AuditRecord): void {
    this.audited(() => this.stmts.addUser.run(u.email, u.role, u.venueId, u.passwordHash, u.createdAt), audit);
  }

  userByEmail(email: string): ConsoleUserRecord | null {
    const r = this.stmts.userByEmail.get(email);
    return r ? userOf(r) : null;
  }

  userById(id: number): ConsoleUserRecord | null {
    const r = this.stmts.userById.get(id);
    return r ? userOf(r) : null;
  }

  createSession(s: ConsoleSessionRecord): void {
    this.stmts.addSession.run(s.id, s.userId, s.csrf, s.createdAt, s.lastSeenAt, s.expiresAt);
  }

  session(id: string): ConsoleSessionRecord | null {
    const r = this.stmts.session.get(id);
    return r ? sessionOf(r) : null;
  }

  touchSession(id: string, at: number): boolean {
    return this.stmts.touchSession.run(at, id).changes === 1;
  }

  deleteSession(id: string): void {
    this.stmts.deleteSession.run(id);
  }

  pruneSessions(now: number, idleBefore: number): void {
    this.stmts.pruneSessions.run(now, idleBefore);
  }

  recordAttempt(email: string, at: number, since: number): { id: number; earlier: number[] } {
    return this.attempt.immediate(email, at, since);
  }

  forgetAttempt(id: number): void {
    this.stmts.forgetFailure.run(id);
  }

  clearFailures(email: string): void {
    this.stmts.clearFailures.run(email);
  }

  auditEntries(options: { limit: number; beforeId?: number; since?: number }): AuditEntry[] {
    return this.stmts.audit
      .all(options.beforeId ?? Number.MAX_SAFE_INTEGER, options.since ?? Number.MIN_SAFE_INTEGER, options.limit)
      .map((r) => ({
        id: r.id,
        at: r.at,
        actor: r.actor,
        action: r.action,
        target: r.target,
        before: JSON.parse(r.before) as unknown,
        after: JSON.parse(r.after) as unknown,
      }));
  }

  recordSync(deviceId: string, at: number, health: TerminalHealth | null): void {
    this.stmts.recordSync.run(deviceId, at, health === null ? null : JSON.stringify(health));
  }

  syncs(): DeviceSyncRecord[] {
    return this.stmts.syncs.all().map((r) => ({
      deviceId: r.device_id,
      lastSyncAt: r.last_sync_at,
      health: r.health === null ? null : (JSON.parse(r.health) as TerminalHealth),
    }));
  }
}
