import { parseArgs } from 'node:util';
import { DEFAULT_ENGINE, ENGINE_NAMES, isEngineName, type DecodedBarcode } from '../decoder/types';
import { createNodeDecoder } from '../node/decoder-engines';
import { ImageFileError, readImageFile } from '../node/image-file';
import { UsageError, writeJsonLine, type CommandIo } from '../node/command-io';

/** One code as printed: its text exactly as encoded, or with --raw its bytes in base64. */
function printed(
  code: DecodedBarcode,
  raw: boolean,
): { format: string; text: string } | { format: string; bytes: string } {
  if (!raw) return { format: code.format, text: code.text };
  // --raw is refused up front for an engine without bytes; one that drops them is a bug.
  if (!code.bytes) throw new Error(`the ${code.format} code came without its bytes`);
  return { format: code.format, bytes: Buffer.from(code.bytes).toString('base64') };
}

/**
 * Decodes the barcode(s) in each image with the same engine the camera uses, one JSON line per
 * image. Exit status 0 when every image was read (found or not_found), 2 when a file could not be.
 */
export async function runDecode(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { engine: { type: 'string', default: DEFAULT_ENGINE }, raw: { type: 'boolean', default: false } },
  });
  if (!isEngineName(values.engine))
    throw new UsageError(`unknown engine ${values.engine}; use ${ENGINE_NAMES.join(' or ')}`);
  if (values.raw && values.engine === 'zxing-js')
    throw new UsageError(`zxing-js cannot give a code's bytes; use --raw with zxing-wasm`);
  if (positionals.length === 0) throw new UsageError(`give at least one image`);
  const engine = await createNodeDecoder(values.engine);
  let status = 0;
  for (const file of positionals) {
    try {
      const codes = await engine.decode(await readImageFile(file));
      const [first, ...more] = codes.map((c) => printed(c, values.raw));
      if (!first) writeJsonLine(io.stdout, { file, error: 'not_found' });
      else writeJsonLine(io.stdout, { file, ...first, ...(more.length ? { more } : {}) });
    } catch (e) {
      if (!(e instanceof ImageFileError)) throw e;
      writeJsonLine(io.stdout, { file, error: e.code, message: e.message });
      status = 2;
    }
  }
  return status;
}
