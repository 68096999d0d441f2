/**
 * The barcode decoder contract shared by the camera (a Web Worker in the renderer) and the
 * `civicpass decode` command (Node). Engines take raw RGBA pixels so both callers feed them alike.
 */

/** Format names as the CLI contract prints them (ZXing's names). */
export const BARCODE_FORMATS = ['QR_CODE', 'PDF_417', 'AZTEC', 'CODE_128', 'DATA_MATRIX', 'CODABAR'] as const;
export type BarcodeFormat = (typeof BARCODE_FORMATS)[number];

export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  /** width * height * 4 bytes, RGBA. */
  readonly data: Uint8Array | Uint8ClampedArray;
}

export interface DecodedBarcode {
  readonly format: BarcodeFormat;
  /**
   * What the symbol holds as plain text, never a human-readable rewrite: a GS separator is the
   * character U+001D, not `<GS>`, and GS1 data keeps its separators rather than `(01)...`.
   */
  readonly text: string;
  /**
   * The bytes the symbol holds, exactly as encoded (no character-set conversion), where the
   * engine gives them: zxing-wasm does, zxing-js does not.
   */
  readonly bytes?: Uint8Array;
}

export interface DecoderEngine {
  readonly name: EngineName;
  /** All codes found in the image (usually one); empty when none. Never throws for a bad image. */
  decode(image: RgbaImage): Promise<DecodedBarcode[]>;
}

export const ENGINE_NAMES = ['zxing-wasm', 'zxing-js'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

/** Chosen by measurement on the corpus in test/fixtures/barcodes (docs/benchmarks.md). */
export const DEFAULT_ENGINE: EngineName = 'zxing-wasm';

export function isEngineName(v: unknown): v is EngineName {
  return typeof v === 'string' && (ENGINE_NAMES as readonly string[]).includes(v);
}
