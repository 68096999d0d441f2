import { describe, expect, it } from 'vitest';
import { migrate } from '../../server/storage/migrate';
import { MIGRATIONS } from '../../server/storage/migrations';
import {
  freshServerDatabaseFile,
  indexes,
  pragma,
  rawDatabase,
  rowsOf,
  UNNUMBERED_SCHEMA,
} from '../support/server-migrations';

describe('migration 2: events indexed by venue and type', () => {
  it('adds the index the staff-call feed reads by, keeping the events', () => {
    const path = freshServerDatabaseFile();
    const db = rawDatabase(path);
    migrate(db, MIGRATIONS.slice(0, 1));
    db.exec(`
      INSERT INTO events (id, device_id, venue_id, type, body, received_at) VALUES
        ('e1', 'dev_1', 'library', 'staff_call', '{"type":"staff_call","id":"e1","at":"2026-11-30T10:00:00.000Z"}', 1),
        ('e2', 'dev_1', 'library', 'scan', '{}', 2);
    `);
    const before = rowsOf(db, ['events']);
    db.close();

    const next = rawDatabase(path);
    migrate(next, MIGRATIONS.slice(0, 2));
    expect(pragma(next, 'user_version')).toBe(2);
    expect(indexes(next)).toContain('events_by_type');
    expect(rowsOf(next, ['events'])).toEqual(before);
    const plan = next
      .prepare<[], { detail: string }>(
        "EXPLAIN QUERY PLAN SELECT id FROM events WHERE venue_id = 'library' AND type = 'staff_call' AND rowid > 0",
      )
      .all()
      .map((r) => r.detail)
      .join('; ');
    expect(plan).toMatch(/events_by_type/);
  });

  it('runs on an adopted unnumbered database that has the index already', () => {
    const db = rawDatabase(freshServerDatabaseFile());
    db.exec(UNNUMBERED_SCHEMA);
    expect(indexes(db)).toContain('events_by_type');
    migrate(db, MIGRATIONS.slice(0, 2));
    expect(pragma(db, 'user_version')).toBe(2);
  });
});
