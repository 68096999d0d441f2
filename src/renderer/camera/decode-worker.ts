/// <reference lib="webworker" />
/**
 * Decodes camera frames off the main thread with the engine chosen by measurement
 * (zxing-wasm). Its WebAssembly is bundled by Vite and served from the app's own origin.
 */
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import { createZxingWasmEngine } from '../../decoder/zxing-wasm-engine';

const engine = createZxingWasmEngine({ wasmUrl }, () => performance.now());

export interface FrameRequest {
  readonly id: number;
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
  /** The time this frame may take (the frame interval): room for a denoising retry or not. */
  readonly budgetMs: number;
}

export interface FrameAnswer {
  readonly id: number;
  /** Each code's text exactly as encoded (plain text, separators and control characters kept). */
  readonly codes: readonly string[];
  /** Symbols seen but not read: the person may need to hold the code still or closer. */
  readonly unread: number;
  /** How long the decode took in the worker, in milliseconds. */
  readonly ms: number;
}

self.onmessage = async (e: MessageEvent<FrameRequest>) => {
  const { id, width, height, data, budgetMs } = e.data;
  const start = performance.now();
  let codes: readonly string[] = [];
  let unread = 0;
  try {
    const frame = await engine.decodeFrame({ width, height, data }, budgetMs);
    codes = frame.codes.map((c) => c.text);
    unread = frame.unread;
  } catch {
    // A frame the engine cannot take is a frame without a code; the next one is a frame away.
  }
  const answer: FrameAnswer = { id, codes, unread, ms: performance.now() - start };
  self.postMessage(answer);
};
