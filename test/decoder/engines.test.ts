import { afterEach, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_ENGINE, ENGINE_NAMES, type EngineName } from '../../src/decoder/types';
import { createNodeDecoder } from '../../src/node/decoder-engines';
import { readImageFile } from '../../src/node/image-file';
import { ROOT } from '../support/cli';

interface CorpusEntry {
  file: string;
  format: string;
  distortion: string;
  text: string;
}
const dir = join(ROOT, 'test/fixtures/barcodes');
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as CorpusEntry[];

async function score(name: EngineName): Promise<number> {
  const engine = await createNodeDecoder(name);
  let found = 0;
  for (const entry of manifest) {
    const codes = await engine.decode(await readImageFile(join(dir, 'corpus', entry.file)));
    if (codes.some((c) => c.format === entry.format && c.text === entry.text)) found++;
  }
  return found;
}

describe('decoder engines', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('zxing-wasm loads its WebAssembly from the package, never from the network', async () => {
    const fetchSpy = vi.fn(() => Promise.reject(new Error('network access attempted')));
    vi.stubGlobal('fetch', fetchSpy);
    const engine = await createNodeDecoder('zxing-wasm');
    const codes = await engine.decode(await readImageFile(join(dir, 'corpus/qr-clean.png')));
    expect(codes[0]?.format).toBe('QR_CODE');
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it(
    'the default engine decodes at least as much of the corpus as every other engine',
    { timeout: 120_000 },
    async () => {
      const scores = Object.fromEntries(await Promise.all(ENGINE_NAMES.map(async (n) => [n, await score(n)] as const)));
      for (const name of ENGINE_NAMES) expect(scores[DEFAULT_ENGINE]).toBeGreaterThanOrEqual(scores[name]!);
      // Every clean code must decode with the default engine.
      expect(scores[DEFAULT_ENGINE]).toBeGreaterThanOrEqual(manifest.filter((m) => m.distortion === 'clean').length);
    },
  );

  it('the default engine reads what the corpus codes hold exactly: separators, GS1, both nested QRs', async () => {
    const engine = await createNodeDecoder(DEFAULT_ENGINE);
    const exact = manifest.filter((m) => ['separators', 'gs1', 'nested'].includes(m.distortion));
    expect(exact.some((m) => m.text.includes('\u001d'))).toBe(true);
    for (const entry of exact) {
      const codes = await engine.decode(await readImageFile(join(dir, 'corpus', entry.file)));
      expect(
        codes.map((c) => ({ format: c.format, text: c.text })),
        entry.file,
      ).toContainEqual({
        format: entry.format,
        text: entry.text,
      });
    }
  });

  it.each(ENGINE_NAMES)(
    '%s finds nothing in an image without a code, and survives a blank or tiny frame',
    async (name) => {
      const engine = await createNodeDecoder(name);
      expect(await engine.decode(await readImageFile(join(dir, 'corpus/no-code.png')))).toEqual([]);
      expect(await engine.decode({ width: 1, height: 1, data: new Uint8ClampedArray(4) })).toEqual([]);
      expect(
        await engine.decode({ width: 64, height: 64, data: new Uint8ClampedArray(64 * 64 * 4).fill(255) }),
      ).toEqual([]);
    },
  );
});
