/**
 * For the PostgreSQL migration tests: run a prefix of the migration list on a schema, and read
 * back what the schema holds.
 */
import pg from 'pg';
import { migratePostgres } from '../../server/storage/postgres-migrate';
import { POSTGRES_MIGRATIONS } from '../../server/storage/postgres-migrations';
import type { PostgresMigration } from '../../server/storage/postgres-migrations/migration';

/** Runs `work` with one connection to `url` (its search_path included), then closes it. */
export async function withClient<T>(url: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const client = await pool.connect();
  try {
    return await work(client);
  } finally {
    client.release();
    await pool.end();
  }
}

/** Migrates the schema to `version` (the first `version` migrations), or with the list given. */
export async function migrateTo(
  url: string,
  version: number,
  migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS.slice(0, version),
): Promise<void> {
  await withClient(url, (client) => migratePostgres(client, migrations));
}

/** The tables of the connection's current schema, by name. */
export async function tables(client: pg.PoolClient): Promise<string[]> {
  const { rows } = await client.query<{ t: string }>(
    'SELECT tablename AS t FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename COLLATE "C"',
  );
  return rows.map((r) => r.t);
}

/** The indexes of the current schema that are not a primary key or unique constraint's own. */
export async function indexes(client: pg.PoolClient): Promise<string[]> {
  const { rows } = await client.query<{ i: string }>(
    `SELECT indexname AS i FROM pg_indexes WHERE schemaname = current_schema()
       AND indexname NOT IN (SELECT conname FROM pg_constraint) ORDER BY indexname COLLATE "C"`,
  );
  return rows.map((r) => r.i);
}

/** The versions recorded in the schema's version table. */
export async function versions(client: pg.PoolClient): Promise<number[]> {
  const { rows } = await client.query<{ version: number }>('SELECT version FROM civicpass_schema ORDER BY version');
  return rows.map((r) => r.version);
}
