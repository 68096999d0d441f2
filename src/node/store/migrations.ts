/**
 * Numbered schema migrations. Each is one small function of SQL; `user_version` records how
 * many have run. Never edit a migration that has shipped: add the next one.
 */
import type { Database } from 'better-sqlite3';

export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database): void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
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
        -- Card registry (profile section 6): keyed hashes of references, never the references.
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
  },
  {
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
  },
  {
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
  },
  {
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
  },
  {
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
  },
];

export const SCHEMA_VERSION = MIGRATIONS.length;
