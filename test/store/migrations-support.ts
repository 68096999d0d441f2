/**
 * Shared by the migration tests: a fresh database file per test (removed afterwards), a database
 * brought to a given version by the real migrations, and what its schema holds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { onTestFinished } from 'vitest';
import { migrate } from '../../src/node/store/database';
import { MIGRATIONS } from '../../src/node/store/migrations/index';

/** A path for a new database file in a folder of its own, removed when the test ends. */
export function freshDatabaseFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'civicpass-migration-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'terminal.db');
}

/** Opens the file and runs the real migrations up to and including `version`. */
export function migratedTo(path: string, version: number): Database.Database {
  const db = new Database(path);
  onTestFinished(() => {
    if (db.open) db.close();
  });
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version <= version),
  );
  return db;
}

export function userVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** The tables, sorted, without SQLite's own. */
export function tables(db: Database.Database): string[] {
  return (
    db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all() as { name: string }[]
  ).map((r) => r.name);
}

/** The named indexes (not the ones SQLite makes for keys), sorted. */
export function indexes(db: Database.Database): string[] {
  return (
    db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all() as { name: string }[]
  ).map((r) => r.name);
}

/** A table's columns in their declared order. */
export function columns(db: Database.Database, table: string): string[] {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
}

/** Every row of each table, ordered by the first column: to compare before and after. */
export function rowsOf(db: Database.Database, names: readonly string[]): Record<string, unknown[]> {
  return Object.fromEntries(names.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all()]));
}
