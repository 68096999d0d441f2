/**
 * How a signed list (trust list, status list) is answered: the exact JWS bytes with a strong
 * `ETag` of those bytes, `Last-Modified` from the list's `iat`, and, on the public paths, a
 * `Cache-Control` a shared cache (a CDN, a reverse proxy) may follow. Nothing here is personal
 * data: the lists are signed documents every terminal of the scheme gets alike.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { decodeJwt } from 'jose';
import type { Reply } from '../http/json-io';

/** A strong validator of the exact bytes: two processes serving the same list give the same one. */
export function etagOf(text: string): string {
  return `"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`;
}

/**
 * Whether `If-None-Match` names this representation (RFC 9110 §13.1.2: a list of tags or `*`,
 * compared weakly, so a proxy that compressed the answer and weakened the tag still gets its 304).
 */
export function matchesIfNoneMatch(header: string | string[] | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const tags = (Array.isArray(header) ? header.join(',') : header).split(',').map((t) => t.trim());
  return tags.some((t) => t === '*' || t.replace(/^W\//, '') === etag);
}

/** The times a list states about itself; a JWS that does not decode has none (never cached long). */
export function listTimes(jws: string): { iat: number | null; exp: number | null; ttl: number | null } {
  try {
    const { iat, exp, ttl } = decodeJwt(jws) as { iat?: unknown; exp?: unknown; ttl?: unknown };
    const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
    return { iat: num(iat), exp: num(exp), ttl: num(ttl) };
  } catch {
    return { iat: null, exp: null, ttl: null };
  }
}

/**
 * Seconds a shared cache may keep the list: `wanted`, never beyond its `exp` (a cache must not
 * hand out a list terminals would refuse as expired), never negative.
 */
export function maxAgeFor(wanted: number, exp: number | null, now: number): number {
  const left = exp === null ? wanted : Math.floor(exp - now);
  return Math.max(0, Math.min(Math.floor(wanted), left));
}

export interface ListAnswerOptions {
  /** Seconds a shared cache may keep it; null: the authenticated paths, never stored by a cache. */
  readonly maxAge: number | null;
}

/**
 * The answer for one list. Only `If-None-Match` gives a 304: `If-Modified-Since` is ignored on
 * purpose, since a revocation signed in the same second as the previous list has the same `iat`
 * (whole seconds) and a date comparison would hide it; a 200 is always correct.
 */
export function listAnswer(req: Pick<IncomingMessage, 'headers'>, jws: string, options: ListAnswerOptions): Reply {
  const etag = etagOf(jws);
  const { iat } = listTimes(jws);
  const headers: Record<string, string> = {
    etag,
    ...(iat !== null ? { 'last-modified': new Date(iat * 1000).toUTCString() } : {}),
    ...(options.maxAge !== null ? { 'cache-control': `public, max-age=${options.maxAge}` } : {}),
  };
  if (matchesIfNoneMatch(req.headers['if-none-match'], etag)) return { status: 304, headers };
  return { status: 200, text: jws, headers };
}
