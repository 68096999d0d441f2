import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Deployment } from './deployment';
import { SqliteSyncStorage } from './storage/sqlite-storage';
import type { SyncStorage } from './storage/sync-storage';

/** Opens a server data directory: its SQLite storage and its deployment (if initialised). */
export async function openServerData(
  dataDir: string,
): Promise<{ dir: string; storage: SyncStorage; deployment: Deployment | null }> {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const storage = new SqliteSyncStorage(join(dir, 'server.db'));
  try {
    return { dir, storage, deployment: Deployment.isInitialised(storage) ? await Deployment.open(dir, storage) : null };
  } catch (e) {
    storage.close();
    throw e;
  }
}
