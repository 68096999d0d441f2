/**
 * 100,000 queued events pushed to the local reference server (batches of 500 over HTTP on
 * 127.0.0.1): total time and events/s. Then the server's ingest rate alone (validation-free
 * storage calls), and a bare SQLite insert of the same rows as the baseline.
 * Targets (issue): push <= 15 s, ingest >= 10,000 events/s. Run: npx tsx bench/sync-push.ts [count]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { ScanEvent } from '../src/core/sync-protocol';
import { openDatabase } from '../src/node/store/database';
import { ScanStore } from '../src/node/store/scan-store';
import { uuid7 } from '../src/node/store/uuid7';
import { SqliteSyncStorage } from '../server/storage/sqlite-storage';
import { enrolledTerminal, startServer } from '../test/support/sync-server';
import { fmt, printTable } from './support';

const COUNT = Number(process.argv[2] ?? 100_000);
const server = await startServer();
const t = await enrolledTerminal(server);

const events: ScanEvent[] = [];
const start = Date.now();
for (let i = 0; i < COUNT; i++) {
  events.push({
    type: 'scan',
    id: uuid7(start + i),
    at: new Date(start + i).toISOString(),
    service: 'library',
    offer: null,
    outcome: 'valid',
    reason: 'ok',
    source: 'hid',
    cardRef: 'A'.repeat(43),
    kid: 'kid',
    trustSeq: 1,
    latencyMs: 0.7,
  });
}
// Queue them through the terminal's own write path (log + outbox in one transaction each), on a
// second connection to the terminal's database file as a second writer process would.
const writer = openDatabase(join(t.dataDir, 'terminal.db'));
const queue = new ScanStore(writer, { ref: (id) => id }); // refs are already in the events;
for (const e of events) queue.recordScan(e, Date.parse(e.at) / 1000, null);
writer.close();

const pushStart = performance.now();
const summary = await t.service.admin.runSync();
const pushMs = performance.now() - pushStart;
if (summary.pushed.accepted !== COUNT || summary.pushed.remaining !== 0)
  throw new Error(`pushed ${JSON.stringify(summary.pushed)}`);
await t.service.close();
await server.close();

// Server ingest alone: the storage call the HTTP handler makes, batches of 500, fresh database.
const storage = new SqliteSyncStorage(join(mkdtempSync(join(tmpdir(), 'civicpass-bench-ingest-')), 'server.db'));
await storage.putVenue({ id: 'v', config: {}, cardRefKey: 'k' });
const ingestStart = performance.now();
for (let i = 0; i < COUNT; i += 500)
  await storage.ingestEvents('dev', 'v', events.slice(i, i + 500), Date.now() / 1000);
const ingestMs = performance.now() - ingestStart;
await storage.close();

// Baseline: a bare insert of the same rows into a one-table database, same batches.
const bare = new Database(join(mkdtempSync(join(tmpdir(), 'civicpass-bench-bare-')), 'bare.db'));
bare.pragma('journal_mode = WAL');
bare.pragma('synchronous = NORMAL');
bare.exec('CREATE TABLE events (id TEXT PRIMARY KEY, body TEXT NOT NULL)');
const insert = bare.prepare('INSERT INTO events (id, body) VALUES (?, ?)');
const batch = bare.transaction((rows: ScanEvent[]) => {
  for (const e of rows) insert.run(e.id, JSON.stringify(e));
});
const bareStart = performance.now();
for (let i = 0; i < COUNT; i += 500) batch(events.slice(i, i + 500));
const bareMs = performance.now() - bareStart;
bare.close();

const rate = (ms: number): number => (COUNT / ms) * 1000;
printTable(
  `Sync push of ${COUNT.toLocaleString('en-GB')} queued events (client and server in one process, 127.0.0.1)`,
  [
    {
      run: 'baseline: bare SQLite insert, batches of 500',
      seconds: fmt(bareMs / 1000, 2),
      'events/s': fmt(rate(bareMs), 0),
      ratio: '1.00',
      target: '-',
    },
    {
      run: 'server ingest alone (storage, batches of 500)',
      seconds: fmt(ingestMs / 1000, 2),
      'events/s': fmt(rate(ingestMs), 0),
      ratio: fmt(ingestMs / bareMs, 2),
      target: '>= 10,000 events/s',
    },
    {
      run: 'terminal push over HTTP (validate, store, settle)',
      seconds: fmt(pushMs / 1000, 2),
      'events/s': fmt(rate(pushMs), 0),
      ratio: fmt(pushMs / bareMs, 2),
      target: '<= 15 s',
    },
  ],
);
