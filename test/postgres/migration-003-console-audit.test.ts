/** PostgreSQL migration 3: the console's audit log, append-only by the database itself. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freshSchema, testDatabase, type TestDatabase } from '../support/postgres';
import { migrateTo, tables, withClient } from '../support/postgres-schema';

let database: TestDatabase;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(async () => {
  await database?.drop();
});

it('makes the audit log, and refuses UPDATE, DELETE and TRUNCATE on it', async () => {
  const url = await freshSchema(database.url);
  await migrateTo(url, 3);
  await withClient(url, async (c) => {
    expect(await tables(c)).toContain('console_audit');
    await c.query(
      "INSERT INTO console_audit (at, actor, action, target, before, after) VALUES (1, 'cli', 'card.revoke', 'c', 'null', '{}')",
    );
    await expect(c.query("UPDATE console_audit SET actor = 'someone else'")).rejects.toThrow(/append-only/);
    await expect(c.query('DELETE FROM console_audit')).rejects.toThrow(/append-only/);
    await expect(c.query('TRUNCATE console_audit')).rejects.toThrow(/append-only/);
    const { rows } = await c.query<{ actor: string }>('SELECT actor FROM console_audit');
    expect(rows).toEqual([{ actor: 'cli' }]);
  });
});
