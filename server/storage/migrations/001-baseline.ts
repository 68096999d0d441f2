import type { ServerMigration } from './migration';

/** The tables of the schema from before numbered migrations: a version-0 database holds only these. */
export const BASELINE_TABLES: readonly string[] = [
  'kv',
  'venues',
  'enrolment_codes',
  'devices',
  'seen_jti',
  'cards',
  'registry',
  'events',
  'redemptions',
];

/**
 * The server's first schema, as the unnumbered `CREATE ... IF NOT EXISTS` string made it. It
 * keeps `IF NOT EXISTS` (alone with migration 2) because it also adopts databases made by that
 * string, which have `user_version` 0 and some or all of these tables already, with their data.
 * Later migrations run only on numbered databases and must not hide a mistake that way.
 */
export const baseline: ServerMigration = {
  version: 1,
  name: 'baseline: deployment values, venues, enrolment, devices, token ids, cards, registry, events',
  up(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
      CREATE TABLE IF NOT EXISTS venues (id TEXT PRIMARY KEY, config TEXT NOT NULL, card_ref_key TEXT NOT NULL) STRICT;
      CREATE TABLE IF NOT EXISTS enrolment_codes (
        code_hash TEXT PRIMARY KEY, venue_id TEXT NOT NULL REFERENCES venues (id), expires_at REAL NOT NULL, used_at REAL
      ) STRICT;
      CREATE TABLE IF NOT EXISTS devices (
        id TEXT PRIMARY KEY, venue_id TEXT NOT NULL REFERENCES venues (id), public_jwk TEXT NOT NULL,
        label TEXT NOT NULL, enrolled_at REAL NOT NULL, revoked_at REAL
      ) STRICT;
      CREATE TABLE IF NOT EXISTS seen_jti (jti TEXT PRIMARY KEY, expires_at REAL NOT NULL) STRICT;
      CREATE INDEX IF NOT EXISTS seen_jti_expires ON seen_jti (expires_at);
      CREATE TABLE IF NOT EXISTS cards (
        id TEXT PRIMARY KEY, status_idx INTEGER NOT NULL UNIQUE, status INTEGER NOT NULL DEFAULT 0,
        services TEXT NOT NULL, library_number TEXT
      ) STRICT;
      CREATE TABLE IF NOT EXISTS registry (
        seq INTEGER NOT NULL, ref_hash TEXT PRIMARY KEY, services TEXT NOT NULL, iss TEXT NOT NULL,
        status_uri TEXT NOT NULL, status_idx INTEGER NOT NULL, removed INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX IF NOT EXISTS registry_seq ON registry (seq);
      -- Each event id once, whatever the retries: at-least-once delivery, exactly-once storage.
      CREATE TABLE IF NOT EXISTS events (
        id TEXT PRIMARY KEY, device_id TEXT NOT NULL, venue_id TEXT NOT NULL, type TEXT NOT NULL,
        body TEXT NOT NULL, received_at REAL NOT NULL
      ) STRICT;
      CREATE TABLE IF NOT EXISTS redemptions (
        id TEXT PRIMARY KEY, feed_seq INTEGER NOT NULL, venue_id TEXT NOT NULL, device_id TEXT NOT NULL,
        card_ref TEXT NOT NULL, offer_id TEXT NOT NULL, at REAL NOT NULL, undone_at REAL
      ) STRICT;
      CREATE INDEX IF NOT EXISTS redemptions_feed ON redemptions (venue_id, feed_seq);
    `);
  },
};
