import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { Deployment } from './deployment';
import { StorageSchemaError } from './storage/migrate';
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

/** Opens a server data directory: its SQLite storage and its deployment (if initialised). */
export async function openServerData(
  dataDir: string,
): Promise<{ dir: string; storage: SyncStorage; deployment: Deployment | null }> {
  const dir = resolve(dataDir);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new ServerDataError(`cannot use ${dir} as the server's data directory: ${(e as Error).message}`, 'data_dir');
  }
  let storage: SyncStorage;
  try {
    storage = new SqliteSyncStorage(join(dir, 'server.db'));
  } catch (e) {
    // Not a database, another program's, or one from a newer server: the operator's to sort out.
    if (!(e instanceof Database.SqliteError || e instanceof StorageSchemaError)) throw e;
    throw new ServerDataError(`cannot open the server database ${join(dir, 'server.db')}: ${e.message}`, 'database');
  }
  try {
    const deployment = (await Deployment.isInitialised(storage)) ? await Deployment.open(dir, storage) : null;
    return { dir, storage, deployment };
  } catch (e) {
    await storage.close();
    throw e;
  }
}
