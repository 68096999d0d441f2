/**
 * base64url decoding (RFC 4648 section 5, no padding) with a lookup table: the scan path decodes
 * two segments per token, and this is several times faster than an atob-based decoder.
 */
const TABLE = new Int16Array(128).fill(-1);
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
for (let i = 0; i < ALPHABET.length; i++) TABLE[ALPHABET.charCodeAt(i)] = i;

/** Decodes base64url without padding; null for any character outside the alphabet or a bad length. */
export function decodeBase64url(text: string): Uint8Array | null {
  const n = text.length;
  if (n % 4 === 1) return null;
  const out = new Uint8Array((n * 3) >>> 2);
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? (TABLE[c] ?? -1) : -1;
    if (v < 0) return null;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >>> bits) & 0xff;
    }
  }
  // Leftover bits must be zero, or two encodings would decode to the same bytes.
  if ((acc & ((1 << bits) - 1)) !== 0) return null;
  return out;
}
