import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/node/store/migrations/index';
import { columns, freshDatabaseFile, migratedTo, rowsOf, tables, userVersion } from './migrations-support';

describe('migration 2: staff PIN with attempt counting and lockout', () => {
  it('adds the staff PIN table, one row at most, and keeps existing rows', () => {
    const path = freshDatabaseFile();
    const db = migratedTo(path, 1);
    db.prepare("INSERT INTO settings (key, value) VALUES ('kept', '1')").run();
    db.close();

    const next = migratedTo(path, 2);
    expect(userVersion(next)).toBe(2);
    expect(tables(next)).toContain('staff_pin');
    expect(columns(next, 'staff_pin')).toEqual(['id', 'hash', 'salt', 'failures', 'locked_until']);
    expect(next.prepare("SELECT value FROM settings WHERE key = 'kept'").get()).toEqual({ value: '1' });
    expect(() => next.prepare('INSERT INTO staff_pin (id, hash, salt) VALUES (2, ?, ?)').run('h', 's')).toThrow(
      /CHECK/,
    );
  });

  it('keeps the PIN, its failure count and lock through every later migration', () => {
    const path = freshDatabaseFile();
    const db = migratedTo(path, 2);
    db.prepare("INSERT INTO staff_pin (id, hash, salt, failures, locked_until) VALUES (1, 'h', 's', 6, 99.5)").run();
    const before = rowsOf(db, ['staff_pin']);
    db.close();

    const later = migratedTo(path, SCHEMA_VERSION);
    expect(rowsOf(later, ['staff_pin'])).toEqual(before);
    expect(before.staff_pin).toEqual([{ id: 1, hash: 'h', salt: 's', failures: 6, locked_until: 99.5 }]);
  });
});
