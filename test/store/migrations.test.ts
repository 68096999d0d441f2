import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DatabaseOpenError, migrate, openDatabase } from '../../src/node/store/database';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/node/store/migrations';

const file = (): string => join(mkdtempSync(join(tmpdir(), 'civicpass-db-')), 'terminal.db');
const tables = (db: Database.Database): string[] =>
  (
    db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all() as { name: string }[]
  ).map((r) => r.name);

describe('migrations, each on a real file', () => {
  it('migration 1 creates trust material, scan log, outbox, settings and redemptions', () => {
    const db = new Database(file());
    migrate(db, MIGRATIONS.slice(0, 1));
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(tables(db)).toEqual([
      'meta',
      'outbox',
      'redemptions',
      'registry',
      'scan_log',
      'settings',
      'status_lists',
      'trust_material',
    ]);
    // The scan log has no column that could hold a card id, name or library number.
    const columns = (db.prepare('PRAGMA table_info(scan_log)').all() as { name: string }[]).map((c) => c.name);
    expect(columns).toEqual([
      'id',
      'at',
      'outcome',
      'reason',
      'service',
      'offer',
      'source',
      'latency_ms',
      'kid',
      'trust_seq',
      'card_ref',
    ]);
    db.close();
  });

  it('migration 2 adds the staff PIN table and keeps existing rows', () => {
    const path = file();
    const db = new Database(path);
    migrate(db, MIGRATIONS.slice(0, 1));
    db.prepare("INSERT INTO settings (key, value) VALUES ('kept', '1')").run();
    migrate(db, MIGRATIONS.slice(0, 2));
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(tables(db)).toContain('staff_pin');
    expect(db.prepare("SELECT value FROM settings WHERE key = 'kept'").get()).toEqual({ value: '1' });
    expect(() => db.prepare('INSERT INTO staff_pin (id, hash, salt) VALUES (2, ?, ?)').run('h', 's')).toThrow(/CHECK/);
    db.close();
  });

  it('applies all pending migrations in one transaction: a failing one leaves the database as it was', () => {
    const db = new Database(file());
    const broken = [
      ...MIGRATIONS,
      {
        version: SCHEMA_VERSION + 1,
        name: 'broken',
        up: (d: Database.Database) => d.exec('CREATE TABLE half (x); SELECT * FROM no_such_table;'),
      },
    ];
    expect(() => migrate(db, broken)).toThrow(/no_such_table/);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(tables(db)).toEqual([]);
    db.close();
  });

  it('refuses a database from a newer version of the terminal', () => {
    const path = file();
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openDatabase(path)).toThrow(DatabaseOpenError);
    try {
      openDatabase(path);
    } catch (e) {
      expect((e as DatabaseOpenError).code).toBe('newer_schema');
      expect((e as Error).message).toMatch(/newer than this terminal/);
    }
  });

  it('opens in WAL mode with full synchronisation and foreign keys on', () => {
    const db = openDatabase(file());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });
});

describe('migration 3', () => {
  it('adds the table of events the server refused for good, keeping the outbox', () => {
    const db = new Database(join(mkdtempSync(join(tmpdir(), 'civicpass-db-')), 't.db'));
    migrate(db, MIGRATIONS.slice(0, 2));
    db.prepare("INSERT INTO outbox (event_id, body, queued_at) VALUES ('e1', '{}', 1)").run();
    migrate(db, MIGRATIONS.slice(0, 3));
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    expect(tables(db)).toContain('rejected_events');
    expect(db.prepare('SELECT event_id FROM outbox').all()).toEqual([{ event_id: 'e1' }]);
    db.close();
  });
});

describe('migration 4', () => {
  it('adds the audit log', () => {
    const db = new Database(join(mkdtempSync(join(tmpdir(), 'civicpass-db-')), 't.db'));
    migrate(db, MIGRATIONS.slice(0, 4));
    expect(db.pragma('user_version', { simple: true })).toBe(4);
    expect(tables(db)).toContain('audit_log');
    db.close();
  });
});
