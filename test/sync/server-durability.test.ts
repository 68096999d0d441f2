/**
 * Issue 10 item 11: an event the server answered `accepted` is durable. The terminal deletes it
 * on that answer, so the server's commit must survive a power failure: synchronous=FULL.
 */
import { expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteSyncStorage } from '../../server/storage/sqlite-storage';

it('the server database runs in WAL mode with synchronous=FULL (2)', async () => {
  const storage = new SqliteSyncStorage(join(mkdtempSync(join(tmpdir(), 'civicpass-durable-')), 'server.db'));
  expect(storage.durability()).toEqual({ journalMode: 'wal', synchronous: 2 });
  await storage.close();
});
