/**
 * The SQLite backend against the `SyncStorage` contract (test/support/storage-contract.ts): each
 * test gets a new database file, and each connection is its own SqliteSyncStorage on that file,
 * as each server process has its own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteSyncStorage } from '../../server/storage/sqlite-storage';
import { describeStorageContract } from '../support/storage-contract';

describeStorageContract({
  name: 'SQLite',
  async fresh() {
    const dir = mkdtempSync(join(tmpdir(), 'civicpass-storage-contract-'));
    const opened: SqliteSyncStorage[] = [];
    return {
      async connect() {
        const storage = new SqliteSyncStorage(join(dir, 'server.db'));
        opened.push(storage);
        return storage;
      },
      async dispose() {
        for (const storage of opened) await storage.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
});
