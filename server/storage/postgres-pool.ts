import pg from 'pg';
import { DatabaseUrlError, redactedUrl } from './postgres-url';

/**
 * `bigint` columns (feed seqs, counts, ids) as JavaScript numbers: pg answers them as strings by
 * default, since they may pass 2^53; ours never will (a billion events a year for millions of
 * years), and the storage interface speaks numbers.
 */
const INT8_OID = 20;
const types: pg.CustomTypesConfig = {
  getTypeParser: (id: number, format?: 'text' | 'binary'): unknown =>
    id === INT8_OID ? (v: string) => Number(v) : (pg.types.getTypeParser(id, format) as unknown),
};

/** A pool for one server process; `max` connections at most, each opened when needed. */
export function openPool(url: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, types, connectionTimeoutMillis: 10_000 });
  // An idle connection the server drops (a restart, a failover) is replaced at the next query;
  // without a listener its error would end the process.
  pool.on('error', () => undefined);
  return pool;
}

/**
 * A first connection, so that a wrong host, port, database or password is one clear line at
 * start-up, not a failure at the first terminal's request. The caller releases it.
 */
export async function firstConnection(pool: pg.Pool, url: string): Promise<pg.PoolClient> {
  try {
    return await pool.connect();
  } catch (e) {
    throw new DatabaseUrlError(`cannot connect to the database ${redactedUrl(url)}: ${(e as Error).message}`);
  }
}

/**
 * Runs `work` in one transaction on one connection: committed when it resolves, rolled back
 * when it throws (and the error passed on).
 */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A connection whose ROLLBACK failed is in an unknown state: dropped, not given back.
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (e) {
    await client.query('ROLLBACK').catch((rollback: unknown) => {
      broken = rollback instanceof Error ? rollback : new Error(String(rollback));
    });
    throw e;
  } finally {
    client.release(broken);
  }
}

/** Rows changed by a statement (pg answers null for statements that change none by nature). */
export const changed = (result: pg.QueryResult): number => result.rowCount ?? 0;
