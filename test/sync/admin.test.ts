import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runCli } from '../support/cli';
import { SyncServer } from '../../server/app';
import { openServerData } from '../../server/open-server';
import { TerminalService } from '../../src/service/terminal-service';

describe('civicpass admin', () => {
  it(
    'sets up a deployment, venue, offer, code and card; rotation keeps old cards valid; revocation reaches terminals',
    { timeout: 60_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'civicpass-admin-'));
      const admin = (...args: string[]) => runCli(['admin', ...args, '--data-dir', dir]);
      expect((await admin('init', '--name', 'Test Council')).status).toBe(0);
      expect((await admin('init')).status).toBe(2); // never twice
      for (const file of ['anchor.private.jwk', 'registry.key'])
        expect(statSync(join(dir, 'keys', file)).mode & 0o077).toBe(0);
      expect(
        (await admin('add-venue', '--id', 'cafe', '--name', 'Cafe', '--role', 'partner', '--services', 'citysave'))
          .status,
      ).toBe(0);
      expect(
        (
          await admin(
            'add-offer',
            '--venue',
            'cafe',
            '--id',
            'tea',
            '--service',
            'citysave',
            '--title',
            'Free tea',
            '--limit',
            '1/day',
          )
        ).status,
      ).toBe(0);
      expect(
        (
          await admin(
            'add-offer',
            '--venue',
            'cafe',
            '--id',
            'x',
            '--service',
            'citysave',
            '--title',
            'X',
            '--limit',
            'lots',
          )
        ).status,
      ).toBe(2);
      const code = (await admin('enrolment-code', '--venue', 'cafe')).lines[0]!['code'] as string;
      const card = (await admin('issue-card', '--services', 'citysave', '--name', 'Ada', '--out', join(dir, 'out')))
        .lines[0]!;
      for (const ext of ['qrcode.png', 'pdf417.png', 'aztec.png', 'token', 'html'])
        expect(existsSync(join(dir, 'out', `${String(card['card'])}.${ext}`))).toBe(true);
      // Private keys never reach the database.
      const db = new Database(join(dir, 'server.db'), { readonly: true });
      const dump = JSON.stringify(db.prepare('SELECT * FROM kv').all());
      db.close();
      expect(dump).not.toMatch(/"d":/);
      expect(dump).not.toContain(readFileSync(join(dir, 'keys', 'registry.key'), 'utf8').trim());

      // Rotate the issuer key: the card signed by the old key stays valid after the terminal syncs.
      expect((await admin('rotate-issuer-key')).lines[0]).toHaveProperty('newKid');
      const { storage, deployment } = await openServerData(dir);
      const server = new SyncServer({ storage, deployment: deployment! });
      const url = await server.listen();
      const terminal = await TerminalService.open({
        dataDir: mkdtempSync(join(tmpdir(), 'civicpass-admin-t-')),
        autoSync: false,
      });
      await terminal.admin.enrol(url, code, 'till');
      expect(terminal.admin.material.trust!.issuers.values().next().value!.keys.size).toBe(2);
      const before = await terminal.submit({ text: String(card['token']), source: 'hid' });
      expect(before.status === 'handled' && before.result.outcome).toBe('valid');

      // Revoke the card with the admin command (a separate process writing the same database).
      expect((await admin('revoke-card', '--card', String(card['card']))).status).toBe(0);
      await server.close();
      await storage.close();
      const reopened = await openServerData(dir);
      const server2 = new SyncServer({ storage: reopened.storage, deployment: reopened.deployment! });
      const url2 = await server2.listen(Number(new URL(url).port));
      await terminal.admin.runSync();
      const after = await terminal.submit({ text: String(card['token']), source: 'camera' });
      expect(after.status === 'handled' && after.result.reason).toBe('revoked');
      expect(url2).toBe(url);
      await terminal.close();
      await server2.close();
      await reopened.storage.close();
    },
  );
});
