/**
 * A real PostgreSQL for the tests that need one (issue 14), started at most once per run.
 *
 * - `CIVICPASS_TEST_DATABASE_URL` set: that server is used (its role must be allowed to
 *   CREATE DATABASE); nothing is started.
 * - Otherwise the first test file that asks starts a throwaway cluster: `initdb` into a temporary
 *   folder, `pg_ctl start` on a spare port on 127.0.0.1 with its socket in that folder, fsync off
 *   (a test database need not survive a power cut). Run as root (as CI is), the cluster runs as
 *   the existing `postgres` user, since PostgreSQL refuses to run as root. The other test files
 *   (other workers) wait for it and use it; the global setup's teardown stops it and removes
 *   the folder when the run ends.
 * - Neither possible: the test file fails with one line saying how to run it. Never skipped,
 *   so CI cannot pass without having run them.
 *
 * Each test file gets its own database (`testDatabase`), dropped at its end; within it each test
 * may take a fresh schema (`freshSchema`), much cheaper than a database per test.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const HOME_ENV = 'CIVICPASS_TEST_PG_HOME';
const HOW =
  'PostgreSQL tests need a server: set CIVICPASS_TEST_DATABASE_URL=postgres://USER:PASSWORD@HOST:PORT/DB (a role allowed to CREATE DATABASE), or install PostgreSQL (apt-get install postgresql) so initdb and pg_ctl are on PATH';

/** One line, no stack: what is missing and how to run these tests. */
function cannotRun(why: string): Error {
  const e = new Error(`${HOW} (${why})`);
  e.stack = e.message;
  return e;
}

function findBinary(name: string): string | null {
  const dirs = (process.env['PATH'] ?? '').split(':').filter(Boolean);
  for (const dir of dirs) if (existsSync(join(dir, name))) return join(dir, name);
  const debian = spawnSync('sh', ['-c', `ls -d /usr/lib/postgresql/*/bin/${name} 2>/dev/null | sort -V | tail -1`], {
    encoding: 'utf8',
  });
  return debian.stdout.trim() || null;
}

/** Root runs the cluster as `postgres` (which must exist: these tests never create users). */
function runAs(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0) throw cannotRun('running as root, and there is no postgres user to run the cluster as');
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function run(binary: string, args: string[], as: { uid: number; gid: number } | null, cwd: string): void {
  try {
    execFileSync(binary, args, { stdio: 'pipe', cwd, ...(as ? { uid: as.uid, gid: as.gid } : {}) });
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    throw new Error(`${binary} ${args.join(' ')}: ${err.stderr?.toString().trim() || err.message}`, { cause: e });
  }
}

async function sparePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** initdb and pg_ctl start in `home`; answers the superuser's URL. */
async function startCluster(home: string): Promise<string> {
  const initdb = findBinary('initdb');
  const pgCtl = findBinary('pg_ctl');
  if (!initdb || !pgCtl) throw cannotRun('initdb or pg_ctl not found');
  const as = runAs();
  if (as) chownSync(home, as.uid, as.gid);
  const data = join(home, 'data');
  run(initdb, ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8'], as, home);
  const port = await sparePort();
  const options = [
    `-p ${port}`,
    `-k ${home}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=300',
  ].join(' ');
  run(pgCtl, ['-D', data, '-l', join(home, 'postgres.log'), '-w', '-t', '60', '-o', options, 'start'], as, home);
  return `postgres://postgres@127.0.0.1:${port}/postgres`;
}

function stopCluster(home: string): void {
  const data = join(home, 'data');
  const pgCtl = findBinary('pg_ctl');
  if (pgCtl && existsSync(join(data, 'postmaster.pid'))) {
    const as = process.getuid?.() === 0 ? runAs() : null;
    spawnSync(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop'], {
      stdio: 'ignore',
      cwd: home,
      ...(as ? { uid: as.uid, gid: as.gid } : {}),
    });
  }
  rmSync(home, { recursive: true, force: true });
}

function newHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'civicpass-pg-'));
  // The cluster's user must reach its folder (tmpdir() itself may be a private folder).
  chmodSync(home, 0o755);
  return home;
}

/**
 * Vitest global setup: a folder for the cluster (outside the run's private temp folder, which
 * the postgres user cannot enter), started only if a test asks, and stopped at the end.
 */
export default function setup(): () => void {
  const home = newHome();
  process.env[HOME_ENV] = home;
  return () => {
    stopCluster(home);
    delete process.env[HOME_ENV];
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The cluster's URL, started by whichever worker asks first (a lock folder), waited for by the rest. */
async function sharedCluster(): Promise<string> {
  let home = process.env[HOME_ENV];
  if (home === undefined) {
    // Run without the global setup: this process's own cluster, stopped when it exits.
    home = newHome();
    process.env[HOME_ENV] = home;
    const own = home;
    process.once('exit', () => stopCluster(own));
  }
  const urlFile = join(home, 'url');
  const failedFile = join(home, 'failed');
  for (;;) {
    if (existsSync(urlFile)) return readFileSync(urlFile, 'utf8');
    if (existsSync(failedFile)) throw cannotRun(readFileSync(failedFile, 'utf8'));
    try {
      mkdirSync(join(home, 'lock'));
    } catch {
      await sleep(100);
      continue;
    }
    try {
      const url = await startCluster(home);
      writeFileSync(urlFile, url);
      return url;
    } catch (e) {
      const why = (e as Error).message.split('\n')[0]!;
      writeFileSync(failedFile, why);
      throw e instanceof Error && e.stack === e.message ? e : cannotRun(why);
    }
  }
}

/** The server's admin URL: the one given, or the shared throwaway cluster's. */
async function serverUrl(): Promise<string> {
  const given = process.env['CIVICPASS_TEST_DATABASE_URL'];
  return given !== undefined && given !== '' ? given : sharedCluster();
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (e) {
    throw cannotRun(`cannot connect: ${(e as Error).message}`);
  }
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const withDatabase = (url: string, database: string): string => {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
};

export interface TestDatabase {
  /** A URL to this file's own, empty database. */
  readonly url: string;
  drop(): Promise<void>;
}

/** A new database for one test file (call in beforeAll, drop in afterAll). */
export async function testDatabase(): Promise<TestDatabase> {
  const admin = await serverUrl();
  // Names are made here, never from input: safe to put in the statement.
  const name = `civicpass_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(admin, `CREATE DATABASE ${name}`);
  return {
    url: withDatabase(admin, name),
    drop: () => adminQuery(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/**
 * A new, empty schema in the database, and a URL whose connections use it (`search_path`):
 * as good as a new database for the storage, at a fraction of the cost.
 */
export async function freshSchema(databaseUrl: string): Promise<string> {
  const schema = `s_${randomBytes(6).toString('hex')}`;
  await adminQuery(databaseUrl, `CREATE SCHEMA ${schema}`);
  const u = new URL(databaseUrl);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}
