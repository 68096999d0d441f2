import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createZxingJsEngine } from '../decoder/zxing-js-engine';
import { createZxingWasmEngine } from '../decoder/zxing-wasm-engine';
import type { DecoderEngine, EngineName } from '../decoder/types';

const require = createRequire(import.meta.url);

/** The decoder engines for Node: zxing-wasm's binary is read from its own npm package, never fetched. */
export async function createNodeDecoder(name: EngineName): Promise<DecoderEngine> {
  if (name === 'zxing-js') return createZxingJsEngine();
  const bytes = await readFile(require.resolve('zxing-wasm/reader/zxing_reader.wasm'));
  // A fresh ArrayBuffer holding exactly the file (Node's Buffer may share a larger pool).
  return createZxingWasmEngine({ wasmBinary: new Uint8Array(bytes).buffer });
}
