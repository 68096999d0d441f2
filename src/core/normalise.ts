import { JWS_SHAPE } from './jws-parse';

/**
 * Barcode message normalisation (docs/contract/credential-profile.md §1).
 *
 * Scanners and wallets wrap the payload: surrounding whitespace and CR/LF, an AIM symbology
 * identifier (`]Q1`, `]L2`, `]z0`, ...), ECI designators (`\000026`), or an https URL whose
 * fragment carries the token. We peel those off and report what kind of message remains.
 */

/** `]` + symbology code character + modifier character (ISO/IEC 15424). */
const AIM_PREFIX = /^\][A-Za-z][0-9A-Za-z]/;
/** An ECI designator as transmitted in the AIM ECI protocol: backslash and six digits. */
const ECI_DESIGNATOR = /^\\[0-9]{6}/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what we reject
const CONTROL_OR_SPACE = /[\u0000-\u0020\u007f-\u009f\u2028\u2029\u00a0\ufeff]/;
const URL_PREFIX = /^https:\/\/[^\s#]+#/i;

export interface NormalisedMessage {
  /** The message with wrappers removed. */
  readonly text: string;
  /** The AIM symbology identifier the scanner sent, if any (e.g. `]Q1`). */
  readonly aim: string | null;
  /** True when `text` is shaped like a compact JWS. */
  readonly tokenShaped: boolean;
  /** True when the message contains whitespace or control characters inside it. */
  readonly hasInnerControl: boolean;
}

/** Whitespace, CR/LF and the NUL padding some scanners add; a loop, as this runs on every scan. */
function isPadding(c: number): boolean {
  return c <= 0x20 || c === 0x7f || c === 0xa0 || c === 0x2028 || c === 0x2029 || c === 0xfeff;
}

function trimWrapper(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isPadding(text.charCodeAt(start))) start++;
  while (end > start && isPadding(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

export function normaliseMessage(raw: string): NormalisedMessage {
  let text = trimWrapper(raw);
  let aim: string | null = null;
  const aimMatch = AIM_PREFIX.exec(text);
  if (aimMatch) {
    aim = aimMatch[0];
    text = text.slice(aim.length);
  }
  // Several ECI designators may precede the data (one per segment in some encoders).
  for (let m = ECI_DESIGNATOR.exec(text); m; m = ECI_DESIGNATOR.exec(text)) {
    text = text.slice(m[0].length);
  }
  text = trimWrapper(text);
  const urlMatch = URL_PREFIX.exec(text);
  if (urlMatch) text = text.slice(urlMatch[0].length);
  // A token's alphabet has no control characters or spaces, so only other messages need the scan.
  const tokenShaped = JWS_SHAPE.test(text);
  return { text, aim, tokenShaped, hasInnerControl: !tokenShaped && CONTROL_OR_SPACE.test(text) };
}

/**
 * What makes a message the same card for "same card again" checks: for a token, its signed
 * content (header.payload), because an ECDSA signature (r, s) has a twin (r, n - s) that verifies
 * just as well and anyone can make it; for anything else, the text itself.
 */
export function sameCardKey(message: NormalisedMessage): string {
  if (!message.tokenShaped) return message.text;
  return message.text.slice(0, message.text.lastIndexOf('.'));
}
