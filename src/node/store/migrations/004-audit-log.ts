/**
 * Migration 4: the audit log of staff changes that alter how cards are judged (decision 46).
 *
 * Shipped: never edit it, add the next migration instead. Its statements stay exactly as they
 * first ran, whitespace included: SQLite keeps each CREATE statement's text in the schema.
 */
import type { Migration } from './migration';

export const migration004: Migration = {
  version: 4,
  name: 'audit log of staff changes',
  up(db) {
    db.exec(`
        -- Staff actions that change how cards are judged (staleness overrides), kept locally.
        CREATE TABLE audit_log (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          at REAL NOT NULL,
          action TEXT NOT NULL,
          detail TEXT NOT NULL
        ) STRICT;
      `);
  },
};
