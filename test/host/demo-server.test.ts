/**
 * The demo sync server of `npm start` runs as its own process, so a newcomer can stop it and see
 * the terminal go offline, then start it and see the queue drain (README, "Trying offline").
 */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { startDemoEnvironment } from '../../src/host/demo-environment';
import { TerminalService } from '../../src/service/terminal-service';
import { runCli } from '../support/cli';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

it('the demo server can be stopped and started again while the terminal runs: offline, then back', async () => {
  const root = mkdtempSync(join(tmpdir(), 'civicpass-demo-root-'));
  const port = await freePort();
  const terminalDir = join(root, 'terminal');
  mkdirSync(terminalDir);
  const terminal = await TerminalService.open({ dataDir: terminalDir, autoSync: false, syncTimeoutMs: 2000 });
  const demo = await startDemoEnvironment(root, terminal, port);
  try {
    expect(demo.serverUrl).toBe(`http://127.0.0.1:${port}`);
    expect(terminal.admin.syncState).toMatchObject({ enrolled: true, online: 'online' });
    const token = readFileSync(join(root, 'server', 'cards', 'valid.token'), 'utf8').trim();

    // Stopped from another shell, as the README says.
    const stop = await runCli(['demo-server', 'stop', '--data-dir', root, '--port', String(port)]);
    expect(stop.lines[0]).toEqual({ running: false, stopped: true });
    const scan = await terminal.submit({ text: token, source: 'hid' });
    expect(scan.result.outcome).toBe('valid'); // offline verification goes on
    await expect(terminal.admin.runSync()).rejects.toThrow();
    expect(terminal.admin.syncState).toMatchObject({
      online: 'offline',
      queueDepth: 1,
      problem: { code: 'unreachable' },
    });

    const start = await runCli(['demo-server', 'start', '--data-dir', root, '--port', String(port)]);
    expect(start.lines[0]).toMatchObject({ running: true, started: true });
    await terminal.admin.runSync();
    expect(terminal.admin.syncState).toMatchObject({ online: 'online', queueDepth: 0, problem: null });
    expect((await runCli(['demo-server', 'status', '--data-dir', root])).lines[0]).toMatchObject({ running: true });

    // Stop pressed twice at once (two shells, a double press): one stops it, neither fails.
    const twice = await Promise.all([0, 1].map(() => runCli(['demo-server', 'stop', '--data-dir', root])));
    for (const run of twice) {
      expect(run.status, run.stderr).toBe(0);
      expect(run.lines[0]).toMatchObject({ running: false });
    }
    expect(twice.filter((run) => (run.lines[0] as { stopped?: boolean }).stopped === true).length).toBeGreaterThan(0);
  } finally {
    await terminal.close();
    await demo.close();
  }
  // npm start stops the demo server it leaves behind, even one started again by hand.
  expect((await runCli(['demo-server', 'status', '--data-dir', root])).lines[0]).toEqual({
    running: false,
    pid: null,
  });
});

it('another program on the demo port is said so, not taken for the demo server', async () => {
  const { createServer } = await import('node:http');
  const squatter = createServer((_req, res) => res.end('{"ok":true}'));
  await new Promise<void>((r) => squatter.listen(0, '127.0.0.1', r));
  const port = (squatter.address() as { port: number }).port;
  try {
    const { startDemoServer } = await import('../../src/host/demo-server-process');
    const root = mkdtempSync(join(tmpdir(), 'civicpass-demo-squat-'));
    await expect(startDemoServer(join(root, 'server'), port)).rejects.toThrow(/already used by another program/);
  } finally {
    squatter.close();
  }
});
