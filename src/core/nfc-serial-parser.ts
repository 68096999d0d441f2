/**
 * Messages from an NFC wallet reader on a serial port (Dot Origin VTAP and alike). Pure: bytes or
 * characters in, messages out.
 *
 * A VTAP in virtual-COM-port mode sends each pass read as one line of text: an optional prefix
 * (`ComPortPrefix`; with the token `$t` it is the pass-type character, `A` for Apple VAS and `G`
 * for Google Smart Tap), the pass payload, then the postfix (`ComPortPostfix`, e.g. CR LF).
 * Readers and their settings differ in the line ending, and USB delivers a line in arbitrary
 * pieces, so any of CR, LF or CR LF ends a message, whatever chunks it came in. A configured
 * ending that is not CR/LF (say ETX, `\u0003`) ends a message as well.
 */

export type NfcPass = 'apple' | 'google';

/** What the reader puts before the payload of each kind of pass; an empty string matches nothing. */
export interface NfcPassPrefixes {
  readonly apple: string;
  readonly google: string;
}

export interface NfcSerialFormat {
  /** The reader's postfix. CR, LF and CR LF always end a message; other characters add a terminator. */
  readonly lineEnding: string;
  readonly prefixes: NfcPassPrefixes;
}

/** A VTAP configured with `ComPortPrefix=$t` and `ComPortPostfix=%0D%0A`. */
export const DEFAULT_NFC_SERIAL_FORMAT: NfcSerialFormat = {
  lineEnding: '\r\n',
  prefixes: { apple: 'A', google: 'G' },
};

/** A wallet pass payload is a few hundred characters; anything longer than this is not one. */
export const MAX_NFC_LINE_CHARS = 8192;

/** Longest prefix or custom line ending accepted: settings, not data, so kept short. */
const MAX_MARKER_CHARS = 16;

export interface NfcSerialMessage {
  /** Which wallet the pass came from, by its prefix; null when no prefix matched. */
  readonly pass: NfcPass | null;
  /** The line with the prefix removed (the whole line when no prefix matched). */
  readonly payload: string;
}

export type NfcSerialEvent =
  | { readonly kind: 'message'; readonly message: NfcSerialMessage }
  | { readonly kind: 'rejected'; readonly why: string };

const CR = 0x0d;
const LF = 0x0a;

function stripNewlines(s: string): string {
  return s.replace(/[\r\n]/g, '');
}

/** The line endings staff can choose for a reader, by name (VTAP's `ComPortPostfix`). */
export const NFC_LINE_ENDINGS = { crlf: '\r\n', lf: '\n', cr: '\r', etx: '\u0003' } as const;

/** Why a format cannot be used: which part is wrong, and English for logs and the command line. */
export interface NfcFormatProblem {
  readonly part: 'lineEnding' | 'applePrefix' | 'googlePrefix';
  readonly text: string;
}

/** The first problem that makes a format unusable; null when it is fine. */
export function nfcSerialFormatProblem(format: NfcSerialFormat): NfcFormatProblem | null {
  if (format.lineEnding.length === 0) return { part: 'lineEnding', text: 'the line ending is empty' };
  if (format.lineEnding.length > MAX_MARKER_CHARS)
    return { part: 'lineEnding', text: `the line ending is longer than ${MAX_MARKER_CHARS} characters` };
  const { apple, google } = format.prefixes;
  for (const [name, part, prefix] of [
    ['Apple', 'applePrefix', apple],
    ['Google', 'googlePrefix', google],
  ] as const) {
    if (prefix.length > MAX_MARKER_CHARS)
      return { part, text: `the ${name} prefix is longer than ${MAX_MARKER_CHARS} characters` };
    if (/[\r\n]/.test(prefix)) return { part, text: `the ${name} prefix contains a line break` };
  }
  if (apple !== '' && apple === google)
    return { part: 'googlePrefix', text: 'the Apple and Google prefixes are the same' };
  return null;
}

/**
 * Tells the pass type by its prefix and removes it. When one prefix starts with the other
 * (`A` and `AG`), the longer match wins, so neither hides the other.
 */
