import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CLI_ARGV, ROOT, runCli } from '../support/cli';
import { DEMO_CARDS } from '../../src/issuer/demo-cards';
import { demoDeployment } from '../support/terminal';

async function importedDataDir(): Promise<string> {
  const { dir } = await demoDeployment();
  const dataDir = mkdtempSync(join(tmpdir(), 'civicpass-scan-'));
  const run = await runCli([
    'trust',
    'import',
    '--data-dir',
    dataDir,
    '--anchor',
    join(dir, 'anchor.json'),
    '--trust',
    join(dir, 'trust.jwt'),
    '--status-dir',
    join(dir, 'status'),
    '--venue',
    join(dir, 'venue.json'),
    '--registry',
    join(dir, 'registry.json'),
  ]);
  expect(run.status).toBe(0);
  expect(run.lines[0]).toMatchObject({
    // One registry entry per demo card with a library number.
    imported: {
      statusLists: 1,
      venue: 'demo-library',
      registryEntries: DEMO_CARDS.filter((c) => c.libraryNumber).length,
    },
    problems: [],
  });
  return dataDir;
}

describe('civicpass scan and trust import', () => {
  it('runs stdin messages through the whole pipeline, one JSON result per line', async () => {
    const { cards } = await demoDeployment();
    const dataDir = await importedDataDir();
    const input = [cards[0]!.token, cards[0]!.token, '29876000000033', 'TOTAL 12.50'].join('\n') + '\n';
    const run = await runCli(['scan', '--data-dir', dataDir], input);
    expect(run.status).toBe(0);
    // The second line is the same card again within the venue's repeat window: the earlier result
    // once more, marked as a repeat, and nothing logged (it used to be an "ignored: duplicate").
    expect(run.lines.map((l) => [l['reason'], l['repeat']])).toEqual([
      ['ok', false],
      ['ok', true],
      ['revoked', false],
      ['unreadable', false],
    ]);
    expect(run.lines[1]!['id']).toBe(run.lines[0]!['id']);
    expect(run.lines[0]).toMatchObject({ outcome: 'valid', source: 'hid', service: 'library' });
    expect(run.stdout).not.toContain('Amira');
    // The database in DIR is the terminal's own: three scans logged and queued.
    const db = new Database(join(dataDir, 'terminal.db'), { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM scan_log').get()).toEqual({ n: 3 });
    expect(db.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 3 });
    db.close();
  });

  it('refuses bad trust files with exit 2 and changes nothing', async () => {
    const { dir } = await demoDeployment();
    const dataDir = mkdtempSync(join(tmpdir(), 'civicpass-scan-'));
    writeFileSync(join(dataDir, 'forged.jwt'), 'eyJhbGciOiJFUzI1NiJ9.e30.AAAA');
    const bad = await runCli([
      'trust',
      'import',
      '--data-dir',
      dataDir,
      '--anchor',
      join(dir, 'anchor.json'),
      '--trust',
      join(dataDir, 'forged.jwt'),
    ]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/trust list was refused/);
    const { cards } = await demoDeployment();
    const scan = await runCli(['scan', '--data-dir', dataDir], cards[0]!.token + '\n');
    expect(scan.lines[0]).toMatchObject({ reason: 'trust_unavailable' });
  });

  it('reports a damaged database clearly, keeps it aside, and exits 2', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'civicpass-scan-'));
    writeFileSync(join(dataDir, 'terminal.db'), Buffer.alloc(8192, 0x41));
    const run = await runCli(['scan', '--data-dir', dataDir], 'x\n');
    expect(run.status).toBe(2);
    expect(run.lines[0]).toMatchObject({ error: 'database_corrupt' });
    expect(run.stderr).toMatch(/damaged.*kept for inspection/);
    expect(readdirSync(dataDir).some((f) => f.startsWith('terminal.db.corrupt-'))).toBe(true);
  });

  it(
    'a scan process killed with SIGKILL mid-stream loses no answered scan and logs none twice',
    { timeout: 60_000 },
    async () => {
      const { cards } = await demoDeployment();
      const dataDir = await importedDataDir();
      const child = spawn(process.execPath, [...CLI_ARGV, 'scan', '--data-dir', dataDir], {
        cwd: ROOT,
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      const answered: string[] = [];
      let buffer = '';
      const killedAfter = 150;
      // Writing to a killed process's stdin fails with EPIPE: expected here, not an error.
      child.stdin.on('error', () => undefined);
      const done = new Promise<void>((resolve) => child.on('exit', () => resolve()));
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        buffer += chunk;
        let nl;
        while ((nl = buffer.indexOf('\n')) !== -1) {
          const line = JSON.parse(buffer.slice(0, nl)) as { id?: string };
          buffer = buffer.slice(nl + 1);
          if (line.id) answered.push(line.id);
          if (answered.length === killedAfter) child.kill('SIGKILL');
        }
      });
      // Keep writing (distinct messages, so none is debounced) until the process dies.
      let i = 0;
      const writer = setInterval(() => {
        const lines = [];
        for (let k = 0; k < 20; k++, i++) lines.push(i % 7 === 0 ? cards[i % cards.length]!.token : `receipt-${i}`);
        if (child.stdin.writable) child.stdin.write(lines.join('\n') + '\n');
      }, 5);
      await done;
      clearInterval(writer);
      expect(answered.length).toBeGreaterThanOrEqual(killedAfter);

      const db = new Database(join(dataDir, 'terminal.db'));
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const logged = new Set((db.prepare('SELECT id FROM scan_log').all() as { id: string }[]).map((r) => r.id));
      const queued = (db.prepare('SELECT event_id FROM outbox').all() as { event_id: string }[]).map((r) => r.event_id);
      for (const id of answered) expect(logged.has(id), `answered scan ${id} is in the log`).toBe(true);
      expect(new Set(queued).size).toBe(queued.length);
      expect(queued.length).toBe(logged.size);
      for (const id of answered) expect(queued).toContain(id);
      db.close();
    },
  );
});
