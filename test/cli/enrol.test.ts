/**
 * `civicpass enrol` against the real reference server on 127.0.0.1; `enroll` is the same command
 * (people type both; the project writes "enrol").
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { startServer, type RunningServer } from '../support/sync-server';

let s: RunningServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(async () => {
  await s.close();
});

describe('civicpass enrol', () => {
  for (const spelling of ['enrol', 'enroll']) {
    it(`\`${spelling}\` enrols the terminal with a one-time code and syncs`, async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'civicpass-cli-enrol-'));
      const run = await runCli([spelling, '--data-dir', dataDir, '--server', s.url, '--code', await s.code()]);
      expect(run.status).toBe(0);
      expect(run.lines[0]).toMatchObject({ enrolled: { venueId: 'demo-library' }, sync: { enrolled: true } });
      const sync = await runCli(['sync', '--data-dir', dataDir]);
      expect(sync.lines[0]).toMatchObject({ ok: true });
    });
  }

  it('without its options says how to use it, in the project’s spelling', async () => {
    const run = await runCli(['enroll']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('usage: civicpass enrol --data-dir DIR --server URL --code CODE');
  });
});

describe('civicpass enrol refused', () => {
  it('over plain http to another machine: one line saying why, exit 2, no stack trace', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'civicpass-cli-enrol-'));
    const run = await runCli(['enrol', '--data-dir', dataDir, '--server', 'http://sync.example.org', '--code', 'X']);
    expect(run.status).toBe(2);
    expect(run.lines[0]).toMatchObject({
      error: 'enrolment_failed',
      message: expect.stringMatching(/https/) as string,
    });
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('a second enrolment of an enrolled terminal', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'civicpass-cli-enrol-'));
    expect((await runCli(['enrol', '--data-dir', dataDir, '--server', s.url, '--code', await s.code()])).status).toBe(
      0,
    );
    const again = await runCli(['enrol', '--data-dir', dataDir, '--server', s.url, '--code', await s.code()]);
    expect(again.status).toBe(2);
    expect(again.lines[0]).toMatchObject({
      error: 'enrolment_failed',
      message: 'enrolment failed: this terminal is already enrolled',
    });
  });
});
