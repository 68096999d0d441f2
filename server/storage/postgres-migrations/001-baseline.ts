import type { PostgresMigration } from './migration';

/**
 * The sync server's tables, as the SQLite schema has them after its migrations 1 and 2, with
 * what a shared database needs besides: the event's time and card reference as columns (the
 * usage figures and `admin stats` query them at scale), and feed seqs from sequences that
 * writers take under the feed locks (postgres-feed-lock.ts), unique so no two rows share one.
 * Times are Unix seconds (double precision, as SQLite's REAL).
 */
export const baseline: PostgresMigration = {
  version: 1,
  name: 'baseline: deployment values, venues, enrolment, devices, token ids, cards, registry, events, feeds',
  async up(client) {
    await client.query(`
      CREATE TABLE kv (key text PRIMARY KEY, value text NOT NULL);
      CREATE TABLE venues (id text PRIMARY KEY, config json NOT NULL, card_ref_key text NOT NULL);
      CREATE TABLE enrolment_codes (
        code_hash text PRIMARY KEY, venue_id text NOT NULL REFERENCES venues (id),
        expires_at double precision NOT NULL, used_at double precision
      );
      CREATE TABLE devices (
        id text PRIMARY KEY, venue_id text NOT NULL REFERENCES venues (id), public_jwk json NOT NULL,
        label text NOT NULL, enrolled_at double precision NOT NULL, revoked_at double precision
      );
      CREATE TABLE seen_jti (jti text PRIMARY KEY, expires_at double precision NOT NULL);
      CREATE INDEX seen_jti_expires ON seen_jti (expires_at);
      CREATE TABLE cards (
        id text PRIMARY KEY, status_idx integer NOT NULL UNIQUE, status integer NOT NULL DEFAULT 0,
        services json NOT NULL, library_number text
      );
      CREATE SEQUENCE registry_seq;
      CREATE TABLE registry (
        seq bigint NOT NULL UNIQUE, ref_hash text PRIMARY KEY, services json NOT NULL, iss text NOT NULL,
        status_uri text NOT NULL, status_idx integer NOT NULL, removed boolean NOT NULL DEFAULT false
      );
      -- One sequence for a venue's redemption feed and its staff calls: their cursors are separate,
      -- and a venue's writers take it one at a time (the venue's feed lock).
      CREATE SEQUENCE feed_seq;
      -- Each event id once, whatever the retries: at-least-once delivery, exactly-once storage.
      CREATE TABLE events (
        id text PRIMARY KEY, device_id text NOT NULL, venue_id text NOT NULL, type text NOT NULL,
        body json NOT NULL, at double precision NOT NULL, card_ref text,
        feed_seq bigint UNIQUE, received_at double precision NOT NULL
      );
      CREATE INDEX events_staff_calls ON events (venue_id, feed_seq) WHERE type = 'staff_call';
      CREATE INDEX events_scans_at ON events (at) WHERE type = 'scan';
      CREATE TABLE redemptions (
        id text PRIMARY KEY, feed_seq bigint NOT NULL UNIQUE, venue_id text NOT NULL, device_id text NOT NULL,
        card_ref text NOT NULL, offer_id text NOT NULL, at double precision NOT NULL, undone_at double precision
      );
      CREATE INDEX redemptions_feed ON redemptions (venue_id, feed_seq);
      CREATE INDEX redemptions_at ON redemptions (at);
    `);
  },
};
