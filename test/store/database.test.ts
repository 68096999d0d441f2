import { describe, expect, it, onTestFinished } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseOpenError, openDatabase } from '../../src/node/store/database';

/** A folder of its own for each test, removed when the test ends. */
function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'civicpass-corrupt-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('a damaged database', () => {
  it('is reported clearly and kept, renamed aside, never silently reset', () => {
    const dir = freshDir();
    const path = join(dir, 'terminal.db');
    writeFileSync(path, 'this is not a database, but someone scribbled over it'.repeat(100));
    const original = readFileSync(path);
    let error: unknown;
    try {
      openDatabase(path);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatabaseOpenError);
    const e = error as DatabaseOpenError;
    expect(e.code).toBe('corrupt');
    expect(e.message).toMatch(/is damaged .* moved to .* kept for inspection/);
    expect(existsSync(path)).toBe(false);
    expect(readFileSync(e.movedTo!)).toEqual(original);
    expect(readdirSync(dir).filter((f) => f.startsWith('terminal.db.corrupt-'))).toHaveLength(1);
  });

  it('a database whose pages were overwritten fails the integrity check and is moved aside', () => {
    const dir = freshDir();
    const path = join(dir, 'terminal.db');
    const db = openDatabase(path);
    const insert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
    for (let i = 0; i < 2000; i++) insert.run(`k${i}`, 'v'.repeat(100));
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const bytes = readFileSync(path);
    // Scribble over the middle pages but keep the header, as a failing disk would.
    bytes.fill(0x5a, 8192, bytes.length - 4096);
    writeFileSync(path, bytes);
    expect(() => openDatabase(path)).toThrow(/damaged/);
    expect(existsSync(path)).toBe(false);
  });
});

describe('a database that cannot be opened but is not damaged', () => {
  it('a migration that fails is rolled back and reported, and the file stays where it is', () => {
    const dir = freshDir();
    const path = join(dir, 'terminal.db');
    openDatabase(path).close();
    // Version 1 on the label, but migration 2's table is already there (as if added by hand):
    // migration 2 fails on it.
    const db = new Database(path);
    db.pragma('user_version = 1');
    db.close();
    let error: unknown;
    try {
      openDatabase(path);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatabaseOpenError);
    expect((error as DatabaseOpenError).code).toBe('migration_failed');
    expect((error as DatabaseOpenError).message).toMatch(/migration 2 could not run .* left at schema version 1/);
    expect(existsSync(path)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.includes('.corrupt-'))).toEqual([]);
    const after = new Database(path, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(1);
    after.close();
  });

  it('a folder with no permission to write is reported, never moved aside', () => {
    const dir = freshDir();
    const path = join(dir, 'terminal.db');
    openDatabase(path).close();
    // A directory where the file should be: SQLite cannot open it, and nothing is renamed.
    const other = join(dir, 'folder.db');
    mkdirSync(other);
    expect(() => openDatabase(other)).toThrow(DatabaseOpenError);
    expect(existsSync(other)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.includes('.corrupt-'))).toEqual([]);
  });
});
