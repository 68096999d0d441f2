/**
 * Codes made in the test itself with zxing-wasm's writer (zint inside, loaded from the npm
 * package like the reader), as PNG files or RGBA pixels, with seeded noise where asked.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { PNG } from 'pngjs';
import { prepareZXingModule, writeBarcode, type WriterOptions } from 'zxing-wasm/writer';
import type { RgbaImage } from '../../src/decoder/types';

const require = createRequire(import.meta.url);
let prepared: Promise<unknown> | undefined;

async function writer(): Promise<void> {
  prepared ??= readFile(require.resolve('zxing-wasm/writer/zxing_writer.wasm')).then((bytes) =>
    prepareZXingModule({ overrides: { wasmBinary: new Uint8Array(bytes).buffer }, fireImmediately: true }),
  );
  await prepared;
}

/** A code as a PNG file's bytes. */
export async function codePng(content: string | Uint8Array, options: WriterOptions): Promise<Buffer> {
  await writer();
  const result = await writeBarcode(content, options);
  if (!result.image) throw new Error(`the writer made no image: ${result.error}`);
  return Buffer.from(await result.image.arrayBuffer());
}

/** A code as RGBA pixels. */
export async function codePixels(content: string | Uint8Array, options: WriterOptions): Promise<RgbaImage> {
  const png = PNG.sync.read(await codePng(content, options));
  return { width: png.width, height: png.height, data: new Uint8ClampedArray(png.data) };
}

/** A small seeded generator (mulberry32), so a noisy image is the same at every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** White specks on the dark modules (a worn or dirty print): each dark pixel turns white with probability `p`. */
export function speckle(image: RgbaImage, p: number, seed: number): RgbaImage {
  const random = seeded(seed);
  const data = new Uint8ClampedArray(image.data);
  for (let i = 0; i < data.length; i += 4) {
    if ((data[i] ?? 255) < 128 && random() < p) data.fill(255, i, i + 3);
  }
  return { width: image.width, height: image.height, data };
}
