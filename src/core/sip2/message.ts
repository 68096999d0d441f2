/**
 * A SIP2 message: a two-digit id, fixed-length fields, then variable fields `XXvalue|`, and with
 * error detection a trailer `AYn` (sequence digit) `AZhhhh` (checksum). This module turns a
 * message into the bytes sent and the bytes of one received line back into a message; what the
 * fields mean is the typed modules' job (login.ts, status.ts, patron.ts...).
 */
import { byteChecksum, characterChecksum } from './checksum';
import { decodeBytes, encodeText, type Sip2Charset, type Unmappable } from './charsets';
import { failure, success, type Sip2Result } from './problem';

export interface Sip2Field {
  readonly id: string;
  readonly value: string;
}

export interface Sip2Message {
  readonly id: string;
  /** The fixed-length fields after the id, as one string. */
  readonly fixed: string;
  /** The variable fields in the order received; unknown ones are kept, and ignored by readers. */
  readonly fields: readonly Sip2Field[];
}

/** Length of the fixed part (after the two-digit id) of every message this codec reads. */
export const FIXED_LENGTHS: Readonly<Record<string, number>> = {
  '93': 2, // login: UID algorithm, PWD algorithm
  '94': 1, // login response: ok
  '99': 8, // SC status: status code, max print width, protocol version
  '98': 34, // ACS status: 6 flags, timeout, retries, date/time sync, protocol version
  '23': 21, // patron status request: language, transaction date
  '24': 35, // patron status response: 14 status flags, language, transaction date
  '63': 31, // patron information: language, transaction date, summary
  '64': 59, // patron information response: status, language, date, six 4-digit counts
  '11': 38, // checkout: SC renewal policy, no block, transaction date, nb due date
  '12': 22, // checkout response: ok, renewal ok, magnetic media, desensitize, transaction date
  '29': 38, // renew: third party allowed, no block, transaction date, nb due date
  '30': 22, // renew response: as the checkout response
  '17': 18, // item information: transaction date
  '18': 24, // item information response: circulation status, security marker, fee type, date
  '96': 0, // request SC resend (from the ACS)
  '97': 0, // request ACS resend (from us)
};

export type LineEnding = 'CR' | 'CRLF';

export interface EncodeOptions {
  readonly charset: Sip2Charset;
  readonly lineEnding: LineEnding;
  /** Append `AZ` and the checksum (error detection on). */
  readonly checksum: boolean;
  /** The `AY` sequence digit (0-9), with the checksum; null for 96/97, which carry none. */
  readonly sequence: number | null;
  /** Default `refuse`: a request must say exactly what it was given. */
  readonly unmappable?: Unmappable;
  /** Test servers only: sum characters rather than bytes, as some LMSs do. */
  readonly checksumOver?: 'bytes' | 'characters';
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

const FORBIDDEN_IN_FIELD = /[|\r\n]/;

/** The text of a message without its trailer, checking that no value breaks the framing. */
export function messageText(message: Sip2Message): Sip2Result<string> {
  if (!/^\d{2}$/.test(message.id)) return failure('malformed', 'id', `message id '${message.id}' is not two digits`);
  if (FORBIDDEN_IN_FIELD.test(message.fixed))
    return failure('malformed', 'fixed', 'fixed fields hold a |, CR or LF, which would break the message');
  let text = message.id + message.fixed;
  for (const f of message.fields) {
    if (!/^[A-Za-z0-9]{2}$/.test(f.id)) return failure('malformed', f.id, `'${f.id}' is not a field id`);
    if (FORBIDDEN_IN_FIELD.test(f.value))
      return failure('malformed', f.id, `field ${f.id} holds a |, CR or LF, which would break the message`);
    text += f.id + f.value + '|';
  }
  return success(text);
}

/** The bytes to send: encoded text, trailer, line ending. */
export function encodeMessage(message: Sip2Message, options: EncodeOptions): Sip2Result<Uint8Array> {
  const text = messageText(message);
  if (!text.ok) return text;
  const body = encodeText(text.value, options.charset, options.unmappable ?? 'refuse');
  if (!body.ok) return body;
  const parts: Uint8Array[] = [body.value];
  if (options.checksum) {
    const sequence = options.sequence;
    if (sequence !== null && !(Number.isInteger(sequence) && sequence >= 0 && sequence <= 9))
      return failure('malformed', 'AY', `sequence ${sequence} is not a digit 0-9`);
    const trailer = ascii((sequence === null ? '' : `AY${sequence}`) + 'AZ');
    parts.push(trailer);
    const summed = concat(parts);
    const sum =
      options.checksumOver === 'characters'
        ? characterChecksum(decodeBytes(summed, options.charset)) // the characters as sent
        : byteChecksum(summed);
    parts.push(ascii(sum));
  }
  parts.push(ascii(options.lineEnding === 'CRLF' ? '\r\n' : '\r'));
  return success(concat(parts));
}

export interface DecodeOptions {
  readonly charset: Sip2Charset;
  /** Error detection is on: a line without a checksum is refused. */
  readonly requireChecksum: boolean;
  /** Accept a checksum summed over characters where it differs from the bytes' (default true). */
  readonly acceptCharacterSum?: boolean;
}

export interface DecodedMessage {
  readonly message: Sip2Message;
  /** The `AY` digit, or null when the line carried none. */
  readonly sequence: number | null;
  /** How the checksum was verified, or null when the line carried none. */
  readonly checksum: 'bytes' | 'characters' | null;
}

const A = 0x41;
const Y = 0x59;
const Z = 0x5a;
const PIPE = 0x7c;

/** A hex digit; the spec writes upper case, and some servers send lower case: both are read. */
function isHex(b: number | undefined): boolean {
  return b !== undefined && ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66));
}

