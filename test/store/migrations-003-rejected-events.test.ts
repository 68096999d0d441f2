import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/node/store/migrations/index';
import { columns, freshDatabaseFile, migratedTo, rowsOf, tables, userVersion } from './migrations-support';

describe('migration 3: events the server refused for good', () => {
  it('adds the table of events the server refused for good, keeping the outbox', () => {
    const path = freshDatabaseFile();
    const db = migratedTo(path, 2);
    db.prepare("INSERT INTO outbox (event_id, body, queued_at) VALUES ('e1', '{}', 1)").run();
    db.close();

    const next = migratedTo(path, 3);
    expect(userVersion(next)).toBe(3);
    expect(tables(next)).toContain('rejected_events');
    expect(columns(next, 'rejected_events')).toEqual(['event_id', 'body', 'reason', 'rejected_at']);
    expect(next.prepare('SELECT event_id FROM outbox').all()).toEqual([{ event_id: 'e1' }]);
  });

  it('keeps the events set aside through every later migration', () => {
    const path = freshDatabaseFile();
    const db = migratedTo(path, 3);
    db.prepare(
      "INSERT INTO rejected_events (event_id, body, reason, rejected_at) VALUES ('e2', '{}', 'events[0].at is not a real date', 5)",
    ).run();
    const before = rowsOf(db, ['rejected_events']);
    db.close();

    const later = migratedTo(path, SCHEMA_VERSION);
    expect(rowsOf(later, ['rejected_events'])).toEqual(before);
    expect(before.rejected_events).toHaveLength(1);
  });
});
