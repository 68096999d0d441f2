/**
 * SIP2 error detection: the checksum (`AZ`) is the 16-bit sum of everything up to and including
 * the `AZ` itself, two's-complement negated, written as 4 upper-case hex digits. The issue (and
 * the 2.00 spec's intent) sums the encoded bytes as sent; some servers sum characters instead,
 * which differs only where a character takes another value as a byte (UTF-8 beyond ASCII,
 * IBM850's upper half), so the reader accepts either (docs/decisions.md).
 */

function negated16(sum: number): string {
  return ((0x10000 - (sum & 0xffff)) & 0xffff).toString(16).toUpperCase().padStart(4, '0');
}

/** The checksum of bytes (which end with `AZ`). */
export function byteChecksum(bytes: Uint8Array): string {
  let sum = 0;
  for (const b of bytes) sum += b;
  return negated16(sum);
}

/** The checksum as a server that sums characters (Unicode code points) computes it. */
export function characterChecksum(text: string): string {
  let sum = 0;
  for (const c of text) sum += c.codePointAt(0) ?? 0;
  return negated16(sum);
}
