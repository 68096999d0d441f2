/**
 * Migration 2: the staff PIN, with its failure count and lock in the same row so that both
 * survive a restart (decision 31).
 *
 * Shipped: never edit it, add the next migration instead. Its statements stay exactly as they
 * first ran, whitespace included: SQLite keeps each CREATE statement's text in the schema.
 */
import type { Migration } from './migration';

export const migration002: Migration = {
  version: 2,
  name: 'staff PIN with attempt counting and lockout',
  up(db) {
    db.exec(`
        CREATE TABLE staff_pin (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          hash TEXT NOT NULL,
          salt TEXT NOT NULL,
          failures INTEGER NOT NULL DEFAULT 0,
          locked_until REAL
        ) STRICT;
      `);
  },
};
