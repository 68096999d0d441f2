/**
 * Fixtures for the server migration tests: the schema the reference server made before its
 * migrations were numbered, verbatim (server/storage/sqlite-storage.ts at commit 33b85ab; the
 * first version, dc7ce1b, lacked only `events_by_type`), and rows such a server wrote.
 * Databases made by it have `user_version` 0 and must be adopted without losing a row.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { onTestFinished } from 'vitest';

export const UNNUMBERED_SCHEMA = `
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
  CREATE INDEX IF NOT EXISTS events_by_type ON events (venue_id, type);
`;

/** The first unnumbered schema, before the staff-call index. */
export const FIRST_UNNUMBERED_SCHEMA = UNNUMBERED_SCHEMA.replace(
  'CREATE INDEX IF NOT EXISTS events_by_type ON events (venue_id, type);',
  '',
);

/** A path for a new `server.db` in a folder of its own, removed when the test ends. */
export function freshServerDatabaseFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'civicpass-server-migration-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'server.db');
}

/** Opens a database file directly (no migrations), closed when the test ends. */
export function rawDatabase(path: string): Database.Database {
  const db = new Database(path);
  onTestFinished(() => {
    if (db.open) db.close();
  });
  return db;
}

export const LEGACY_NOW = 1_790_000_000;
export const LEGACY_SCAN_ID = '0190a5b2-0000-7000-8000-000000000001';
export const LEGACY_CALL_ID = '0190a5b2-0000-7000-8000-000000000002';

/** A deployment's worth of rows, as the unnumbered server wrote them (every table has some). */
export function writeLegacyRows(db: Database.Database): void {
  const at = new Date((LEGACY_NOW - 60) * 1000).toISOString();
  db.exec(`
    INSERT INTO kv (key, value) VALUES
      ('deployment', '{"issuer":"https://id.council.example","trustAuthority":"https://trust.council.example","name":"Council"}'),
      ('audience', 'urn:civicpass:sync:legacy'),
      ('registry_seq', '1'),
      ('redemption_seq', '1'),
      ('status_version', '3');
    INSERT INTO venues (id, config, card_ref_key) VALUES ('bistro', '{"venueId":"bistro","name":"Bistro"}', 'legacy-key');
    INSERT INTO enrolment_codes (code_hash, venue_id, expires_at) VALUES ('unused-hash', 'bistro', ${LEGACY_NOW + 86400});
    INSERT INTO devices (id, venue_id, public_jwk, label, enrolled_at, revoked_at)
      VALUES ('dev_legacy', 'bistro', '{"kty":"OKP","crv":"Ed25519","x":"abc"}', 'Till 1', ${LEGACY_NOW - 3600}, NULL);
    INSERT INTO seen_jti (jti, expires_at) VALUES ('dev_legacy:jti-seen', ${LEGACY_NOW + 60});
    INSERT INTO cards (id, status_idx, status, services, library_number) VALUES ('card_legacy', 1, 1, '["library"]', '29876000000017');
    INSERT INTO registry (seq, ref_hash, services, iss, status_uri, status_idx, removed)
      VALUES (1, 'legacy-ref', '["library"]', 'https://id.council.example', 'https://id.council.example/status/1', 1, 0);
  `);
  const scan = {
    type: 'scan',
    id: LEGACY_SCAN_ID,
    at,
    service: 'citysave',
    offer: 'lunch-15',
    outcome: 'valid',
    reason: 'ok',
    source: 'hid',
    cardRef: 'ref-amira',
    kid: null,
    trustSeq: 1,
    latencyMs: 9,
  };
  const call = { type: 'staff_call', id: LEGACY_CALL_ID, at };
  const insertEvent = db.prepare(
    'INSERT INTO events (id, device_id, venue_id, type, body, received_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  insertEvent.run(scan.id, 'dev_legacy', 'bistro', 'scan', JSON.stringify(scan), LEGACY_NOW);
  insertEvent.run(call.id, 'dev_legacy', 'bistro', 'staff_call', JSON.stringify(call), LEGACY_NOW);
  db.prepare(
    'INSERT INTO redemptions (id, feed_seq, venue_id, device_id, card_ref, offer_id, at) VALUES (?, 1, ?, ?, ?, ?, ?)',
  ).run(scan.id, 'bistro', 'dev_legacy', 'ref-amira', 'lunch-15', LEGACY_NOW - 60);
}

/** Every row of each table, ordered by the first column: to compare before and after. */
export function rowsOf(db: Database.Database, tables: readonly string[]): Record<string, unknown[]> {
  return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all()]));
}

/** The named indexes (not the ones SQLite makes for keys), sorted. */
export function indexes(db: Database.Database): string[] {
  return db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_schema WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all()
    .map((r) => r.name);
}

/** The tables, sorted, without SQLite's own. */
export function tables(db: Database.Database): string[] {
  return db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all()
    .map((r) => r.name);
}

export const pragma = (db: Database.Database, name: 'user_version' | 'application_id'): number =>
  Number(db.pragma(name, { simple: true }));
