/**
 * The PostgreSQL backend against the same `SyncStorage` contract as SQLite
 * (test/support/storage-contract.ts). The file has its own database; each test a new schema in
 * it, and each connection is its own PostgresSyncStorage (its own pool), as each server process
 * has its own, so the contract's races really race.
 */
import { afterAll, beforeAll } from 'vitest';
import { PostgresSyncStorage } from '../../server/storage/postgres-storage';
import { describeStorageContract } from '../support/storage-contract';
import { freshSchema, testDatabase, type TestDatabase } from '../support/postgres';

let database: TestDatabase;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(async () => {
  await database?.drop();
});

describeStorageContract({
  name: 'PostgreSQL',
  async fresh() {
    const url = await freshSchema(database.url);
    const opened: PostgresSyncStorage[] = [];
    return {
      async connect() {
        const storage = await PostgresSyncStorage.open(url, { maxConnections: 4 });
        opened.push(storage);
        return storage;
      },
      async dispose() {
        // A test may have closed one already (the connections test): ending a pool twice throws.
        await Promise.all(opened.map((s) => s.close().catch(() => undefined)));
      },
    };
  },
});
