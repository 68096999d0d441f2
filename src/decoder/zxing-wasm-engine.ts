import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';
import type { BarcodeFormat, DecodedBarcode, DecoderEngine, RgbaImage } from './types';

const FORMATS: Record<string, BarcodeFormat> = {
  QRCode: 'QR_CODE',
  PDF417: 'PDF_417',
  Aztec: 'AZTEC',
  Code128: 'CODE_128',
  DataMatrix: 'DATA_MATRIX',
  Codabar: 'CODABAR',
};

const OPTIONS: ReaderOptions = {
  formats: ['QRCode', 'PDF417', 'Aztec', 'Code128', 'DataMatrix', 'Codabar'],
  tryHarder: true,
  tryRotate: true,
  tryInvert: true,
  tryDownscale: true,
  maxNumberOfSymbols: 4,
};

/**
 * Where the engine gets its WebAssembly. Never a CDN: the package's own `.wasm` is read from
 * disk in Node, or bundled by Vite and fetched from the app's own origin in the renderer.
 */
export type WasmSource = { wasmBinary: ArrayBuffer } | { wasmUrl: string };

/** zxing-wasm: zxing-cpp compiled to WebAssembly. */
export function createZxingWasmEngine(source: WasmSource): DecoderEngine {
  const overrides = 'wasmBinary' in source ? { wasmBinary: source.wasmBinary } : { locateFile: () => source.wasmUrl };
  prepareZXingModule({ overrides, fireImmediately: false });
  return {
    name: 'zxing-wasm',
    async decode(image: RgbaImage): Promise<DecodedBarcode[]> {
      const pixels = {
        width: image.width,
        height: image.height,
        data:
          image.data instanceof Uint8ClampedArray
            ? image.data
            : new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength),
        colorSpace: 'srgb' as const,
      };
      const results = await readBarcodes(pixels, OPTIONS);
      const found: DecodedBarcode[] = [];
      for (const r of results) {
        const format = FORMATS[r.symbology] ?? FORMATS[r.format];
        if (r.isValid && format) found.push({ format, text: r.text });
      }
      return found;
    },
  };
}
