/**
 * Issue 10 item 9: no stack trace for an operator's mistake. Every `civicpass admin ...`
 * subcommand and `civicpass serve`, given wrong input, answers one JSON line on stdout with the
 * error and one line on stderr, and exits 2, checked before anything is written; run as real
 * child processes. The other commands: usage-errors.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { addVenue } from '../../server/admin/demo-setup';
import { Deployment } from '../../server/deployment';
import { openServerData } from '../../server/open-server';
import { CLI_ARGV, expectUsageError, ROOT, runCli, type CliRun } from '../support/cli';

const root = mkdtempSync(join(tmpdir(), 'civicpass-admin-errors-'));
const dd = join(root, 'deployment');
const empty = join(root, 'empty');
const aFile = join(root, 'a-file');
const garbageDb = join(root, 'garbage');
const noKeys = join(root, 'no-keys');
let busy: Server;
let busyPort: number;

beforeAll(async () => {
  const { storage } = await openServerData(dd);
  await Deployment.init(
    dd,
    storage,
    { issuer: 'https://id.example', trustAuthority: 'https://t.example', name: 'T' },
    Date.now() / 1000,
  );
  await addVenue(storage, {
    venueId: 'desk',
    name: 'Desk',
    role: 'library_desk',
    services: ['library'],
    timeZone: 'Europe/London',
  });
  await storage.close();
  writeFileSync(aFile, 'not a directory');
  mkdirSync(garbageDb);
  writeFileSync(join(garbageDb, 'server.db'), 'this is not an SQLite database, it is a sentence of some length');
  mkdirSync(noKeys);
  copyFileSync(join(dd, 'server.db'), join(noKeys, 'server.db')); // restored without keys/
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  busyPort = (busy.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

function cardCount(): number {
  const db = new Database(join(dd, 'server.db'), { readonly: true });
  const { n } = db.prepare('SELECT count(*) AS n FROM cards').get() as { n: number };
  db.close();
  return n;
}

/** Runs the cases a few at a time: each is a whole Node process. */
async function runAll(cases: [string[], RegExp, string?][]): Promise<void> {
  const runs: CliRun[] = new Array<CliRun>(cases.length);
  let next = 0;
  await Promise.all(
    [0, 1, 2].map(async () => {
      while (next < cases.length) {
        const i = next++;
        runs[i] = await runCli(cases[i]![0]);
      }
    }),
  );
  cases.forEach(([args, message, code], i) => {
    try {
      expectUsageError(runs[i]!, message, code);
    } catch (e) {
      throw new Error(`civicpass ${args.join(' ')}: ${(e as Error).message}`, { cause: e });
    }
  });
}

