import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseOpenError, openDatabase } from '../../src/node/store/database';

describe('a damaged database', () => {
  it('is reported clearly and kept, renamed aside, never silently reset', () => {
    const dir = mkdtempSync(join(tmpdir(), 'civicpass-corrupt-'));
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
    const dir = mkdtempSync(join(tmpdir(), 'civicpass-corrupt-'));
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
