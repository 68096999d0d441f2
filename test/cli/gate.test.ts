import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNodeDecoder } from '../../src/node/decoder-engines';
import { readImageFile } from '../../src/node/image-file';
import { runCli } from '../support/cli';

describe('civicpass gate (demo files, headless gate on stdin)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'civicpass-start-'));

  it('creates the demo deployment and answers each demo card as its title promises', async () => {
    const first = await runCli(['gate', '--data-dir', dir], '');
    expect(first.status).toBe(0);
    expect(first.stderr).toMatch(/demo deployment ready/);
    const ids = ['valid', 'citysave', 'expired', 'revoked', 'suspended', 'not-entitled'];
    const tokens = ids.map((id) => readFileSync(join(dir, 'cards', `${id}.token`), 'utf8').trim());
    const run = await runCli(['gate', '--data-dir', dir], tokens.join('\n') + '\n');
    expect(run.lines.map((l) => `${String(l['outcome'])}:${String(l['reason'])}`)).toEqual([
      'valid:ok',
      'limited:not_entitled',
      'invalid:expired',
      'invalid:revoked',
      'invalid:suspended',
      'limited:not_entitled',
    ]);
    const citysave = await runCli(['gate', '--data-dir', dir, '--service', 'citysave'], tokens[1] + '\n');
    expect(citysave.lines[0]).toMatchObject({ outcome: 'valid', reason: 'ok' });
  });

  it('keeps private keys readable by the owner only, and its QR images decode to the tokens', async () => {
    expect(statSync(join(dir, 'keys', 'issuer.private.jwk')).mode & 0o077).toBe(0);
    const engine = await createNodeDecoder('zxing-wasm');
    const [code] = await engine.decode(await readImageFile(join(dir, 'cards', 'valid.png')));
    expect(code?.text).toBe(readFileSync(join(dir, 'cards', 'valid.token'), 'utf8').trim());
  });
});
