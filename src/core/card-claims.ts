import { DAY, type Seconds } from './time';

/** The payload of a card token once every claim rule of docs/contract/credential-profile.md §2 has been checked. */
export interface CardClaims {
  readonly iss: string;
  readonly sub: string;
  readonly iat: Seconds;
  readonly nbf: Seconds | null;
  readonly exp: Seconds;
  readonly services: readonly string[];
  readonly name: string | null;
  readonly libraryNumber: string | null;
  readonly concessions: readonly string[];
  readonly statusIndex: number;
  readonly statusUri: string;
}

export const MAX_LIFETIME: Seconds = 400 * DAY;
const SUB = /^[A-Za-z0-9_-]{8,64}$/;
const CODE = /^[a-z0-9-]{1,32}$/;

const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

function isHttpsUrl(v: unknown): v is string {
  return typeof v === 'string' && v.length <= 2048 && /^https:\/\/[^\s/?#]+[^\s]*$/.test(v);
}

function codeList(v: unknown, min: number, max: number): string[] | null {
  if (!Array.isArray(v) || v.length < min || v.length > max) return null;
  return v.every((c) => typeof c === 'string' && CODE.test(c)) ? (v as string[]) : null;
}

function optionalString(v: unknown, maxLength: number): string | null | undefined {
  if (v === undefined) return null;
  return typeof v === 'string' && v.length <= maxLength ? v : undefined;
}

/**
 * Checks claim types and structure (not time, which depends on the clock). Returns null when any
 * rule is broken: the token is then `malformed`. Unknown claims are ignored.
 */
export function readCardClaims(p: Readonly<Record<string, unknown>>): CardClaims | null {
  if (p['v'] !== 1) return null;
  const { iss, sub, iat, exp } = p;
  if (!isHttpsUrl(iss) || typeof sub !== 'string' || !SUB.test(sub)) return null;
  if (!isTime(iat) || !isTime(exp) || exp <= iat || exp - iat > MAX_LIFETIME) return null;
  const nbf = p['nbf'];
  if (nbf !== undefined && !isTime(nbf)) return null;
  const services = codeList(p['svc'], 1, 16);
  const concessions = p['con'] === undefined ? [] : codeList(p['con'], 0, 16);
  const name = optionalString(p['name'], 40);
  const lib = optionalString(p['lib'], 20);
  if (!services || !concessions || name === undefined || lib === undefined) return null;
  const status = p['status'];
  if (typeof status !== 'object' || status === null || Array.isArray(status)) return null;
  const list = (status as Record<string, unknown>)['status_list'];
  if (typeof list !== 'object' || list === null || Array.isArray(list)) return null;
  const { idx, uri } = list as Record<string, unknown>;
  if (typeof idx !== 'number' || !Number.isSafeInteger(idx) || idx < 0 || !isHttpsUrl(uri)) return null;
  return {
    iss,
    sub,
    iat,
    nbf: nbf ?? null,
    exp,
    services,
    name,
    libraryNumber: lib,
    concessions,
    statusIndex: idx,
    statusUri: uri,
  };
}
