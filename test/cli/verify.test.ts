import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, writeDeploymentFiles } from '../support/cli';
import { makeDeployment, NOW, REVOKED_IDX, STATUS_URI } from '../support/deployment';

const AT = new Date(NOW * 1000).toISOString();

describe('civicpass verify', async () => {
  const d = await makeDeployment();
  const dir = mkdtempSync(join(tmpdir(), 'civicpass-verify-'));
  const files = writeDeploymentFiles(d, dir);
  const base = [
    'verify',
    '--anchor',
    files.anchor,
    '--trust',
    files.trust,
    '--status-dir',
    files.statusDir,
    '--now',
    AT,
  ];

  it('prints one result with the card fields staff may see and exits 0 for a valid card', async () => {
    const run = await runCli([...base, await d.token()]);
    expect(run.status).toBe(0);
    expect(run.lines).toEqual([
      {
        outcome: 'valid',
        reason: 'ok',
        warnings: [],
        card: {
          name: 'Amira',
          services: ['library', 'citysave'],
          concessions: ['senior'],
          expires: new Date((NOW + 300 * 86400) * 1000).toISOString(),
        },
      },
    ]);
    // The library number and card id are not among the fields the contract shows.
    expect(run.stdout).not.toContain('29876000123456');
    expect(run.stdout).not.toContain('card_0001');
  });

  it('exits 1 for any other outcome, and omits the card when the signature did not verify', async () => {
    const revoked = await runCli([
      ...base,
      await d.token({ status: { status_list: { idx: REVOKED_IDX, uri: STATUS_URI } } }),
    ]);
    expect(revoked.status).toBe(1);
    expect(revoked.lines[0]).toMatchObject({ outcome: 'invalid', reason: 'revoked', card: { name: 'Amira' } });
    const junk = await runCli([...base, 'hello']);
    expect(junk.status).toBe(1);
    expect(junk.lines[0]).toEqual({ outcome: 'unverifiable', reason: 'unreadable', warnings: [] });
  });

  it('reads the token from stdin with -', async () => {
    const run = await runCli([...base, '-'], (await d.token()) + '\n');
    expect(run.status).toBe(0);
  });

  it('--service gives not_entitled for a card without it', async () => {
    const run = await runCli([...base, '--service', 'leisure', await d.token()]);
    expect(run.status).toBe(1);
    expect(run.lines[0]).toMatchObject({ outcome: 'limited', reason: 'not_entitled' });
  });

  it('--now judges expiry and staleness at that time', async () => {
    const later = new Date((NOW + 2 * 3600) * 1000).toISOString();
    const args = [
      'verify',
      '--anchor',
      files.anchor,
      '--trust',
      files.trust,
      '--status-dir',
      files.statusDir,
      '--now',
      later,
    ];
    const run = await runCli([...args, await d.token()]);
    expect(run.lines[0]).toMatchObject({ outcome: 'valid', warnings: ['status_stale'] });
  });

  it('--batch answers every line in order, an empty line included', async () => {
    const tokens = [await d.token(), '', 'not a card', await d.token({ sub: 'card_0002_abcdef' })];
    const run = await runCli([...base, '--batch'], tokens.join('\n') + '\n');
    expect(run.status).toBe(0);
    expect(run.lines.map((l) => l['reason'])).toEqual(['ok', 'unreadable', 'unreadable', 'ok']);
  });

  it('--batch keeps the order over more lines than its window', async () => {
    const good = await d.token();
    const lines = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? good : `junk-${i}`));
    const run = await runCli([...base, '--batch'], lines.join('\n'));
    expect(run.lines).toHaveLength(300);
    run.lines.forEach((l, i) => expect(l['reason']).toBe(i % 3 === 0 ? 'ok' : 'unreadable'));
  });

  it('exits 2 with a clear message for usage and input-file errors', async () => {
    const missing = await runCli(['verify', '--trust', files.trust, 'x']);
    expect(missing.status).toBe(2);
    expect(missing.lines[0]).toMatchObject({ error: 'usage' });
    expect(missing.stderr).toMatch(/--anchor and --trust are required/);

    const noFile = await runCli(['verify', '--anchor', join(dir, 'nope.json'), '--trust', files.trust, 'x']);
    expect(noFile.status).toBe(2);
    expect(noFile.lines[0]).toMatchObject({ error: 'input_file' });
    expect(noFile.stderr).toMatch(/cannot read the anchor file/);

    writeFileSync(join(dir, 'bad-trust.jwt'), 'not a jws');
    const badTrust = await runCli(['verify', '--anchor', files.anchor, '--trust', join(dir, 'bad-trust.jwt'), 'x']);
    expect(badTrust.status).toBe(2);
    expect(badTrust.stderr).toMatch(/trust list .* was refused/);

    const badNow = await runCli([...base.slice(0, -2), '--now', 'yesterday', 'x']);
    expect(badNow.status).toBe(2);
    const unknownOption = await runCli([...base, '--frobnicate', 'x']);
    expect(unknownOption.status).toBe(2);
    const unknownCommand = await runCli(['frobnicate']);
    expect(unknownCommand.status).toBe(2);
  });

  it('reports a refused status list on stderr and answers status_unavailable', async () => {
    const other = mkdtempSync(join(tmpdir(), 'civicpass-verify-bad-status-'));
    const f = writeDeploymentFiles(d, other);
    writeFileSync(join(f.statusDir, 'westminster-1.jwt'), d.statusList.slice(0, -6) + 'AAAAAA');
    const run = await runCli([
      'verify',
      '--anchor',
      f.anchor,
      '--trust',
      f.trust,
      '--status-dir',
      f.statusDir,
      '--now',
      AT,
      await d.token(),
    ]);
    expect(run.status).toBe(1);
    expect(run.lines[0]).toMatchObject({ reason: 'status_unavailable' });
    expect(run.stderr).toMatch(/status list westminster-1.jwt refused \(bad_signature\)/);
  });
});
