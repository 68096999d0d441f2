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

export interface FrameAnswer {
  readonly id: number;
  readonly codes: readonly string[];
  /** Symbols seen but not read: the person may need to hold the code still or closer. */
  readonly unread: number;
}

self.onmessage = async (e: MessageEvent<FrameRequest>) => {
  const { id, width, height, data } = e.data;
  let answer: FrameAnswer;
  try {
    const frame = await engine.decodeFrame({ width, height, data });
    answer = { id, codes: frame.codes.map((c) => c.text), unread: frame.unread };
  } catch {
    // A frame the engine cannot take is a frame without a code; the next one is 150 ms away.
    answer = { id, codes: [], unread: 0 };
  }
  self.postMessage(answer);
};