describe('civicpass admin with wrong input', () => {
  it('lists its commands when asked, and names them in one line when none is given', async () => {
    // Not JSON: the list is for people.
    const help = spawnSync(process.execPath, [...CLI_ARGV, 'admin', 'help'], { cwd: ROOT, encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^civicpass admin <command>/);
    expect(help.stdout).toContain('enrolment-code --venue ID');
    expectUsageError(await runCli(['admin']), /^no admin command given$/);
    expect((await runCli(['admin'])).stderr).toContain('`admin help` lists them');
  });

  it('answers each mistake in one line with exit status 2', { timeout: 120_000 }, async () => {
    const d = ['--data-dir', dd];
    const cards = cardCount();
    await runAll([
      [['admin'], /^no admin command given$/],
      [['admin', '--data-dir', dd], /^no admin command given$/],
      [['admin', 'bogus', '--data-dir', join(root, 'never-made')], /^unknown admin command bogus$/],
      [['admin', 'rotate-issuer-key', '--data-dir', empty], /^no deployment in .*: run `civicpass admin init` first$/],
      [
        ['admin', 'init', '--issuer', 'http://id.example', '--data-dir', empty],
        /^--issuer http:\/\/id.example must be an https URL/,
      ],
      [
        ['admin', 'init', '--trust-authority', 'https://t.example/', '--data-dir', empty],
        /^--trust-authority .* must be/,
      ],
      [['admin', 'init', ...d], /already holds a deployment/],
      [
        ['admin', 'init', '--data-dir', aFile],
        /^cannot use .*a-file as the server's data directory: EEXIST/,
        'data_dir',
      ],
      [
        ['admin', 'init', '--data-dir', join(aFile, 'sub')],
        /^cannot use .*a-file\/sub as the server's data directory: ENOTDIR: .*a-file is a file, not a directory$/,
        'data_dir',
      ],
      // Where mkdir says ENOENT under a folder that exists: Node's recursive mkdir never returned.
      [
        ['admin', 'init', '--data-dir', '/proc/civicpass-test'],
        /^cannot use \/proc\/civicpass-test as the server's data directory: E[A-Z]+: /,
        'data_dir',
      ],
      [
        ['admin', 'init', '--data-dir', garbageDb],
        /^cannot open the server database .*: file is not a database/,
        'database',
      ],
      [['admin', 'rotate-issuer-key', '--data-dir', noKeys], /^cannot read the key file .*ENOENT/],
      [['admin', 'enrolment-code', '--venue', 'nope', ...d], /^no venue nope$/],
      [['admin', 'enrolment-code', ...d], /^--venue is required$/],
      [['admin', 'enrolment-code', '--venue', ...d], /argument missing|--venue/],
      [
        ['admin', 'enrolment-code', '--venue', 'desk', '--hours', 'abc', ...d],
        /^--hours abc must be a number from 1 to 168$/,
      ],
      [['admin', 'enrolment-code', '--venue', 'desk', '--hours', '0', ...d], /^--hours 0 must be/],
      [['admin', 'enrolment-code', '--venue', 'desk', '--hours', '1e9', ...d], /^--hours 1e9 must be/],
      [['admin', 'add-venue', ...d], /^--id is required$/],
      [
        ['admin', 'add-venue', '--id', 'Front Desk', '--services', 'library', ...d],
        /^--id Front Desk must be 1-32 lowercase/,
      ],
      [
        ['admin', 'add-venue', '--id', 'x', '--services', 'library', '--time-zone', 'Mars/Olympus', ...d],
        /unknown time zone/,
      ],
      [['admin', 'add-venue', '--id', 'x', '--services', 'library', '--role', 'pirate', ...d], /^role must be one of/],
      [['admin', 'add-offer', ...d], /^--venue is required$/],
      [['admin', 'add-offer', '--venue', 'nope', ...d], /^no venue nope$/],
      [['admin', 'add-offer', '--venue', 'desk', '--id', 'tea', '--title', 'Tea', ...d], /^--service is required$/],
      [
        ['admin', 'add-offer', '--venue', 'desk', '--id', 'tea', '--service', 'citysave', '--title', 'Tea', ...d],
        /^--service citysave is not a service of desk \(library\)$/,
      ],
      [
        ['admin', 'add-offer', '--venue', 'desk', '--id', 'Free Tea', '--service', 'library', '--title', 'Tea', ...d],
        /^--id Free Tea must be/,
      ],
      [
        [
          'admin',
          'add-offer',
          '--venue',
          'desk',
          '--id',
          'tea',
          '--service',
          'library',
          '--title',
          'Tea',
          '--limit',
          'lots',
          ...d,
        ],
        /^--limit is N\/day/,
      ],
      [['admin', 'issue-card', ...d], /^--services is required$/],
      [
        ['admin', 'issue-card', '--services', 'library', '--days', 'abc', ...d],
        /^--days abc must be a whole number from 1 to 400$/,
      ],
      [['admin', 'issue-card', '--services', 'library', '--days', '0', ...d], /^--days 0 must be/],
      [['admin', 'issue-card', '--services', 'Library Card', ...d], /^--services Library Card must be/],
      [
        ['admin', 'issue-card', '--services', 'library', '--out', join(aFile, 'cards'), ...d],
        /^cannot write the card files to .*ENOTDIR/,
        'output_dir',
      ],
      [
        ['admin', 'issue-card', '--services', 'library', '--out', '/proc/civicpass-cards', ...d],
        /^cannot write the card files to \/proc\/civicpass-cards: E[A-Z]+: /,
        'output_dir',
      ],
      [['admin', 'issue-card', '--services', 'library', '--colour', 'red', ...d], /Unknown option '--colour'/],
      [['admin', 'revoke-card', ...d], /^--card is required$/],
      [['admin', 'suspend-card', '--card', 'nope', ...d], /^no card nope$/],
      [['admin', 'reinstate-card', '--card', 'nope', ...d], /^no card nope$/],
      [['admin', 'revoke-device', ...d], /^--device is required$/],
      [['admin', 'revoke-device', '--device', 'dev_nope', ...d], /^no active device dev_nope$/],
    ]);
    // Only a valid `init` makes a data directory.
    expect(existsSync(join(root, 'never-made'))).toBe(false);
    expect(existsSync(empty)).toBe(false);
    expect(cardCount()).toBe(cards); // no card issued by a refused command
  });
});

describe('civicpass serve with wrong input', () => {
  it(
    'answers a bad port, a port in use, a bad address, an unusable data directory or log file in one line',
    { timeout: 60_000 },
    async () => {
      await runAll([
        [['serve', '--port', 'abc', '--data-dir', dd], /^--port abc is not a port/],
        [['serve', '--port', '70000', '--data-dir', dd], /^--port 70000 is not a port/],
        [
          ['serve', '--port', String(busyPort), '--data-dir', dd],
          new RegExp(`^cannot listen on 127.0.0.1:${busyPort}: the port is in use$`),
          'address_in_use',
        ],
        [
          ['serve', '--host', '192.0.2.1', '--port', '0', '--data-dir', dd],
          /^cannot listen on 192.0.2.1:0: .*EADDRNOTAVAIL/,
          'bad_address',
        ],
        [['serve', '--data-dir', aFile], /EEXIST: .*a-file is a file, not a directory$/, 'data_dir'],
        [
          ['serve', '--data-dir', '/proc/civicpass-test'],
          /^cannot use \/proc\/civicpass-test as the server's data directory: E[A-Z]+: /,
          'data_dir',
        ],
        // The log file is opened first: nothing is made when it cannot be written.
        [
          ['serve', '--log-file', join(aFile, 'serve.log'), '--port', '0', '--data-dir', join(root, 'never-served')],
          /^cannot write the log file .*a-file\/serve.log: EEXIST: .*a-file is a file, not a directory$/,
          'log_file',
        ],
        [
          ['serve', '--log-file', root, '--port', '0', '--data-dir', join(root, 'never-served')],
          /^cannot write the log file .*: EISDIR/,
          'log_file',
        ],
        [['serve', '--data-dir', garbageDb], /file is not a database/, 'database'],
        [['serve', '--data-dir', noKeys], /^cannot read the key file/],
      ]);
      expect(existsSync(join(root, 'never-served'))).toBe(false);
    },
  );
});
