import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/node/store/migrations/index';
import { columns, freshDatabaseFile, indexes, migratedTo, rowsOf, tables, userVersion } from './migrations-support';

describe('migration 5: help calls from the venue kiosks', () => {
  it('adds the staff calls, with no personal data, keeping the audit log', () => {
    const path = freshDatabaseFile();
    const db = migratedTo(path, 4);
    db.prepare("INSERT INTO audit_log (at, action, detail) VALUES (1, 'a', '{}')").run();
    db.close();

    const next = migratedTo(path, 5);
    expect(userVersion(next)).toBe(5);
    expect(tables(next)).toContain('staff_calls');
    // When and where only: a call carries nothing about a person.
    expect(columns(next, 'staff_calls')).toEqual(['id', 'at', 'from_label', 'received_at']);
    expect(indexes(next)).toContain('staff_calls_at');
    expect(next.prepare('SELECT action FROM audit_log').all()).toEqual([{ action: 'a' }]);
  });

  it('keeps the calls through every later migration', () => {
    const path = freshDatabaseFile();
    const db = migratedTo(path, 5);
    db.prepare("INSERT INTO staff_calls (id, at, from_label, received_at) VALUES ('c1', 10, 'Kiosk 2', 11)").run();
    const before = rowsOf(db, ['staff_calls']);
    db.close();

    const later = migratedTo(path, SCHEMA_VERSION);
    expect(rowsOf(later, ['staff_calls'])).toEqual(before);
    expect(before.staff_calls).toHaveLength(1);
  });
});
