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

/** A camera frame's codes, and how many symbols were seen but could not be read. */
export interface FrameDecode {
  readonly codes: DecodedBarcode[];
  /** Found but not decoded (blurred, too small, cut off): worth a "hold still, closer" hint. */
  readonly unread: number;
}

export interface ZxingWasmEngine extends DecoderEngine {
  decodeFrame(image: RgbaImage): Promise<FrameDecode>;
}

/** zxing-wasm: zxing-cpp compiled to WebAssembly. */
export function createZxingWasmEngine(source: WasmSource): ZxingWasmEngine {
  const overrides = 'wasmBinary' in source ? { wasmBinary: source.wasmBinary } : { locateFile: () => source.wasmUrl };
  prepareZXingModule({ overrides, fireImmediately: false });
  const decodeFrame = async (image: RgbaImage, reportUnread: boolean): Promise<FrameDecode> => {
    const pixels = {
      width: image.width,
      height: image.height,
      data:
        image.data instanceof Uint8ClampedArray
          ? image.data
          : new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength),
      colorSpace: 'srgb' as const,
    };
    const results = await readBarcodes(pixels, reportUnread ? { ...OPTIONS, returnErrors: true } : OPTIONS);
    const codes: DecodedBarcode[] = [];
    let unread = 0;
    for (const r of results) {
      const format = FORMATS[r.symbology] ?? FORMATS[r.format];
      if (r.isValid && format) codes.push({ format, text: r.text });
      else if (!r.isValid) unread++;
    }
    return { codes, unread };
  };
  return {
    name: 'zxing-wasm',
    decode: async (image) => (await decodeFrame(image, false)).codes,
    decodeFrame: (image) => decodeFrame(image, true),
  };
}
