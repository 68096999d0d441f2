/**
 * Migration 5: "Call staff" presses from the venue's self-service kiosks, pulled at each sync
 * (decision 53).
 *
 * Shipped: never edit it, add the next migration instead. Its statements stay exactly as they
 * first ran, whitespace included: SQLite keeps each CREATE statement's text in the schema.
 */
import type { Migration } from './migration';

export const migration005: Migration = {
  version: 5,
  name: 'help calls from the venue kiosks',
  up(db) {
    db.exec(`
        -- "Call staff" from the venue's other kiosks, pulled at each sync: shown to staff for a
        -- while, kept as a record. Only when and where: a call carries no personal data.
        CREATE TABLE staff_calls (
          id TEXT PRIMARY KEY,
          at REAL NOT NULL,
          from_label TEXT NOT NULL,
          received_at REAL NOT NULL
        ) STRICT;
        CREATE INDEX staff_calls_at ON staff_calls (at);
      `);
  },
};
