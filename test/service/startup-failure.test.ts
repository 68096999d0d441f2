/**
 * A terminal that cannot start is out of order in words, never a blank kiosk: each cause is told
 * apart, the cause goes to the terminal's log, every operation refuses with `not_started` and the
 * problem, and the browser host serves that over real HTTP.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ARGUMENT_SCHEMAS, type OperationName } from '../../src/contract/terminal-api';
import { BrowserHost } from '../../src/host/browser-host';
import { openTerminalForHost } from '../../src/service/open-terminal';

/** A data directory with a terminal database in it, closed again. */
async function startedOnce(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'civicpass-startup-'));
  const opened = await openTerminalForHost({ dataDir, autoSync: false }, () => undefined);
  expect(opened.ok).toBe(true);
  await opened.service!.close();
  return dataDir;
}

async function open(dataDir: string) {
  const reports: string[] = [];
  const opened = await openTerminalForHost({ dataDir, autoSync: false }, (line) => reports.push(line));
  if (opened.service) onTestFinished(() => opened.service.close());
  return { opened, reports };
}

const logOf = (dataDir: string): string => readFileSync(join(dataDir, 'logs', 'terminal.log'), 'utf8');

describe('a terminal that cannot start', () => {
  it('a database from a newer version: database_newer, the file left as it is, the cause logged', async () => {
    const dataDir = await startedOnce();
    const db = new Database(join(dataDir, 'terminal.db'));
    db.pragma('user_version = 99');
    db.close();
    const { opened, reports } = await open(dataDir);
    expect(opened.ok).toBe(false);
    expect(opened.api).toMatchObject({ problem: 'database_newer' });
    expect(reports.join()).toMatch(/could not start \(database_newer\): .*schema version 99/);
    expect(logOf(dataDir)).toMatch(/"event":"start_failed".*schema version 99/);
    expect(existsSync(join(dataDir, 'terminal.db'))).toBe(true);
    // Every operation answers the same refusal, with the problem for the screen.
    for (const op of Object.keys(ARGUMENT_SCHEMAS) as OperationName[]) {
      const call = (opened.api as unknown as Record<string, (a?: unknown) => Promise<unknown>>)[op]!;
      await expect(call({})).rejects.toMatchObject({ code: 'not_started', detail: 'database_newer' });
    }
    expect(() => opened.api.subscribe(() => undefined)()).not.toThrow();
  });

  it('a damaged database: database_damaged, moved aside and kept', async () => {
    const dataDir = await startedOnce();
    writeFileSync(join(dataDir, 'terminal.db'), 'scribbled over by a failing disk'.repeat(200));
    const { opened } = await open(dataDir);
    expect(opened.api).toMatchObject({ problem: 'database_damaged' });
    expect(readdirSync(dataDir).filter((f) => f.startsWith('terminal.db.corrupt-'))).toHaveLength(1);
    // The next start makes a new database and works.
    const again = await open(dataDir);
    expect(again.opened.ok).toBe(true);
  });

  it('an update of the database that fails: database_update_failed, rolled back, not moved aside', async () => {
    const dataDir = await startedOnce();
    const db = new Database(join(dataDir, 'terminal.db'));
    db.pragma('user_version = 1');
    db.close();
    const { opened } = await open(dataDir);
    expect(opened.api).toMatchObject({ problem: 'database_update_failed' });
    expect(readdirSync(dataDir).filter((f) => f.includes('.corrupt-'))).toEqual([]);
  });

  it('keys sealed by a system key store that is not there: keys_unavailable', async () => {
    const dataDir = await startedOnce();
    writeFileSync(join(dataDir, 'secrets.sealed'), Buffer.from([1, 2, 3]));
    const { opened } = await open(dataDir);
    expect(opened.api).toMatchObject({ problem: 'keys_unavailable' });
  });

  it('a data folder that cannot be used (a file in its place): data_unreadable', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'civicpass-startup-'));
    writeFileSync(join(parent, 'terminal'), 'not a folder');
    const { opened, reports } = await open(join(parent, 'terminal'));
    expect(opened.api).toMatchObject({ problem: 'data_unreadable' });
    expect(reports).toHaveLength(1);
  });

  it('the browser host serves the refusal over HTTP, so the page can say why', async () => {
    const dataDir = await startedOnce();
    const db = new Database(join(dataDir, 'terminal.db'));
    db.pragma('user_version = 99');
    db.close();
    const { opened } = await open(dataDir);
    const site = mkdtempSync(join(tmpdir(), 'civicpass-site-'));
    mkdirSync(site, { recursive: true });
    writeFileSync(join(site, 'index.html'), '<!doctype html><title>kiosk</title>');
    const host = new BrowserHost({ api: opened.api, staticDir: site });
    const { origin } = await host.listen();
    onTestFinished(() => host.close());
    const body = await new Promise<string>((resolve, reject) => {
      const req = request(
        new URL('/api/call/getStatus', origin),
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-civicpass-secret': host.secret },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (d: string) => (text += d));
          res.on('end', () => resolve(text));
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({}));
    });
    expect(JSON.parse(body)).toMatchObject({
      ok: false,
      error: { code: 'not_started', detail: 'database_newer' },
    });
  });
});

describe('the start-up problem of an error', () => {
  it('a full disk anywhere in the causes is storage_full, before what wrapped it', async () => {
    const { startupProblemOf } = await import('../../src/service/startup-problem');
    const { DatabaseOpenError } = await import('../../src/node/store/database');
    const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    expect(startupProblemOf(new DatabaseOpenError('migration 6 could not run', 'migration_failed', null, full))).toBe(
      'storage_full',
    );
    expect(startupProblemOf(Object.assign(new Error('no space'), { code: 'ENOSPC' }))).toBe('storage_full');
    expect(startupProblemOf(new Error('something else'))).toBe('failed');
    expect(startupProblemOf('not even an error')).toBe('failed');
  });
});

describe('a device key the terminal cannot unseal', () => {
  it('is a key-store problem (keys_unavailable), not a missing file', async () => {
    const { loadDeviceKey } = await import('../../src/node/sync/device-identity');
    const { SecretVaultError } = await import('../../src/node/secrets/secret-vault');
    const { startupProblemOf } = await import('../../src/service/startup-problem');
    const dataDir = mkdtempSync(join(tmpdir(), 'civicpass-startup-'));
    writeFileSync(join(dataDir, 'device-key.sealed'), Buffer.from([9, 9, 9]));
    const noStore = await loadDeviceKey(dataDir).catch((e: unknown) => e);
    expect(noStore).toBeInstanceOf(SecretVaultError);
    expect(startupProblemOf(noStore)).toBe('keys_unavailable');
    const broken = {
      available: true,
      encrypt: (b: Buffer) => b,
      decrypt: () => {
        throw new Error('the key store refused');
      },
    };
    const refused = await loadDeviceKey(dataDir, broken).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SecretVaultError);
    expect((refused as Error).message).toMatch(/cannot be unsealed: the key store refused/);
  });
});
