import { deflateSync } from 'node:zlib';
import { base64url } from 'jose';
import type { StatusBits } from '../core/status-list';
import type { SigningKey } from './keys';
import { signCompact } from './sign';

/** Packs statuses LSB-first into bytes, the inverse of core's StatusArray. */
export function packStatuses(bits: StatusBits, statuses: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(Math.ceil((statuses.length * bits) / 8));
  const mask = (1 << bits) - 1;
  for (let i = 0; i < statuses.length; i++) {
    const value = statuses[i] ?? 0;
    if (value < 0 || value > mask) throw new RangeError(`status ${value} at ${i} does not fit in ${bits} bits`);
    const offset = i * bits;
    bytes[offset >>> 3] = (bytes[offset >>> 3] ?? 0) | (value << (offset & 7));
  }
  return bytes;
}

export function encodeLst(bytes: Uint8Array): string {
  return base64url.encode(deflateSync(bytes, { level: 9 }));
}

export interface StatusListPayload {
  sub: string;
  iat: number;
  exp?: number;
  ttl?: number;
  status_list: { bits: StatusBits; lst: string };
}

export function signStatusList(key: SigningKey, payload: StatusListPayload): Promise<string> {
  return signCompact(key, 'statuslist+jwt', payload);
}
