/**
 * The command line on PostgreSQL (issue 14): `--database` (or `CIVICPASS_DATABASE_URL`) on
 * `civicpass serve` and `civicpass admin`, the keys staying in the data directory, `admin stats`
 * on both backends, and one-line usage errors (exit 2) for a URL that is wrong or unreachable,
 * never showing its password. Real child processes, as an operator runs them.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEnrolmentCode } from '../../server/admin/demo-setup';
import { PostgresSyncStorage } from '../../server/storage/postgres-storage';
import { SqliteSyncStorage } from '../../server/storage/sqlite-storage';
import { TerminalService } from '../../src/service/terminal-service';
import { CLI_ARGV, ROOT, runCli, type CliRun } from '../support/cli';
import { freshSchema, testDatabase, type TestDatabase } from '../support/postgres';
import { withClient } from '../support/postgres-schema';

let database: TestDatabase;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(async () => {
  await database?.drop();
});

function expectUsageError(run: CliRun, message: RegExp, secret?: string): void {
  const context = `${run.stdout}\n${run.stderr}`;
  expect(run.status, context).toBe(2);
  expect(run.lines, context).toHaveLength(1);
  expect(run.lines[0], context).toMatchObject({ error: 'database' });
  expect(String(run.lines[0]!['message']), context).toMatch(message);
  expect(run.stderr, context).not.toMatch(/\n\s+at /);
  if (secret !== undefined) expect(context).not.toContain(secret);
}

/** `civicpass serve` until it prints where it listens; answers the line and a stop. */
async function serve(args: string[]): Promise<{ line: Record<string, unknown>; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [...CLI_ARGV, 'serve', '--port', '0', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const line = await new Promise<Record<string, unknown>>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const first = out.split('\n')[0]!;
      if (out.includes('\n')) resolve(JSON.parse(first) as Record<string, unknown>);
    });
    child.once('exit', () => reject(new Error(`serve exited: ${stderr}`)));
  });
  return {
    line,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

describe('civicpass on PostgreSQL', () => {
  it('serve keeps its data in the database and its keys on disk; a terminal enrols and syncs; admin stats counts', async () => {
    const url = await freshSchema(database.url);
    const dir = mkdtempSync(join(tmpdir(), 'civicpass-pg-serve-'));
    const server = await serve(['--data-dir', dir, '--database', url]);
    const terminal = await TerminalService.open({
      dataDir: mkdtempSync(join(tmpdir(), 'civicpass-t-')),
      autoSync: false,
    });
    try {
      expect(server.line['storage']).toBe('postgresql');
      const storage = await PostgresSyncStorage.open(url);
      const code = await makeEnrolmentCode(storage, 'demo-library', Date.now() / 1000);
      await storage.close();
      await terminal.admin.enrol(String(server.line['listening']), code, 'Desk');
      await terminal.submit({ text: readFileSync(join(dir, 'cards', 'valid.token'), 'utf8').trim(), source: 'hid' });
      await terminal.admin.runSync();
    } finally {
      await terminal.close();
      await server.stop();
    }
    // The private keys are files in the data directory; no SQLite file was made there.
    expect(existsSync(join(dir, 'server.db'))).toBe(false);
    expect(readdirSync(join(dir, 'keys')).length).toBeGreaterThan(0);
    await withClient(url, async (c) => {
      const { rows } = await c.query<{ value: string }>('SELECT value FROM kv');
      // A private JWK has "d"; the database holds public keys and signed documents only.
      expect(rows.filter((r) => r.value.includes('"d":'))).toEqual([]);
    });

    // The environment variable serves as --database.
    const stats = await runCli(['admin', 'stats', '--data-dir', dir], '', { CIVICPASS_DATABASE_URL: url });
    expect(stats.status, stats.stderr).toBe(0);
    expect(stats.lines[0]).toMatchObject({ terminals: 1, cardsSeen: 1, redemptions: 0 });
    expect(stats.lines[0]!['events']).toBeGreaterThanOrEqual(1);
    expect(stats.lines[0]!['cardsIssued']).toBeGreaterThanOrEqual(1);
  });

  it('admin stats prints the same counts from SQLite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'civicpass-sqlite-stats-'));
    const storage = new SqliteSyncStorage(join(dir, 'server.db'));
    await storage.putVenue({ id: 'desk', config: {}, cardRefKey: 'k' });
    await storage.addDevice({ id: 'd1', venueId: 'desk', publicJwk: {}, label: 'D', enrolledAt: 0, revokedAt: null });
    await storage.close();
    const run = await runCli(['admin', 'stats', '--data-dir', dir], '', { CIVICPASS_DATABASE_URL: '' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.lines).toEqual([
      {
        venues: 1,
        terminals: 1,
        terminalsRevoked: 0,
        events: 0,
        redemptions: 0,
        redemptionsUndone: 0,
        cardsIssued: 0,
        cardsSeen: 0,
        overlappingRedemptions: 0,
      },
    ]);
  });

  it('a wrong, unreachable or newer database is one line, exit status 2, without its password', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'civicpass-pg-errors-'));
    const newer = await freshSchema(database.url);
    await (await PostgresSyncStorage.open(newer)).close();
    await withClient(newer, (c) => c.query("INSERT INTO civicpass_schema (version, name) VALUES (999, 'future')"));
    const runs = await Promise.all([
      runCli(['admin', 'stats', '--data-dir', dir, '--database', 'mysql://root:hunter2@db.example/x']),
      runCli(['admin', 'init', '--data-dir', dir, '--database', 'hunter2 is not a url']),
      runCli(['serve', '--data-dir', dir, '--database', 'postgres://civicpass:hunter2@127.0.0.1:1/civicpass']),
    ]);
    expectUsageError(runs[0], /is not a PostgreSQL URL/, 'hunter2');
    expectUsageError(runs[1], /^--database is not a URL/, 'hunter2');
    expectUsageError(
      runs[2],
      /^cannot connect to the database postgres:\/\/civicpass:\*\*\*@127\.0\.0\.1:1\//,
      'hunter2',
    );
    expectUsageError(
      await runCli(['admin', 'stats', '--data-dir', dir, '--database', newer]),
      /newer than this server's/,
    );
  });
});
