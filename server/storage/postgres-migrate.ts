import type pg from 'pg';
import { checkMigrations, StorageSchemaError } from './migrate';
import { POSTGRES_MIGRATIONS } from './postgres-migrations';
import type { PostgresMigration } from './postgres-migrations/migration';
import { lockMigrations } from './postgres-locks';
import { firstConnection, openPool } from './postgres-pool';

/** The table that records which migrations have run: its presence marks a CivicPass database. */
export const VERSION_TABLE = 'civicpass_schema';

async function tableExists(client: pg.PoolClient, name: string): Promise<boolean> {
  const { rows } = await client.query<{ found: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = $1) AS found`,
    [name],
  );
  return rows[0]!.found;
}

/** The highest version recorded, 0 for a schema without the table (refused if it holds others). */
async function currentVersion(client: pg.PoolClient): Promise<number> {
  if (await tableExists(client, VERSION_TABLE)) {
    const { rows } = await client.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${VERSION_TABLE}`);
    return rows[0]!.v ?? 0;
  }
  const { rows } = await client.query<{ tablename: string }>(
    'SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename',
  );
  if (rows.length > 0)
    throw new StorageSchemaError(
      `not a CivicPass server database: its schema has no ${VERSION_TABLE} table and tables the server never made (${rows
        .map((r) => r.tablename)
        .join(', ')})`,
      'not_server_database',
    );
  return 0;
}

/**
 * Brings the database's current schema to the latest version: under a transaction-level
 * advisory lock (so two server processes starting together run each migration once and the
 * second sees the first's work), the version read inside the transaction, a newer one refused,
 * and the pending migrations with their version rows in that one transaction: all or nothing.
 */
export async function migratePostgres(
  client: pg.PoolClient,
  migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS,
): Promise<void> {
  checkMigrations(migrations);
  const latest = migrations.length;
  await client.query('BEGIN');
  try {
    await lockMigrations(client);
    const version = await currentVersion(client);
    if (version > latest)
      throw new StorageSchemaError(
        `the database has schema version ${version}, newer than this server's ${latest}: run the newer server, or restore a backup made by this one`,
        'newer_schema',
      );
    if (version < latest) {
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${VERSION_TABLE} (
           version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      for (const m of migrations.slice(version)) {
        await m.up(client);
        await client.query(`INSERT INTO ${VERSION_TABLE} (version, name) VALUES ($1, $2)`, [m.version, m.name]);
      }
    }
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/**
 * A pool on `url` whose schema is up to date: one clear error for a database that cannot be
 * reached, a newer schema or another program's tables refused, and the pool closed on failure.
 */
export async function openMigratedPool(url: string, maxConnections?: number): Promise<pg.Pool> {
  const pool = openPool(url, maxConnections);
  try {
    const client = await firstConnection(pool, url);
    try {
      await migratePostgres(client);
    } finally {
      client.release();
    }
  } catch (e) {
    await pool.end();
    throw e;
  }
  return pool;
}
