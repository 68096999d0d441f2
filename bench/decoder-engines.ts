/**
 * Camera-decoder comparison on the corpus in test/fixtures/barcodes: success count and total
 * decode time for each engine (images decoded to RGBA beforehand, so only the engines are
 * timed). The other engine is the baseline for the ratio. Run: npx tsx bench/decoder-engines.ts
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_ENGINE, ENGINE_NAMES, type RgbaImage } from '../src/decoder/types';
import { createNodeDecoder } from '../src/node/decoder-engines';
import { readImageFile } from '../src/node/image-file';
import { fmt, printTable } from './support';

interface Entry {
  file: string;
  format: string;
  distortion: string;
  text: string;
}
const dir = join(import.meta.dirname, '../test/fixtures/barcodes');
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Entry[];
const images: [Entry, RgbaImage][] = [];
for (const e of manifest) images.push([e, await readImageFile(join(dir, 'corpus', e.file))]);

// Keyed by manifest entry: an image with two codes (x-qr-nested.png) has an entry for each.
const results = new Map<string, { found: Set<number>; ms: number }>();
for (const name of ENGINE_NAMES) {
  const engine = await createNodeDecoder(name);
  await engine.decode(images[0]![1]); // warm-up: WebAssembly compilation, JIT
  const found = new Set<number>();
  const start = performance.now();
  for (const [i, [entry, image]] of images.entries()) {
    const codes = await engine.decode(image);
    if (codes.some((c) => c.format === entry.format && c.text === entry.text)) found.add(i);
  }
  results.set(name, { found, ms: performance.now() - start });
}

const other = ENGINE_NAMES.find((n) => n !== DEFAULT_ENGINE)!;
const base = results.get(other)!;
printTable(
  `Decoder engines on ${new Set(manifest.map((m) => m.file)).size} corpus images, ${images.length} codes (default: ${DEFAULT_ENGINE}; baseline for ratios: ${other})`,
  [
    ...ENGINE_NAMES.map((name) => {
      const r = results.get(name)!;
      return {
        engine: name,
        decoded: `${r.found.size}/${images.length}`,
        'total ms': fmt(r.ms, 0),
        'ms/image': fmt(r.ms / images.length, 1),
        'time ratio': fmt(r.ms / base.ms, 2),
      };
    }),
  ],
);

const distortions = [...new Set(manifest.map((m) => m.distortion))];
printTable(
  'Decoded per distortion or content (codes found / codes)',
  distortions.map((dist) => {
    const entries = [...manifest.entries()].filter(([, m]) => m.distortion === dist);
    return {
      distortion: dist,
      ...Object.fromEntries(
        ENGINE_NAMES.map((n) => [
          n,
          `${entries.filter(([i]) => results.get(n)!.found.has(i)).length}/${entries.length}`,
        ]),
      ),
    };
  }),
);
for (const name of ENGINE_NAMES) {
  const missed = [...manifest.entries()].filter(([i]) => !results.get(name)!.found.has(i)).map(([, m]) => m.file);
  console.log(`${name} missed: ${missed.join(', ') || 'none'}`);
}
