import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import type { RgbaImage } from '../../src/decoder/types';
import { READS } from '../../src/decoder/zxing-wasm-engine';
import { createNodeWasmEngine } from '../../src/node/decoder-engines';
import { codePixels, speckle } from './codes';

const TEXT = 'CIVICPASS-DENOISE-0001';
const require = createRequire(import.meta.url);

/** A worn, speckled print: 35 % of the dark pixels turned white (seeded, the same at every run). */
async function wornCode(): Promise<RgbaImage> {
  return speckle(await codePixels(TEXT, { format: 'QRCode', scale: 5 }), 0.35, 7);
}

/** A clock that moves `step` ms at every reading, so the budget rule is tested without timing. */
function steppingClock(step: number): () => number {
  let t = 0;
  return () => (t += step);
}

describe('the denoising retry on a frame where nothing decodes', () => {
  it('finds a code that neither the quick nor the full read finds, on a worn, speckled print', async () => {
    const image = await wornCode();
    const engine = await createNodeWasmEngine();
    // Budget 0: the camera's quick read alone, which misses it.
    expect((await engine.decodeFrame(image, 0)).codes).toEqual([]);
    // The full read (rotations, inversion) misses it too: denoising is what finds it.
    prepareZXingModule({
      overrides: {
        wasmBinary: new Uint8Array(await readFile(require.resolve('zxing-wasm/reader/zxing_reader.wasm'))).buffer,
      },
      fireImmediately: false,
    });
    const pixels = { width: image.width, height: image.height, data: new Uint8ClampedArray(image.data) };
    expect((await readBarcodes(pixels, READS.full)).filter((r) => r.isValid)).toEqual([]);
    // A frame interval's budget: the retry runs and reads it.
    expect((await engine.decodeFrame(image, 150)).codes.map((c) => c.text)).toEqual([TEXT]);
    // A file (no frame budget) gets the retry too.
    expect((await engine.decode(image)).map((c) => c.text)).toEqual([TEXT]);
  });

  it('runs only when the quick read left room for it in the frame budget', async () => {
    const image = await wornCode();
    // The quick read "takes" 40 ms: a retry (about 4x that) would overrun a 150 ms frame: skipped.
    const slow = await createNodeWasmEngine(steppingClock(40));
    expect((await slow.decodeFrame(image, 150)).codes).toEqual([]);
    // 10 ms: it fits.
    const fast = await createNodeWasmEngine(steppingClock(10));
    expect((await fast.decodeFrame(image, 150)).codes.map((c) => c.text)).toEqual([TEXT]);
  });

  it('never changes later results: a clean code decodes the same after a retry', async () => {
    const engine = await createNodeWasmEngine();
    const clean = await codePixels(TEXT, { format: 'QRCode', scale: 5 });
    const before = await engine.decodeFrame(clean, 150);
    expect(before.codes.map((c) => c.text)).toEqual([TEXT]);
    await engine.decodeFrame(await wornCode(), 150);
    await engine.decodeFrame({ width: 64, height: 64, data: new Uint8ClampedArray(64 * 64 * 4).fill(255) }, 150);
    expect(await engine.decodeFrame(clean, 150)).toEqual(before);
  });
});