export function classifyNfcLine(line: string, prefixes: NfcPassPrefixes): NfcSerialMessage {
  const candidates: [NfcPass, string][] = [
    ['apple', prefixes.apple],
    ['google', prefixes.google],
  ];
  let best: [NfcPass, string] | null = null;
  for (const c of candidates) {
    if (c[1] !== '' && line.startsWith(c[1]) && (best === null || c[1].length > best[1].length)) best = c;
  }
  return best === null ? { pass: null, payload: line } : { pass: best[0], payload: line.slice(best[1].length) };
}

/** Blank lines (and NUL or space padding) are what sits between messages, not messages. */
function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) if (line.charCodeAt(i) > 0x20) return false;
  return true;
}

/** Bytes as Latin-1 characters: the reader sends ASCII, and no byte can fail to decode. */
function latin1(bytes: Uint8Array): string {
  let s = '';
  // Blocks keep the argument list of fromCharCode well under engine limits.
  for (let i = 0; i < bytes.length; i += 4096) s += String.fromCharCode(...bytes.subarray(i, i + 4096));
  return s;
}

/**
 * Splits the reader's stream into messages. Memory is bounded: a line longer than the limit is
 * dropped as it grows (only a few characters are kept to find its end) and reported once, at its
 * end, as `rejected`.
 */
export class NfcSerialParser {
  private readonly custom: string;
  private current = '';
  private overflowing = false;

  constructor(
    private readonly format: NfcSerialFormat = DEFAULT_NFC_SERIAL_FORMAT,
    private readonly maxLineChars = MAX_NFC_LINE_CHARS,
  ) {
    const problem = nfcSerialFormatProblem(format);
    if (problem) throw new RangeError(`NFC serial format: ${problem.text}`);
    // CR and LF always end a line, so only the rest of a configured ending (ETX in "ETX CR LF")
    // needs matching; CR/LF inside it would otherwise cut the line before the ending completes.
    this.custom = stripNewlines(format.lineEnding);
  }

  /** Feeds one chunk as it arrived from the port; returns the messages it completed. */
  push(chunk: Uint8Array | string): NfcSerialEvent[] {
    const text = typeof chunk === 'string' ? chunk : latin1(chunk);
    const out: NfcSerialEvent[] = [];
    const customLast = this.custom.length > 0 ? this.custom.charCodeAt(this.custom.length - 1) : -1;
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === CR || c === LF) {
        this.append(text.slice(start, i));
        this.endLine(out, 0);
        start = i + 1;
      } else if (c === customLast) {
        this.append(text.slice(start, i + 1));
        start = i + 1;
        if (this.current.endsWith(this.custom)) this.endLine(out, this.custom.length);
      }
    }
    this.append(text.slice(start));
    return out;
  }

  /** The port went away: a line without its ending is dropped, never delivered half. */
  reset(): NfcSerialEvent[] {
    const hadPartial = this.overflowing || !isBlank(this.current);
    this.current = '';
    this.overflowing = false;
    return hadPartial ? [{ kind: 'rejected', why: 'a message ended without its line ending' }] : [];
  }

  private append(s: string): void {
    if (s.length === 0) return;
    const joined = this.current + s;
    // The custom ending's characters do not count against the limit: they are removed at the end.
    if (this.overflowing || joined.length > this.maxLineChars + this.custom.length) {
      this.overflowing = true;
      // Keep just enough to recognise a custom ending that arrives split across chunks.
      this.current = this.custom.length > 0 ? joined.slice(-this.custom.length) : '';
    } else {
      this.current = joined;
    }
  }

  private endLine(out: NfcSerialEvent[], endingLength: number): void {
    const line = this.current.slice(0, this.current.length - endingLength);
    const overflowed = this.overflowing;
    this.current = '';
    this.overflowing = false;
    if (overflowed || line.length > this.maxLineChars) {
      out.push({ kind: 'rejected', why: `a line longer than ${this.maxLineChars} characters was dropped` });
      return;
    }
    if (isBlank(line)) return;
    const message = classifyNfcLine(line, this.format.prefixes);
    if (message.pass !== null && isBlank(message.payload)) {
      out.push({ kind: 'rejected', why: 'a pass-type prefix arrived with no payload' });
      return;
    }
    out.push({ kind: 'message', message });
  }
}
