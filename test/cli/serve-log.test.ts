/**
 * `civicpass serve` logs structured lines to stderr (and to a rotated file with --log-file):
 * requests and faults, never bodies, tokens or card data.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { makeEnrolmentCode } from '../../server/admin/demo-setup';
import { SqliteSyncStorage } from '../../server/storage/sqlite-storage';
import { TerminalService } from '../../src/service/terminal-service';
import { CLI_ARGV, ROOT } from '../support/cli';

it('logs each request as a JSON line to stderr and the log file, with no card data', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'civicpass-serve-log-'));
  const logFile = join(dir, 'server.log');
  const child = spawn(
    process.execPath,
    [...CLI_ARGV, 'serve', '--data-dir', dir, '--port', '0', '--log-file', logFile],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /"listening":"([^"]+)"/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', () => reject(new Error(`serve exited: ${stderr}`)));
  });
  const storage = new SqliteSyncStorage(join(dir, 'server.db'));
  const code = await makeEnrolmentCode(storage, 'demo-library', Date.now() / 1000);
  await storage.close();
  const terminal = await TerminalService.open({
    dataDir: mkdtempSync(join(tmpdir(), 'civicpass-t-')),
    autoSync: false,
  });
  try {
    await terminal.admin.enrol(url, code, 'Desk by the door');
    const token = readFileSync(join(dir, 'cards', 'valid.token'), 'utf8').trim();
    await terminal.submit({ text: token, source: 'hid' });
    await terminal.admin.runSync();
  } finally {
    await terminal.close();
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
  const lines = stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const requests = lines.filter((l) => l['event'] === 'request');
  expect(requests.map((r) => `${String(r['method'])} ${String(r['path'])} ${String(r['status'])}`)).toEqual(
    expect.arrayContaining(['POST /v1/enroll 201', 'POST /v1/events 200', 'GET /v1/trust 200']),
  );
  const file = readFileSync(logFile, 'utf8');
  expect(file.split('\n').filter((l) => l.includes('"event":"request"')).length).toBe(requests.length);
  const token = readFileSync(join(dir, 'cards', 'valid.token'), 'utf8').trim();
  for (const secret of [token, token.split('.')[1]!, 'Amira', '29876000000017', 'Bearer', code])
    expect(stderr.includes(secret) || file.includes(secret), secret.slice(0, 12)).toBe(false);
});
