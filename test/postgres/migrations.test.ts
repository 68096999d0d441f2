/**
 * PostgreSQL's migration runner (server/storage/postgres-migrate.ts): every migration once, in a
 * transaction, recorded in the version table; a newer schema, or a schema of another program's
 * tables, refused; server processes starting together migrate once.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { StorageSchemaError } from '../../server/storage/migrate';
import { POSTGRES_MIGRATIONS } from '../../server/storage/postgres-migrations';
import type { PostgresMigration } from '../../server/storage/postgres-migrations/migration';
import { PostgresSyncStorage } from '../../server/storage/postgres-storage';
import { freshSchema, testDatabase, type TestDatabase } from '../support/postgres';
import { migrateTo, tables, versions, withClient } from '../support/postgres-schema';

const LATEST = POSTGRES_MIGRATIONS.length;
let database: TestDatabase;
let url: string;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(async () => {
  await database?.drop();
});
beforeEach(async () => {
  url = await freshSchema(database.url);
});

async function refusal(promise: Promise<unknown>): Promise<StorageSchemaError> {
  const e: unknown = await promise.then(
    () => null,
    (error: unknown) => error,
  );
  expect(e).toBeInstanceOf(StorageSchemaError);
  return e as StorageSchemaError;
}

describe('PostgreSQL migrations', () => {
  it('an empty schema is brought to the latest version, each migration recorded once; a second open changes nothing', async () => {
    await (await PostgresSyncStorage.open(url)).close();
    await (await PostgresSyncStorage.open(url)).close();
    await withClient(url, async (c) => {
      expect(await versions(c)).toEqual(POSTGRES_MIGRATIONS.map((m) => m.version));
      expect(await tables(c)).toContain('civicpass_schema');
    });
  });

  it('an older schema is brought up to date, its data kept', async () => {
    await migrateTo(url, 1);
    await withClient(url, (c) => c.query("INSERT INTO kv (key, value) VALUES ('deployment', 'kept')"));
    const storage = await PostgresSyncStorage.open(url);
    expect(await storage.getValue('deployment')).toBe('kept');
    await storage.close();
    await withClient(url, async (c) => expect(await versions(c)).toHaveLength(LATEST));
  });

  it('a schema from a newer server is refused, and left as it is', async () => {
    await migrateTo(url, LATEST);
    await withClient(url, (c) =>
      c.query("INSERT INTO civicpass_schema (version, name) VALUES ($1, 'future')", [LATEST + 1]),
    );
    const e = await refusal(PostgresSyncStorage.open(url));
    expect(e.code).toBe('newer_schema');
    expect(e.message).toContain(`schema version ${LATEST + 1}, newer than this server's ${LATEST}`);
  });

  it("a schema of another program's tables is refused, not adopted", async () => {
    await withClient(url, (c) => c.query('CREATE TABLE invoices (id integer)'));
    const e = await refusal(PostgresSyncStorage.open(url));
    expect(e.code).toBe('not_server_database');
    expect(e.message).toContain('invoices');
    await withClient(url, async (c) => expect(await tables(c)).toEqual(['invoices']));
  });

  it('a migration that fails leaves no trace: neither its work nor the ones before it in the run', async () => {
    const failing: PostgresMigration = {
      version: 2,
      name: 'fails halfway',
      async up(client) {
        await client.query('CREATE TABLE half (id integer)');
        await client.query('SELECT no_such_function()');
      },
    };
    await expect(migrateTo(url, 2, [POSTGRES_MIGRATIONS[0]!, failing])).rejects.toThrow(/no_such_function/);
    await withClient(url, async (c) => expect(await tables(c)).toEqual([]));
  });

  it('a list with a gap or a repeat is refused before anything runs', async () => {
    await expect(migrateTo(url, 2, [POSTGRES_MIGRATIONS[0]!, POSTGRES_MIGRATIONS[0]!])).rejects.toThrow(/repeats/);
    await expect(migrateTo(url, 2, [POSTGRES_MIGRATIONS[1]!])).rejects.toThrow(/where 1 belongs/);
    await withClient(url, async (c) => expect(await tables(c)).toEqual([]));
  });

  it('server processes starting together on an empty schema migrate it once', async () => {
    const opened = await Promise.all(Array.from({ length: 5 }, () => PostgresSyncStorage.open(url)));
    await Promise.all(opened.map((s) => s.close()));
    await withClient(url, async (c) => expect(await versions(c)).toEqual(POSTGRES_MIGRATIONS.map((m) => m.version)));
  });
});
