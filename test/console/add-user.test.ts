/**
 * `civicpass admin add-user` (issue 13): the password from the first line of stdin, never
 * echoed, logged or kept but as its scrypt hash; every mistake a JSON usage error, exit 2,
 * before anything is written.
 */
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDemoDeployment } from '../../server/admin/demo-setup';
import { verifyPassword } from '../../server/console/passwords';
import { SqliteSyncStorage } from '../../server/storage/sqlite-storage';
import { runCli } from '../support/cli';

const PASSWORD = 'a passphrase of some length';
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'civicpass-add-user-'));
  const storage = new SqliteSyncStorage(join(dir, 'server.db'));
  await createDemoDeployment(dir, storage, Date.now() / 1000);
  await storage.close();
});

const addUser = (args: string[], stdin: string) => runCli(['admin', 'add-user', '--data-dir', dir, ...args], stdin);

function users(): { email: string; role: string; venue_id: string | null; password_hash: string }[] {
  const db = new Database(join(dir, 'server.db'), { readonly: true });
  try {
    return db.prepare('SELECT email, role, venue_id, password_hash FROM console_users ORDER BY id').all() as never;
  } finally {
    db.close();
  }
}

describe('civicpass admin add-user', () => {
  it(
    'adds an account with the first line of stdin as its password, hashed, never shown',
    { timeout: 60_000 },
    async () => {
      const run = await addUser(
        ['--email', 'Manager@Bistro.example', '--role', 'venue_manager', '--venue', 'demo-restaurant'],
        `${PASSWORD}\nsecond line ignored\n`,
      );
      expect(run.status).toBe(0);
      expect(run.lines).toEqual([{ user: 'manager@bistro.example', role: 'venue_manager', venue: 'demo-restaurant' }]);
      expect(run.stdout + run.stderr).not.toContain(PASSWORD);
      const row = users().find((u) => u.email === 'manager@bistro.example')!;
      expect(row).toMatchObject({ role: 'venue_manager', venue_id: 'demo-restaurant' });
      expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
      expect(row.password_hash).not.toContain(PASSWORD);
      expect(await verifyPassword(PASSWORD, row.password_hash)).toBe(true);
      expect(await verifyPassword('second line ignored', row.password_hash)).toBe(false);
    },
  );

  it.each([
    ['a short password', ['--email', 'a@council.example', '--role', 'auditor'], 'short pw\n', /12 to 1024 characters/],
    ['no password', ['--email', 'a@council.example', '--role', 'auditor'], '', /first line of standard input/],
    [
      'a role that is none',
      ['--email', 'a@council.example', '--role', 'root'],
      `${PASSWORD}\n`,
      /--role must be one of/,
    ],
    [
      'a venue manager without a venue',
      ['--email', 'a@council.example', '--role', 'venue_manager'],
      `${PASSWORD}\n`,
      /--venue is required/,
    ],
    [
      'an unknown venue',
      ['--email', 'a@council.example', '--role', 'venue_manager', '--venue', 'nowhere'],
      `${PASSWORD}\n`,
      /no venue nowhere/,
    ],
    [
      'a venue for an auditor',
      ['--email', 'a@council.example', '--role', 'auditor', '--venue', 'demo-library'],
      `${PASSWORD}\n`,
      /only for a venue_manager/,
    ],
    ['not an email', ['--email', 'not-an-email', '--role', 'auditor'], `${PASSWORD}\n`, /is not an email/],
    ['no email', ['--role', 'auditor'], `${PASSWORD}\n`, /--email is required/],
    [
      'an email taken in another case',
      ['--email', 'COUNCIL@demo.civicpass.example', '--role', 'auditor'],
      `${PASSWORD}\n`,
      /already has an account/,
    ],
  ])(
    'refuses %s: exit 2, a JSON usage error, nothing written',
    { timeout: 60_000 },
    async (_what, args, stdin, message) => {
      const before = users().length;
      const run = await addUser(args, stdin);
      expect(run.status).toBe(2);
      expect(run.lines[0]).toMatchObject({
        error: expect.any(String) as string,
        message: expect.stringMatching(message) as string,
      });
      expect(run.stdout + run.stderr).not.toContain(PASSWORD);
      expect(users()).toHaveLength(before);
    },
  );
});
