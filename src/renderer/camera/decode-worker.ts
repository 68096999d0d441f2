/// <reference lib="webworker" />
/**
 * Decodes camera frames off the main thread with the engine chosen by measurement
 * (zxing-wasm). Its WebAssembly is bundled by Vite and served from the app's own origin.
 */
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import { createZxingWasmEngine } from '../../decoder/zxing-wasm-engine';

const engine = createZxingWasmEngine({ wasmUrl });

export interface FrameRequest {
  readonly id: number;
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
}

self.onmessage = async (e: MessageEvent<FrameRequest>) => {
  const { id, width, height, data } = e.data;
  try {
    const codes = await engine.decode({ width, height, data });
    self.postMessage({ id, codes });
  } catch (error) {
    self.postMessage({ id, codes: [], error: String(error) });
  }
};
