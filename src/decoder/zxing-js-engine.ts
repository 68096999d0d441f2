import * as ZXingModule from '@zxing/library';
import type { BarcodeFormat, DecodedBarcode, DecoderEngine, RgbaImage } from './types';

/**
 * @zxing/library ships CommonJS for Node (whose named exports Node cannot detect) and ESM for
 * bundlers; the namespace's `default` is the CommonJS exports object when there is one.
 */
const ZXing = (ZXingModule as { default?: typeof ZXingModule }).default ?? ZXingModule;
type ZxFormat = ZXingModule.BarcodeFormat;
type ZxReader = ZXingModule.Reader;

const FORMATS = new Map<ZxFormat, BarcodeFormat>([
  [ZXing.BarcodeFormat.QR_CODE, 'QR_CODE'],
  [ZXing.BarcodeFormat.PDF_417, 'PDF_417'],
  [ZXing.BarcodeFormat.AZTEC, 'AZTEC'],
  [ZXing.BarcodeFormat.CODE_128, 'CODE_128'],
  [ZXing.BarcodeFormat.DATA_MATRIX, 'DATA_MATRIX'],
  [ZXing.BarcodeFormat.CODABAR, 'CODABAR'],
]);

/** Luminance from RGBA with the integer weights ZXing itself uses. */
function luminance(image: RgbaImage): Uint8ClampedArray {
  const { data, width, height } = image;
  const out = new Uint8ClampedArray(width * height);
  for (let i = 0, j = 0; j < out.length; i += 4, j++) {
    out[j] = (306 * (data[i] ?? 0) + 601 * (data[i + 1] ?? 0) + 117 * (data[i + 2] ?? 0) + 512) >> 10;
  }
  return out;
}

/**
 * @zxing/library: the pure-JavaScript port of ZXing. We call each format's reader ourselves
 * rather than MultiFormatReader, which logs a warning to the console for every miss.
 */
export function createZxingJsEngine(): DecoderEngine {
  const hints = new Map<ZXingModule.DecodeHintType, unknown>([
    [ZXing.DecodeHintType.POSSIBLE_FORMATS, [...FORMATS.keys()]],
    [ZXing.DecodeHintType.TRY_HARDER, true],
  ]);
  const readers: ZxReader[] = [
    new ZXing.QRCodeReader(),
    new ZXing.PDF417Reader(),
    new ZXing.AztecCodeReader(),
    new ZXing.DataMatrixReader(),
    new ZXing.MultiFormatOneDReader(hints),
  ];
  return {
    name: 'zxing-js',
    decode(image: RgbaImage): Promise<DecodedBarcode[]> {
      const source = new ZXing.RGBLuminanceSource(luminance(image), image.width, image.height);
      const bitmap = new ZXing.BinaryBitmap(new ZXing.HybridBinarizer(source));
      for (const reader of readers) {
        try {
          const result = reader.decode(bitmap, hints);
          const format = FORMATS.get(result.getBarcodeFormat());
          if (format) return Promise.resolve([{ format, text: result.getText() }]);
        } catch {
          // NotFound, Checksum and Format exceptions all mean "not this format in this frame".
        } finally {
          reader.reset();
        }
      }
      return Promise.resolve([]);
    },
  };
}
