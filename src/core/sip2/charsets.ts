/**
 * The character sets a SIP2 link may be set to (per venue, as the LMS's SIP server is set):
 * UTF-8, ISO-8859-1 and IBM code page 850. Requests are encoded strictly (a character the set
 * cannot hold is an error: a patron number or password silently changed would be refused for the
 * wrong reason); answers are decoded whatever their bytes (a broken name must not lose the
 * account line).
 */
import { CHAR_TO_IBM850, IBM850_TO_CHAR } from './ibm850';
import { failure, success, type Sip2Result } from './problem';

export const SIP2_CHARSETS = ['utf-8', 'iso-8859-1', 'ibm850'] as const;
export type Sip2Charset = (typeof SIP2_CHARSETS)[number];

export function isSip2Charset(value: string): value is Sip2Charset {
  return SIP2_CHARSETS.some((c) => c === value);
}

/**
 * What to do with a character the set cannot hold: refuse (requests), or write `?` in its place
 * as LMS servers do (the test server's answers).
 */
export type Unmappable = 'refuse' | 'substitute';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: false });

function singleByte(text: string, charset: Sip2Charset, unmappable: Unmappable): Sip2Result<Uint8Array> {
  const codePoints = Array.from(text);
  const bytes = new Uint8Array(codePoints.length);
  for (const [i, c] of codePoints.entries()) {
    const cp = c.codePointAt(0) ?? 0;
    const b = charset === 'ibm850' ? CHAR_TO_IBM850.get(c) : cp <= 0xff ? cp : undefined;
    if (b === undefined) {
      if (unmappable === 'substitute') bytes[i] = 0x3f;
      else
        return failure(
          'encoding',
          null,
          `character U+${cp.toString(16).toUpperCase().padStart(4, '0')} at position ${i} cannot be written in ${charset}`,
        );
    } else bytes[i] = b;
  }
  return success(bytes);
}

export function encodeText(
  text: string,
  charset: Sip2Charset,
  unmappable: Unmappable = 'refuse',
): Sip2Result<Uint8Array> {
  if (charset !== 'utf-8') return singleByte(text, charset, unmappable);
  // A lone surrogate cannot be UTF-8; TextEncoder would silently write U+FFFD in its place.
  const lone = LONE_SURROGATE.exec(text);
  if (lone && unmappable === 'refuse')
    return failure('encoding', null, `lone surrogate at position ${lone.index} cannot be written in utf-8`);
  return success(utf8Encoder.encode(text));
}

/** Every byte decodes: invalid UTF-8 becomes U+FFFD, as a screen would show it. */
export function decodeBytes(bytes: Uint8Array, charset: Sip2Charset): string {
  if (charset === 'utf-8') return utf8Decoder.decode(bytes);
  let text = '';
  for (const b of bytes) text += charset === 'ibm850' ? (IBM850_TO_CHAR[b] ?? '\uFFFD') : String.fromCharCode(b);
  return text;
}
