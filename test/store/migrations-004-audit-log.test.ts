import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/node/store/migrations/index';
import { columns, freshDatabaseFile, migratedTo, rowsOf, tables, userVersion } from './migrations-support';

describe('migration 4: audit log of staff changes', () => {
  it('adds the audit log, keeping the PIN and the events set aside', () => {
    const path = freshDatabaseFile();
    const db = migratedTo(path, 3);
    db.prepare("INSERT INTO staff_pin (id, hash, salt) VALUES (1, 'h', 's')").run();
    db.prepare("INSERT INTO rejected_events (event_id, body, reason, rejected_at) VALUES ('e1', '{}', 'r', 1)").run();
    db.close();

    const next = migratedTo(path, 4);
    expect(userVersion(next)).toBe(4);
    expect(tables(next)).toContain('audit_log');
    expect(columns(next, 'audit_log')).toEqual(['id', 'at', 'action', 'detail']);
    expect(next.prepare('SELECT hash FROM staff_pin').all()).toEqual([{ hash: 'h' }]);
    expect(next.prepare('SELECT event_id FROM rejected_events').all()).toEqual([{ event_id: 'e1' }]);
  });

  it('keeps the audit entries, numbered in order, through every later migration', () => {
    const path = freshDatabaseFile();
    const db = migratedTo(path, 4);
    const insert = db.prepare('INSERT INTO audit_log (at, action, detail) VALUES (?, ?, ?)');
    insert.run(1, 'staleness_override', '{"statusHardLimitHours":24}');
    insert.run(2, 'clock_reset', '{"from":3,"to":2}');
    const before = rowsOf(db, ['audit_log']);
    db.close();

    const later = migratedTo(path, SCHEMA_VERSION);
    expect(rowsOf(later, ['audit_log'])).toEqual(before);
    expect((before.audit_log as { id: number }[]).map((r) => r.id)).toEqual([1, 2]);
  });
});
