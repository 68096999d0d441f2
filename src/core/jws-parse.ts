import { binaryStringBytes, decodeBase64url, decodeBase64urlBinary } from './base64url';

/** A compact JWS split and decoded, before any signature check. */
export interface ParsedJws {
  readonly header: Readonly<Record<string, unknown>>;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly compact: string;
  /** The signature's bytes, decoded strictly (below), for a signature port to check. */
  readonly signature: Uint8Array;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
// eslint-disable-next-line no-control-regex -- a byte above 0x7f is what is looked for
const NON_ASCII = /[^\u0000-\u007f]/;

export type JsonObject = Record<string, unknown>;

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Decodes one base64url segment as a UTF-8 JSON object, or returns null. */
export function decodeJsonSegment(segment: string): JsonObject | null {
  const binary = decodeBase64urlBinary(segment);
  if (binary === null) return null;
  try {
    // ASCII bytes are their own UTF-8 text; anything else (a name with an accent) is decoded.
    const text = NON_ASCII.test(binary) ? utf8.decode(binaryStringBytes(binary)) : binary;
    const value: unknown = JSON.parse(text);
    return isPlainObject(value) ? value : null;
  } catch {
    // Bad UTF-8, bad JSON or a parser stack overflow: all mean "not decodable".
    return null;
  }
}

/** Header segments decoded lately, frozen: a deployment signs with a handful of keys, so the
 * header of nearly every token is one of a few strings, and decoding it again costs ~1 µs. */
const headers = new Map<string, Readonly<JsonObject>>();
const MAX_HEADERS = 32;

function decodeHeader(segment: string): Readonly<JsonObject> | null {
  const known = headers.get(segment);
  if (known) return known;
  const header = decodeJsonSegment(segment);
  if (!header) return null;
  // Cleared rather than evicted one by one: only a flood of distinct headers fills it.
  if (headers.size >= MAX_HEADERS) headers.clear();
  headers.set(segment, Object.freeze(header));
  return header;
}

/**
 * Splits and decodes a compact JWS whose shape was already checked. Returns null when a segment
 * does not decode to a JSON object. The caller enforces the size cap before calling.
 */
export function parseCompactJws(compact: string): ParsedJws | null {
  const parts = compact.split('.');
  if (parts.length !== 3) return null;
  const [h, p, sig] = parts as [string, string, string];
  // Decoded strictly here (jose tolerates non-canonical base64url), so one signature has exactly
  // one spelling (no malleable tokens), and kept for the signature check.
  const signature = decodeBase64url(sig);
  if (signature === null) return null;
  const header = decodeHeader(h);
  if (!header) return null;
  const payload = decodeJsonSegment(p);
  if (!payload) return null;
  return { header, payload, compact, signature };
}

/** True when `header` has exactly the members named, no more. */
export function hasExactlyMembers(header: Readonly<JsonObject>, allowed: readonly string[]): boolean {
  return Object.keys(header).every((k) => allowed.includes(k));
}

/** Three base64url segments; the third may be empty so that `alg: none` is recognised as such. */
export const JWS_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
