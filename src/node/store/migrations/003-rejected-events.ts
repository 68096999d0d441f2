/**
 * Migration 3: events the server refused for good, set aside rather than retried forever or
 * dropped (decisions 37 and 73).
 *
 * Shipped: never edit it, add the next migration instead. Its statements stay exactly as they
 * first ran, whitespace included: SQLite keeps each CREATE statement's text in the schema.
 */
import type { Migration } from './migration';

export const migration003: Migration = {
  version: 3,
  name: 'events the server refused for good',
  up(db) {
    db.exec(`
        -- An event the server answered "rejected" (or a final 4xx) leaves the outbox for here,
        -- so it is neither retried forever nor lost without a trace.
        CREATE TABLE rejected_events (
          event_id TEXT PRIMARY KEY,
          body TEXT NOT NULL,
          reason TEXT NOT NULL,
          rejected_at REAL NOT NULL
        ) STRICT;
      `);
  },
};
