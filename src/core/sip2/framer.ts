/**
 * Splits the byte stream of a SIP2 connection into lines. A message ends with CR; servers set to
 * CRLF add LF, and a few end with LF alone, so CR, LF and CRLF all end a line and empty lines
 * are skipped. Neither byte occurs inside a message in any of the three character sets (UTF-8
 * never uses bytes below 0x80 in a multi-byte sequence). A line that grows past the limit without
 * an end is an error, not unbounded memory.
 */
const CR = 0x0d;
const LF = 0x0a;

export const MAX_LINE_BYTES = 65_536;

export class Sip2Framer {
  private pending: number[] = [];

  /** The complete lines in this chunk (without their endings); the rest waits for more bytes. */
  push(chunk: Uint8Array): { lines: Uint8Array[]; overflow: boolean } {
    const lines: Uint8Array[] = [];
    for (const b of chunk) {
      if (b === CR || b === LF) {
        if (this.pending.length > 0) lines.push(Uint8Array.from(this.pending));
        this.pending = [];
      } else {
        this.pending.push(b);
        if (this.pending.length > MAX_LINE_BYTES) {
          this.pending = [];
          return { lines, overflow: true };
        }
      }
    }
    return { lines, overflow: false };
  }

  /** Bytes of a line begun but not ended (an answer cut off by a dropped connection). */
  get partial(): number {
    return this.pending.length;
  }

  reset(): void {
    this.pending = [];
  }
}
