import { readFile } from 'node:fs/promises';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { RgbaImage } from '../decoder/types';

export class ImageFileError extends Error {
  constructor(
    readonly code: 'unreadable_file' | 'unsupported_image' | 'corrupt_image' | 'image_too_large',
    message: string,
  ) {
    super(message);
  }
}

/** Bigger than any camera frame we decode; protects against decompression bombs in images. */
const MAX_PIXELS = 40_000_000;

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff]);

/** Reads a PNG or JPEG (recognised by content, not by name) into RGBA pixels. */
export async function readImageFile(path: string): Promise<RgbaImage> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new ImageFileError('unreadable_file', `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  try {
    if (bytes.subarray(0, 4).equals(PNG_MAGIC)) {
      const png = PNG.sync.read(bytes);
      if (png.width * png.height > MAX_PIXELS) throw new ImageFileError('image_too_large', `${path} is too large`);
      return { width: png.width, height: png.height, data: png.data };
    }
    if (bytes.subarray(0, 3).equals(JPEG_MAGIC)) {
      const img = jpeg.decode(bytes, {
        useTArray: true,
        formatAsRGBA: true,
        maxResolutionInMP: MAX_PIXELS / 1e6,
        maxMemoryUsageInMB: 512,
      });
      return { width: img.width, height: img.height, data: img.data };
    }
  } catch (e) {
    if (e instanceof ImageFileError) throw e;
    throw new ImageFileError('corrupt_image', `${path} is not a readable image: ${(e as Error).message}`);
  }
  throw new ImageFileError('unsupported_image', `${path} is neither PNG nor JPEG`);
}
