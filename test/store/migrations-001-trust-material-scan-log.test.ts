import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/node/store/migrations/index';
import { columns, freshDatabaseFile, indexes, migratedTo, rowsOf, tables, userVersion } from './migrations-support';

const TABLES = ['meta', 'outbox', 'redemptions', 'registry', 'scan_log', 'settings', 'status_lists', 'trust_material'];

describe('migration 1: trust material, scan log, outbox, settings, redemptions', () => {
  it('creates those tables on a real file, with no column that could hold a card id or name', () => {
    const db = migratedTo(freshDatabaseFile(), 1);
    expect(userVersion(db)).toBe(1);
    expect(tables(db)).toEqual(TABLES);
    expect(indexes(db)).toEqual(['redemptions_card_offer_at', 'scan_log_at']);
    // The scan log has no column that could hold a card id, name or library number.
    expect(columns(db, 'scan_log')).toEqual([
      'id',
      'at',
      'outcome',
      'reason',
      'service',
      'offer',
      'source',
      'latency_ms',
      'kid',
      'trust_seq',
      'card_ref',
    ]);
    // The registry holds keyed hashes only (docs/contract/credential-profile.md §6).
    expect(columns(db, 'registry')).toEqual(['ref_hash', 'services', 'iss', 'status_uri', 'status_idx']);
    expect(() =>
      db.prepare("INSERT INTO trust_material (kind, body, fetched_at, source) VALUES ('key', '{}', 1, 'x')").run(),
    ).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare("INSERT INTO redemptions (id, card_ref, offer_id, at, origin) VALUES ('r', 'c', 'o', 1, 'other')")
        .run(),
    ).toThrow(/CHECK/);
  });

  it('keeps what was written under it through every later migration', () => {
    const path = freshDatabaseFile();
    const db = migratedTo(path, 1);
    db.prepare("INSERT INTO meta (key, value) VALUES ('installed', '2026-01-05')").run();
    db.prepare(
      "INSERT INTO trust_material (kind, body, etag, fetched_at, source) VALUES ('trust_list', 'eyJ.a.b', '\"7\"', 10.5, 'sync')",
    ).run();
    db.prepare(
      "INSERT INTO status_lists (uri, body, fetched_at) VALUES ('https://cards.example/s/1', 'eyJ.c.d', 11)",
    ).run();
    db.prepare(
      "INSERT INTO registry (ref_hash, services, iss, status_uri, status_idx) VALUES ('h1', '[\"library\"]', 'https://cards.example', 'https://cards.example/s/1', 7)",
    ).run();
    db.prepare(
      "INSERT INTO scan_log (id, at, outcome, reason, service, offer, source, latency_ms, kid, trust_seq, card_ref) VALUES ('s1', 12, 'valid', 'ok', 'citysave', 'lunch', 'camera', 4.25, 'k1', 3, 'ref1')",
    ).run();
    db.prepare('INSERT INTO outbox (event_id, body, queued_at) VALUES (\'e1\', \'{"id":"e1"}\', 12)').run();
    db.prepare("INSERT INTO settings (key, value) VALUES ('language', '\"pl\"')").run();
    db.prepare(
      "INSERT INTO redemptions (id, card_ref, offer_id, at, origin) VALUES ('s1', 'ref1', 'lunch', 12, 'own')",
    ).run();
    const before = rowsOf(db, TABLES);
    db.close();

    const later = migratedTo(path, SCHEMA_VERSION);
    expect(userVersion(later)).toBe(SCHEMA_VERSION);
    // Kept as written; later migrations only add columns, empty for old rows (migration 8:
    // whether the library system answered).
    const after = rowsOf(later, TABLES);
    const scanLog = (before['scan_log'] ?? []) as Record<string, unknown>[];
    expect(after).toEqual({ ...before, scan_log: scanLog.map((r) => ({ ...r, lms_answered: null })) });
    expect(before.outbox).toEqual([
      { seq: 1, event_id: 'e1', body: '{"id":"e1"}', queued_at: 12, attempts: 0, last_error: null },
    ]);
  });
});
