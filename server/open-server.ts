import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { makeDirectory } from '../src/node/make-directory';
import { Deployment } from './deployment';
import { StorageSchemaError } from './storage/migrate';
import { PostgresSyncStorage } from './storage/postgres-storage';
import { DatabaseUrlError, redactedUrl } from './storage/postgres-url';
import { SqliteSyncStorage } from './storage/sqlite-storage';
import type { SyncStorage } from './storage/sync-storage';

/**
 * A server data directory that cannot be used as given (a file where a directory should be, a
 * database that is not one): the operator's to fix, so the command line says so in one line.
 */
export class ServerDataError extends Error {
  constructor(
    message: string,
    readonly code: 'data_dir' | 'database',
  ) {
    super(message);
  }
}

/** Which database the server's storage is in (never the URL: it may hold a password). */
export type StorageKind = 'sqlite' | 'postgresql';

async function openPostgres(url: string): Promise<SyncStorage> {
  try {
    return await PostgresSyncStorage.open(url);
  } catch (e) {
    // Unreachable, refused, another program's schema or a newer server's: the operator's to sort out.
    if (e instanceof DatabaseUrlError) throw new ServerDataError(e.message, 'database');
    if (e instanceof StorageSchemaError)
      throw new ServerDataError(`cannot use the database ${redactedUrl(url)}: ${e.message}`, 'database');
    throw e;
  }
}

function openSqlite(dir: string): SyncStorage {
  try {
    return new SqliteSyncStorage(join(dir, 'server.db'));
  } catch (e) {
    // Not a database, another program's, or one from a newer server: the operator's to sort out.
    if (!(e instanceof Database.SqliteError || e instanceof StorageSchemaError)) throw e;
    throw new ServerDataError(`cannot open the server database ${join(dir, 'server.db')}: ${e.message}`, 'database');
  }
}

/**
 * Opens a server data directory and its storage: PostgreSQL at `database` when given (a checked
 * URL, server/storage/postgres-url.ts), else SQLite in `server.db` beside the keys. The keys stay
 * in the directory either way, never in the database; the deployment is there if initialised.
 */
export async function openServerData(
  dataDir: string,
  options: { database?: string | null } = {},
): Promise<{ dir: string; storage: SyncStorage; deployment: Deployment | null; kind: StorageKind }> {
  const dir = resolve(dataDir);
  try {
    makeDirectory(dir);
  } catch (e) {
    throw new ServerDataError(`cannot use ${dir} as the server's data directory: ${(e as Error).message}`, 'data_dir');
  }
  const database = options.database ?? null;
  const storage = database === null ? openSqlite(dir) : await openPostgres(database);
  try {
    const deployment = (await Deployment.isInitialised(storage)) ? await Deployment.open(dir, storage) : null;
    return { dir, storage, deployment, kind: database === null ? 'sqlite' : 'postgresql' };
  } catch (e) {
    await storage.close();
    throw e;
  }
}
