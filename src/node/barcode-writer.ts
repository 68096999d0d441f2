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

/**
 * The writer's SVG as an element to inline in HTML and size with CSS: without the XML prolog and
 * doctype, with a viewBox (the writer gives only width and height, so at any other size a browser
 * showed a cropped corner of the code) and crisp module edges (no anti-aliased grey seams).
 */
function scalableSvg(svg: string): string {
  const element = svg.slice(Math.max(0, svg.indexOf('<svg')));
  const size = /^<svg width="(\d+)" height="(\d+)"/.exec(element);
  if (!size) throw new Error('the barcode writer gave an SVG without its size');
  return element.replace('<svg ', `<svg viewBox="0 0 ${size[1]} ${size[2]}" shape-rendering="crispEdges" `);
}

/**
 * Renders text as a barcode, with quiet zones: PNG bytes, `scale` pixels a module, and an SVG
 * whose width and height are the same size but that scales to any size (it has a viewBox).
 */
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
  return { svg: scalableSvg(result.svg), png: new Uint8Array(await result.image.arrayBuffer()) };
}
