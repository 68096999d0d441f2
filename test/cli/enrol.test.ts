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
