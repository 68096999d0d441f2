/** PostgreSQL migration 1: the sync server's tables, their constraints and the feed sequences. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freshSchema, testDatabase, type TestDatabase } from '../support/postgres';
import { indexes, migrateTo, tables, withClient } from '../support/postgres-schema';

let database: TestDatabase;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(async () => {
  await database?.drop();
});

it('makes the sync tables, indexes and sequences; ids, status indexes and feed seqs are unique', async () => {
  const url = await freshSchema(database.url);
  await migrateTo(url, 1);
  await withClient(url, async (c) => {
    expect(await tables(c)).toEqual([
      'cards',
      'civicpass_schema',
      'devices',
      'enrolment_codes',
      'events',
      'kv',
      'redemptions',
      'registry',
      'seen_jti',
      'venues',
    ]);
    expect(await indexes(c)).toEqual([
      'events_scans_at',
      'events_staff_calls',
      'redemptions_at',
      'redemptions_feed',
      'seen_jti_expires',
    ]);
    const { rows } = await c.query<{ s: string }>(
      'SELECT sequencename AS s FROM pg_sequences WHERE schemaname = current_schema() ORDER BY 1',
    );
    expect(rows.map((r) => r.s)).toEqual(['feed_seq', 'registry_seq']);
    await c.query("INSERT INTO venues (id, config, card_ref_key) VALUES ('v', '{}', 'k')");
    await expect(c.query("INSERT INTO devices VALUES ('d', 'nowhere', '{}', 'l', 0, NULL)")).rejects.toThrow(
      /foreign key/,
    );
    await c.query(`INSERT INTO cards (id, status_idx, services) VALUES ('c1', 1, '[]')`);
    await expect(c.query(`INSERT INTO cards (id, status_idx, services) VALUES ('c2', 1, '[]')`)).rejects.toThrow(
      /unique/,
    );
    await c.query(`INSERT INTO redemptions VALUES ('r1', 5, 'v', 'd', 'ref', 'o', 0, NULL)`);
    await expect(c.query(`INSERT INTO redemptions VALUES ('r2', 5, 'v', 'd', 'ref', 'o', 0, NULL)`)).rejects.toThrow(
      /unique/,
    );
  });
});
