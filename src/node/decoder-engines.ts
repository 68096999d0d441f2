import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createZxingWasmEngine, type ZxingWasmEngine } from '../decoder/zxing-wasm-engine';
import type { DecoderEngine, EngineName } from '../decoder/types';

const require = createRequire(import.meta.url);

/**
 * zxing-wasm with its camera-frame entry point (`decodeFrame`), as the camera's worker has it;
 * its binary is read from its own npm package, never fetched.
 */
export async function createNodeWasmEngine(now: () => number = () => performance.now()): Promise<ZxingWasmEngine> {
  const bytes = await readFile(require.resolve('zxing-wasm/reader/zxing_reader.wasm'));
  // A fresh ArrayBuffer holding exactly the file (Node's Buffer may share a larger pool).
  return createZxingWasmEngine({ wasmBinary: new Uint8Array(bytes).buffer }, now);
}

/** The decoder engines for Node. */
export async function createNodeDecoder(name: EngineName): Promise<DecoderEngine> {
  // Loaded only when asked for: 860 KB of JavaScript that the default engine never needs.
  if (name === 'zxing-js') return (await import('../decoder/zxing-js-engine')).createZxingJsEngine();
  return createNodeWasmEngine();
}
