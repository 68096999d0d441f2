/**
 * `civicpass serve --demo-lms PORT`: the demo's library system runs beside the sync server, and a
 * terminal enrolled at the demo library venue shows the account line from it (issue 12).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { makeEnrolmentCode } from '../../server/admin/demo-setup';
import { SqliteSyncStorage } from '../../server/storage/sqlite-storage';
import type { TerminalApiEvent } from '../../src/contract/terminal-api';
import { TerminalService } from '../../src/service/terminal-service';
import { CLI_ARGV, ROOT, runCli } from '../support/cli';

it('runs the demo library system, links the demo library venue to it, and the desk gets the account line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'civicpass-serve-lms-'));
  const child = spawn(process.execPath, [...CLI_ARGV, 'serve', '--data-dir', dir, '--port', '0', '--demo-lms', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const started = await new Promise<{ listening: string; demoLms: string }>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line) as { listening: string; demoLms: string });
    });
    child.once('exit', () => reject(new Error(`serve exited: ${stderr}`)));
  });
  expect(started.demoLms).toMatch(/^127\.0\.0\.1:\d+$/);
  const storage = new SqliteSyncStorage(join(dir, 'server.db'));
  const venue = await storage.getVenue('demo-library');
  expect(venue?.config['lms']).toMatchObject({ host: '127.0.0.1', port: Number(started.demoLms.split(':')[1]) });
  const code = await makeEnrolmentCode(storage, 'demo-library', Date.now() / 1000);
  await storage.close();
  const terminal = await TerminalService.open({
    dataDir: mkdtempSync(join(tmpdir(), 'civicpass-t-')),
    autoSync: false,
  });
  try {
    await terminal.admin.enrol(started.listening, code, 'Desk');
    const events: TerminalApiEvent[] = [];
    terminal.subscribe((e) => events.push(e));
    const token = readFileSync(join(dir, 'cards', 'library-fines.token'), 'utf8').trim();
    const { result } = await terminal.submit({ text: token, source: 'hid' });
    expect(result.libraryLookup).toBe(true);
    for (let i = 0; i < 100 && !events.some((e) => e.type === 'library-account'); i++)
      await new Promise((r) => setTimeout(r, 30));
    expect(events.find((e) => e.type === 'library-account')).toMatchObject({
      account: { answered: true, canBorrow: true, desk: { fines: { amount: 4.5, currency: 'GBP' } } },
    });
  } finally {
    await terminal.close();
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
});

it('a port for the library system that is taken is a usage error, and nothing is left listening', async () => {
  const taken = createServer();
  await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
  const port = (taken.address() as { port: number }).port;
  try {
    const dir = mkdtempSync(join(tmpdir(), 'civicpass-serve-lms-'));
    const run = await runCli(['serve', '--data-dir', dir, '--port', '0', '--demo-lms', String(port)]);
    expect(run.status).toBe(2);
    expect(run.lines[0]).toMatchObject({ error: expect.any(String) as string });
    const bad = await runCli(['serve', '--data-dir', dir, '--port', '0', '--demo-lms', 'x']);
    expect(bad.status).toBe(2);
    expect(String(bad.lines[0]?.['message'])).toMatch(/--demo-lms x is not a port/);
  } finally {
    taken.close();
  }
});
