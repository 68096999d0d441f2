import { decodeBase64url } from './base64url';

/** A compact JWS split and decoded, before any signature check. */
export interface ParsedJws {
  readonly header: Readonly<Record<string, unknown>>;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly compact: string;
  /** The signature's bytes, decoded strictly (below), for a signature port to check. */
  readonly signature: Uint8Array;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export type JsonObject = Record<string, unknown>;

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Decodes one base64url segment as a UTF-8 JSON object, or returns null. */
export function decodeJsonSegment(segment: string): JsonObject | null {
  const bytes = decodeBase64url(segment);
  if (!bytes) return null;
  try {
    const value: unknown = JSON.parse(utf8.decode(bytes));
    return isPlainObject(value) ? value : null;
  } catch {
    // Bad UTF-8, bad JSON or a parser stack overflow: all mean "not decodable".
    return null;
  }
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
  const header = decodeJsonSegment(h);
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
