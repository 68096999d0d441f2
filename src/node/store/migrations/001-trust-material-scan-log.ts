/**
 * Migration 1: the first schema. Signed trust material with its fetch metadata, the card
 * registry, the scan log, the outbox of events waiting for upload, settings and offer
 * redemptions.
 *
 * Shipped: never edit it, add the next migration instead. Its statements stay exactly as they
 * first ran, whitespace included: SQLite keeps each CREATE statement's text in the schema.
 */
import type { Migration } from './migration';

export const migration001: Migration = {
  version: 1,
  name: 'trust material, scan log, outbox, settings, redemptions',
  up(db) {
    db.exec(`
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

        -- Signed material as received, re-verified at every start; fetch metadata for sync.
        CREATE TABLE trust_material (
          kind TEXT PRIMARY KEY CHECK (kind IN ('anchor', 'trust_list', 'venue_config', 'registry_meta')),
          body TEXT NOT NULL,
          etag TEXT,
          fetched_at REAL NOT NULL,
          source TEXT NOT NULL
        ) STRICT;
        CREATE TABLE status_lists (
          uri TEXT PRIMARY KEY,
          body TEXT NOT NULL,
          etag TEXT,
          fetched_at REAL NOT NULL
        ) STRICT;
        -- Card registry (docs/contract/credential-profile.md §6): keyed hashes of references, never the references.
        CREATE TABLE registry (
          ref_hash TEXT PRIMARY KEY,
          services TEXT NOT NULL,
          iss TEXT NOT NULL,
          status_uri TEXT NOT NULL,
          status_idx INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;

        -- What the sync event holds, and a keyed hash of the card id: never the id or a name.
        CREATE TABLE scan_log (
          id TEXT PRIMARY KEY,
          at REAL NOT NULL,
          outcome TEXT NOT NULL,
          reason TEXT NOT NULL,
          service TEXT,
          offer TEXT,
          source TEXT NOT NULL,
          latency_ms REAL NOT NULL,
          kid TEXT,
          trust_seq INTEGER,
          card_ref TEXT
        ) STRICT;
        CREATE INDEX scan_log_at ON scan_log (at);

        -- Events waiting for upload, self-contained so that compensating events fit too.
        CREATE TABLE outbox (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          event_id TEXT NOT NULL UNIQUE,
          body TEXT NOT NULL,
          queued_at REAL NOT NULL,
          attempts INTEGER NOT NULL DEFAULT 0,
          last_error TEXT
        ) STRICT;

        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

        CREATE TABLE redemptions (
          id TEXT PRIMARY KEY,
          card_ref TEXT NOT NULL,
          offer_id TEXT NOT NULL,
          at REAL NOT NULL,
          origin TEXT NOT NULL CHECK (origin IN ('own', 'synced')),
          undone_at REAL
        ) STRICT;
        CREATE INDEX redemptions_card_offer_at ON redemptions (card_ref, offer_id, at);
      `);
  },
};