function isDigit(b: number | undefined): boolean {
  return b !== undefined && b >= 0x30 && b <= 0x39;
}

/** Where the `AZhhhh` trailer starts, or -1; the trailer is always the line's last 6 bytes. */
function checksumStart(line: Uint8Array): number {
  const at = line.length - 6;
  if (at < 0 || line[at] !== A || line[at + 1] !== Z) return -1;
  for (let i = at + 2; i < line.length; i++) if (!isHex(line[i])) return -1;
  return at;
}

/** Where an `AYn` (or `AYn|`) before `end` starts, or -1. */
function sequenceStart(line: Uint8Array, end: number): number {
  for (const width of [3, 4]) {
    const at = end - width;
    if (at < 0 || line[at] !== A || line[at + 1] !== Y || !isDigit(line[at + 2])) continue;
    if (width === 4 && line[at + 3] !== PIPE) continue;
    return at;
  }
  return -1;
}

/**
 * One received line (without its CR/LF) to a message. Never throws: every refusal is a problem
 * naming the field and what was wrong.
 */
export function decodeMessage(line: Uint8Array, options: DecodeOptions): Sip2Result<DecodedMessage> {
  let end = line.length;
  let checksum: DecodedMessage['checksum'] = null;
  const az = checksumStart(line);
  if (az >= 0) {
    const stated = decodeBytes(line.subarray(az + 2), 'iso-8859-1').toUpperCase();
    const upToAz = line.subarray(0, az + 2);
    if (byteChecksum(upToAz) === stated) checksum = 'bytes';
    else if ((options.acceptCharacterSum ?? true) && characterChecksum(decodeBytes(upToAz, options.charset)) === stated)
      checksum = 'characters';
    else
      return failure(
        'checksum',
        'AZ',
        `checksum ${stated} does not match the message (its bytes sum to ${byteChecksum(upToAz)})`,
      );
    end = az;
  } else if (options.requireChecksum) {
    const tail = decodeBytes(line.subarray(Math.max(0, line.length - 6)), 'iso-8859-1');
    return failure('checksum', 'AZ', `no checksum: the line should end with AZ and 4 hex digits, not '${tail}'`);
  }
  let sequence: number | null = null;
  const ay = az >= 0 ? sequenceStart(line, end) : -1;
  if (ay >= 0) {
    sequence = (line[ay + 2] ?? 0x30) - 0x30;
    end = ay;
  }
  const parsed = parseText(decodeBytes(line.subarray(0, end), options.charset));
  return parsed.ok ? success({ message: parsed.value, sequence, checksum }) : parsed;
}

/** The text of a message (no trailer) to id, fixed part and variable fields. */
export function parseText(text: string): Sip2Result<Sip2Message> {
  const id = text.slice(0, 2);
  if (!/^\d{2}$/.test(id)) return failure('malformed', 'id', `message id '${id}' is not two digits`);
  const fixedLength = FIXED_LENGTHS[id];
  if (fixedLength === undefined) return failure('malformed', 'id', `message id ${id} is not one this terminal reads`);
  const fixed = text.slice(2, 2 + fixedLength);
  if (fixed.length < fixedLength)
    return failure(
      'malformed',
      'fixed',
      `message ${id} needs ${fixedLength} characters of fixed fields, got ${fixed.length}`,
    );
  const fields: Sip2Field[] = [];
  let at = 2 + fixedLength;
  while (at < text.length) {
    // Spaces between a '|' and the next field id occur in the wild (`|AF| CT|`): skipped.
    while (text.charAt(at) === ' ') at++;
    if (at >= text.length) break;
    const fieldId = text.slice(at, at + 2);
    if (!/^[A-Za-z0-9]{2}$/.test(fieldId))
      return failure('malformed', fieldId, `'${fieldId}' at position ${at} is not a field id`);
    const pipe = text.indexOf('|', at + 2);
    // The last field may lack its '|': several servers omit it before the trailer.
    const valueEnd = pipe === -1 ? text.length : pipe;
    fields.push({ id: fieldId, value: text.slice(at + 2, valueEnd) });
    at = valueEnd + 1;
  }
  return success({ id, fixed, fields });
}

/** The first value of a field, or null when absent. */
export function fieldValue(message: Sip2Message, id: string): string | null {
  return message.fields.find((f) => f.id === id)?.value ?? null;
}

/** Every value of a repeatable field (items, screen messages), in order. */
export function fieldValues(message: Sip2Message, id: string): string[] {
  return message.fields.filter((f) => f.id === id).map((f) => f.value);
}
