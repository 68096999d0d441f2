import { parseArgs } from 'node:util';
import { DEFAULT_ENGINE, ENGINE_NAMES, isEngineName } from '../decoder/types';
import { createNodeDecoder } from '../node/decoder-engines';
import { ImageFileError, readImageFile } from '../node/image-file';
import { UsageError, writeJsonLine, type CommandIo } from '../node/command-io';

/**
 * Decodes the barcode(s) in each image with the same engine the camera uses, one JSON line per
 * image. Exit status 0 when every image was read (found or not_found), 2 when a file could not be.
 */
export async function runDecode(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { engine: { type: 'string', default: DEFAULT_ENGINE } },
  });
  if (!isEngineName(values.engine))
    throw new UsageError(`unknown engine ${values.engine}; use ${ENGINE_NAMES.join(' or ')}`);
  if (positionals.length === 0) throw new UsageError(`give at least one image`);
  const engine = await createNodeDecoder(values.engine);
  let status = 0;
  for (const file of positionals) {
    try {
      const codes = await engine.decode(await readImageFile(file));
      const [first, ...more] = codes;
      if (!first) writeJsonLine(io.stdout, { file, error: 'not_found' });
      else writeJsonLine(io.stdout, { file, format: first.format, text: first.text, ...(more.length ? { more } : {}) });
    } catch (e) {
      if (!(e instanceof ImageFileError)) throw e;
      writeJsonLine(io.stdout, { file, error: e.code, message: e.message });
      status = 2;
    }
  }
  return status;
}
