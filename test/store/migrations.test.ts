/**
 * The migration runner and the list it runs: versions, not counts, decide what runs; a broken
 * list is refused before any database is touched. Each migration has its own test beside this
 * one (migrations-NNN-*.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { DatabaseOpenError, migrate, openDatabase } from '../../src/node/store/database';
import {
  checkMigrations,
  MIGRATIONS,
  MigrationListError,
  SCHEMA_VERSION,
  type Migration,
} from '../../src/node/store/migrations/index';
import { freshDatabaseFile, migratedTo, rowsOf, tables, userVersion } from './migrations-support';

const MIGRATIONS_DIR = resolve(import.meta.dirname, '../../src/node/store/migrations');

/** Stand-in migrations that only record that they ran (and make one table each). */
function recording(versions: readonly number[], ran: number[]): Migration[] {
  return versions.map((version, i) => ({
    version,
    name: `step ${i}`,
    up(db) {
      ran.push(version);
      db.exec(`CREATE TABLE step_${i} (x)`);
    },
  }));
}

function refusal(list: readonly Migration[]): string {
  try {
    checkMigrations(list);
  } catch (e) {
    expect(e).toBeInstanceOf(MigrationListError);
    return (e as Error).message;
  }
  throw new Error('the list was accepted');
}

describe('the list of migrations', () => {
  it('is versions 1..N in order, one file each, each with its own test', async () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length);
    const files = readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{3}-.+\.ts$/.test(f));
    expect(files.map((f) => Number(f.slice(0, 3)))).toEqual(MIGRATIONS.map((m) => m.version));
    const tests = readdirSync(import.meta.dirname);
    for (const file of files) {
      const number = file.slice(0, 3);
      // The file exports migrationNNN under its own number, and the index lists that very object.
      const module = (await import(join(MIGRATIONS_DIR, file))) as Record<string, Migration>;
      const migration = module[`migration${number}`];
      expect(migration?.version, file).toBe(Number(number));
      expect(MIGRATIONS[Number(number) - 1], file).toBe(migration);
      expect(
        tests.filter((t) => t.startsWith(`migrations-${number}-`) && t.endsWith('.test.ts')),
        `a test for ${file}`,
      ).toHaveLength(1);
    }
  });

  it('refuses a gap, naming the missing version', () => {
    const message = refusal(recording([1, 2, 4], []));
    expect(message).toMatch(/version 3 is missing/);
    expect(refusal(recording([2, 3], []))).toMatch(/version 1 is missing/);
    // A mistyped number gives one line for the whole gap, not hundreds.
    expect(refusal(recording([1, 2, 500], []))).toMatch(/versions 3-499 are missing/);
  });

  it('refuses a repeat, naming the version and both migrations', () => {
    const list = recording([1, 2, 2, 3], []);
    expect(refusal(list)).toMatch(/version 2 is used twice \("step 1" and "step 2"\)/);
  });

  it('refuses a list out of order, and versions that are not whole numbers from 1', () => {
    expect(refusal(recording([2, 1], []))).toMatch(/version 2 \("step 0"\) is listed in place 1/);
    expect(refusal(recording([0, 1], []))).toMatch(/"step 0" has version 0/);
    expect(refusal(recording([1, 1.5], []))).toMatch(/"step 1" has version 1.5/);
  });

  it('accepts the real list and an empty one', () => {
    expect(checkMigrations(MIGRATIONS)).toBe(MIGRATIONS);
    expect(checkMigrations([])).toEqual([]);
  });
});

describe('migrate', () => {
  it('refuses a broken list before it touches the database', () => {
    const path = freshDatabaseFile();
    const ran: number[] = [];
    const db = migratedTo(path, 2);
    const before = rowsOf(db, ['sqlite_master']);
    expect(() => migrate(db, recording([1, 2, 4], ran))).toThrow(MigrationListError);
    expect(() => migrate(db, recording([1, 2, 2, 3], ran))).toThrow(/used twice/);
    expect(ran).toEqual([]);
    expect(userVersion(db)).toBe(2);
    expect(rowsOf(db, ['sqlite_master'])).toEqual(before);
  });

  it('runs only the versions above user_version, in order, and records the last', () => {
    const db = new Database(freshDatabaseFile());
    const ran: number[] = [];
    migrate(db, recording([1, 2], ran));
    expect(ran).toEqual([1, 2]);
    expect(userVersion(db)).toBe(2);
    migrate(db, recording([1, 2, 3, 4], ran));
    expect(ran).toEqual([1, 2, 3, 4]);
    expect(userVersion(db)).toBe(4);
    db.close();
  });

  it('leaves a database at the current version exactly as it is', () => {
    const path = freshDatabaseFile();
    const db = openDatabase(path);
    db.prepare("INSERT INTO settings (key, value) VALUES ('kept', '1')").run();
    const before = rowsOf(db, ['sqlite_master', 'settings']);
    db.close();

    const ran: number[] = [];
    const again = new Database(path);
    migrate(
      again,
      recording(
        MIGRATIONS.map((m) => m.version),
        ran,
      ),
    );
    expect(ran).toEqual([]);
    again.close();

    const reopened = openDatabase(path);
    expect(userVersion(reopened)).toBe(SCHEMA_VERSION);
    expect(rowsOf(reopened, ['sqlite_master', 'settings'])).toEqual(before);
    reopened.close();
  });

  it('applies all pending migrations in one transaction: a failing one leaves the database as it was', () => {
    const db = new Database(freshDatabaseFile());
    const broken = [
      ...MIGRATIONS,
      {
        version: SCHEMA_VERSION + 1,
        name: 'broken',
        up: (d: Database.Database) => d.exec('CREATE TABLE half (x); SELECT * FROM no_such_table;'),
      },
    ];
    expect(() => migrate(db, broken)).toThrow(/no_such_table/);
    expect(userVersion(db)).toBe(0);
    expect(tables(db)).toEqual([]);
    db.close();
  });

  it('refuses a database from a newer version of the terminal', () => {
    const path = freshDatabaseFile();
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
    const db = openDatabase(freshDatabaseFile());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(userVersion(db)).toBe(SCHEMA_VERSION);
    db.close();
  });
});
