import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { prepareZXingModule, writeBarcode } from 'zxing-wasm/writer';

const require = createRequire(import.meta.url);
let prepared: Promise<void> | null = null;

/** zxing-wasm's writer, with its WebAssembly read from the npm package (never a CDN). */
function prepare(): Promise<void> {
  prepared ??= readFile(require.resolve('zxing-wasm/writer/zxing_writer.wasm')).then((bytes) => {
    prepareZXingModule({ overrides: { wasmBinary: new Uint8Array(bytes).buffer }, fireImmediately: false });
  });
  return prepared;
}

export type WritableFormat = 'QRCode' | 'PDF417' | 'Aztec' | 'Code128' | 'DataMatrix';

/** Renders text as a barcode: an SVG string and PNG bytes, with quiet zones. */
export async function renderBarcode(
  text: string,
  format: WritableFormat,
  scale = 4,
): Promise<{ svg: string; png: Uint8Array }> {
  await prepare();
  const result = await writeBarcode(text, {
    format,
    scale,
    withQuietZones: true,
    ...(format === 'QRCode' ? { ecLevel: 'M' } : {}),
  });
  if (!result.image) throw new Error(`could not render ${format}: ${result.error || 'no image'}`);
  return { svg: result.svg, png: new Uint8Array(await result.image.arrayBuffer()) };
}
