import { inflateSync } from 'node:zlib';
import type { Inflater, InflateResult } from '../core/ports';

/** zlib inflate with Node's own output bound: it stops instead of allocating past `maxBytes`. */
export const zlibInflater: Inflater = {
  inflate(data: Uint8Array, maxBytes: number): InflateResult {
    try {
      return { ok: true, bytes: inflateSync(data, { maxOutputLength: maxBytes }) };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return { ok: false, error: code === 'ERR_BUFFER_TOO_LARGE' ? 'too_large' : 'corrupt' };
    }
  },
};
