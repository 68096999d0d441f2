import { describe, expect, it } from 'vitest';
import { migrate } from '../../server/storage/migrate';
import { MIGRATIONS } from '../../server/storage/migrations';
import { BASELINE_TABLES } from '../../server/storage/migrations/001-baseline';
import { SqliteSyncStorage } from '../../server/storage/sqlite-storage';
import {
  FIRST_UNNUMBERED_SCHEMA,
  freshServerDatabaseFile,
  indexes,
  LEGACY_CALL_ID,
  LEGACY_NOW,
  LEGACY_SCAN_ID,
  pragma,
  rawDatabase,
  rowsOf,
  tables,
  UNNUMBERED_SCHEMA,
  writeLegacyRows,
} from '../support/server-migrations';

describe('migration 1: the baseline schema', () => {
  it('makes the tables and indexes of the first schema on a new file', () => {
    const db = rawDatabase(freshServerDatabaseFile());
    migrate(db, MIGRATIONS.slice(0, 1));
    expect(pragma(db, 'user_version')).toBe(1);
    expect(tables(db)).toEqual([...BASELINE_TABLES].sort());
    expect(indexes(db)).toEqual(['redemptions_feed', 'registry_seq', 'seen_jti_expires']);
  });

  it.each([
    ['the last unnumbered schema', UNNUMBERED_SCHEMA],
    ['the first unnumbered schema (no staff-call index)', FIRST_UNNUMBERED_SCHEMA],
  ])('adopts a database made by %s (user_version 0), every row kept and usable', async (_what, schema) => {
    const path = freshServerDatabaseFile();
    const legacy = rawDatabase(path);
    legacy.exec(schema);
    writeLegacyRows(legacy);
    const before = rowsOf(legacy, BASELINE_TABLES);
    legacy.close();

    await new SqliteSyncStorage(path).close();
    const adopted = rawDatabase(path);
    expect(pragma(adopted, 'user_version')).toBe(MIGRATIONS.length);
    expect(rowsOf(adopted, BASELINE_TABLES)).toEqual(before);
    expect(indexes(adopted)).toContain('events_by_type');
    adopted.close();

    // The server carries on where the unnumbered one stopped: counters, feeds, replay records.
    const storage = new SqliteSyncStorage(path);
    try {
      expect(await storage.getValue('audience')).toBe('urn:civicpass:sync:legacy');
      expect(await storage.getVenue('bistro')).toMatchObject({ cardRefKey: 'legacy-key' });
      expect(await storage.getDevice('dev_legacy')).toMatchObject({ label: 'Till 1', revokedAt: null });
      expect(await storage.rememberJti('dev_legacy:jti-seen', LEGACY_NOW + 60, LEGACY_NOW)).toBe(false);
      expect(await storage.cardStatuses()).toEqual([{ statusIndex: 1, status: 1 }]);
      expect(await storage.nextStatusIndex()).toBe(2);
      expect(await storage.incrementValue('status_version')).toBe(4);
      expect(await storage.eventCount()).toBe(2);
      expect((await storage.staffCallsSince('bistro', 0, 10)).map((c) => [c.id, c.from])).toEqual([
        [LEGACY_CALL_ID, 'Till 1'],
      ]);
      expect(await storage.consumeEnrolmentCode('unused-hash', LEGACY_NOW)).toBe('bistro');

      await storage.putRegistryEntry({
        refHash: 'new-ref',
        services: ['library'],
        iss: 'https://id.council.example',
        statusUri: 'https://id.council.example/status/1',
        statusIndex: 2,
        removed: false,
      });
      expect((await storage.registryChanges(0, 10)).map((c) => [c.seq, c.refHash])).toEqual([
        [1, 'legacy-ref'],
        [2, 'new-ref'],
      ]);
      const undo = {
        type: 'undo_redemption',
        id: '0190a5b2-0000-7000-8000-000000000003',
        at: new Date((LEGACY_NOW - 30) * 1000).toISOString(),
        undoes: LEGACY_SCAN_ID,
        offer: 'lunch-15',
        cardRef: 'ref-amira',
      } as const;
      expect(await storage.ingestEvents('dev_legacy', 'bistro', [undo], LEGACY_NOW)).toEqual(['accepted']);
      expect(await storage.redemptionsSince('bistro', 1, 10)).toMatchObject([
        { id: LEGACY_SCAN_ID, seq: 2, undoneAt: LEGACY_NOW - 30 },
      ]);
    } finally {
      await storage.close();
    }
  });

  it('adopts an unnumbered schema left half made (a server stopped while creating it)', async () => {
    const path = freshServerDatabaseFile();
    const legacy = rawDatabase(path);
    legacy.exec(UNNUMBERED_SCHEMA.slice(0, UNNUMBERED_SCHEMA.indexOf('CREATE TABLE IF NOT EXISTS enrolment_codes')));
    legacy.exec("INSERT INTO kv (key, value) VALUES ('audience', 'urn:civicpass:sync:half')");
    legacy.close();

    const storage = new SqliteSyncStorage(path);
    expect(await storage.getValue('audience')).toBe('urn:civicpass:sync:half');
    await storage.close();
    // Every baseline table made, and then the later migrations' own (3-5: the console's).
    const later = ['console_audit', 'console_sessions', 'console_sign_in_failures', 'console_users', 'device_health'];
    expect(tables(rawDatabase(path))).toEqual([...BASELINE_TABLES, ...later].sort());
  });
});
