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

const FULL: ReaderOptions = {
  formats: ['QRCode', 'PDF417', 'Aztec', 'Code128', 'DataMatrix', 'Codabar'],
  tryHarder: true,
  tryRotate: true,
  tryInvert: true,
  tryDownscale: true,
  maxNumberOfSymbols: 4,
  // Plain: the symbol's bytes as text. The engine's default ("HRI") rewrites them for people
  // (`<GS>`, `(01)...`), and a verifier must see what was encoded.
  textMode: 'Plain',
  tryDenoise: false,
  // Never `isPure`: it is for generated images only. Every call passes all its options.
};

/**
 * The reads, by what they try. A camera frame is first read `quick` (a card held up: upright,
 * dark on light; 10-15 ms at 1280x720 against 23-29 ms for `full`), a file `full`; when nothing
 * decodes, both try once more with `denoise`: everything `full` tries, plus a morphological
 * closing before reading (for worn or speckled prints).
 */
export const READS = {
  quick: { ...FULL, tryRotate: false, tryInvert: false },
  full: FULL,
  denoise: { ...FULL, tryDenoise: true },
} as const satisfies Record<string, ReaderOptions>;

/**
 * On a camera frame the retry costs about 3.4x the quick read (measured at 1280x720), so it runs
 * only when the quick read's time plus four times that fits the frame's budget.
 */
const RETRY_COST_FACTOR = 4;

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
  /**
   * Decodes one camera frame: the quick read, then, when nothing decodes, the full read with
   * denoising if the quick one left room for it within `budgetMs` (the frame interval; 0: never).
   */
  decodeFrame(image: RgbaImage, budgetMs: number): Promise<FrameDecode>;
}

/**
 * zxing-wasm: zxing-cpp compiled to WebAssembly. `now` is a millisecond clock for the frame
 * budget (the worker passes `performance.now`; this folder has neither DOM nor Node types).
 */
export function createZxingWasmEngine(source: WasmSource, now: () => number = Date.now): ZxingWasmEngine {
  const overrides = 'wasmBinary' in source ? { wasmBinary: source.wasmBinary } : { locateFile: () => source.wasmUrl };
  prepareZXingModule({ overrides, fireImmediately: false });
  const read = async (pixels: Parameters<typeof readBarcodes>[0], options: ReaderOptions): Promise<FrameDecode> => {
    const results = await readBarcodes(pixels, options);
    const codes: DecodedBarcode[] = [];
    let unread = 0;
    for (const r of results) {
      const format = FORMATS[r.symbology] ?? FORMATS[r.format];
      if (r.isValid && format) codes.push({ format, text: r.text, bytes: new Uint8Array(r.bytes) });
      else if (!r.isValid) unread++;
    }
    return { codes, unread };
  };
  const decodeFrame = async (image: RgbaImage, budgetMs: number, camera: boolean): Promise<FrameDecode> => {
    const start = now();
    const pixels = {
      width: image.width,
      height: image.height,
      data:
        image.data instanceof Uint8ClampedArray
          ? image.data
          : new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength),
      colorSpace: 'srgb' as const,
    };
    // A camera frame reports symbols seen but not read, for the "hold still, closer" hint.
    const errors = camera ? { returnErrors: true } : {};
    const first = await read(pixels, { ...(camera ? READS.quick : READS.full), ...errors });
    if (first.codes.length > 0 || budgetMs <= 0) return first;
    if ((now() - start) * (1 + RETRY_COST_FACTOR) > budgetMs) return first;
    const second = await read(pixels, { ...READS.denoise, ...errors });
    return second.codes.length > 0 ? second : first;
  };
  return {
    name: 'zxing-wasm',
    // A file has no frame budget: the full read, and the denoising one when it finds nothing.
    decode: async (image) => (await decodeFrame(image, Infinity, false)).codes,
    decodeFrame: (image, budgetMs) => decodeFrame(image, budgetMs, true),
  };
}
