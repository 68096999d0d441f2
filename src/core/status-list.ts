import { base64url, compactVerify } from 'jose';
import { JWS_SHAPE, parseCompactJws } from './jws-parse';
import { checkProfileHeader } from './profile-header';
import type { Inflater } from './ports';
import type { Seconds } from './time';
import type { TrustedIssuer, VerifiedTrustList } from './trust-list';

/** Decompression bound from docs/contract/credential-profile.md §4. */
export const MAX_STATUS_LIST_BYTES = 16 * 1024 * 1024;
/** A status list JWT larger than this cannot be a sane compression of the bound above. */
export const MAX_STATUS_JWT_CHARS = 24 * 1024 * 1024;

export type StatusBits = 1 | 2 | 4 | 8;

/** Decoded status bytes with LSB-first indexing, per draft-ietf-oauth-status-list. */
export class StatusArray {
  readonly size: number;
  private readonly mask: number;

  constructor(
    readonly bits: StatusBits,
    private readonly bytes: Uint8Array,
  ) {
    this.size = Math.floor((bytes.length * 8) / bits);
    this.mask = (1 << bits) - 1;
  }

  /** The status at `index`, or null when the index is beyond the list. */
  get(index: number): number | null {
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.size) return null;
    const bitOffset = index * this.bits;
    const byte = this.bytes[bitOffset >>> 3] ?? 0;
    return (byte >>> (bitOffset & 7)) & this.mask;
  }
}

export function isStatusBits(v: unknown): v is StatusBits {
  return v === 1 || v === 2 || v === 4 || v === 8;
}

export type StatusListProblem =
  'malformed' | 'header_rejected' | 'unsupported_alg' | 'unknown_key' | 'bad_signature' | 'bad_claims' | 'too_large';

export class StatusListError extends Error {
  constructor(
    readonly problem: StatusListProblem,
    message: string,
  ) {
    super(message);
    this.name = 'StatusListError';
  }
}

function fail(problem: StatusListProblem, message: string): never {
  throw new StatusListError(problem, message);
}

/** Decodes a `lst` value (base64url of zlib data) with the output bound enforced. */
export function decodeStatusList(
  bits: StatusBits,
  lst: string,
  inflater: Inflater,
  maxBytes = MAX_STATUS_LIST_BYTES,
): StatusArray {
  let compressed: Uint8Array;
  try {
    compressed = base64url.decode(lst);
  } catch {
    fail('malformed', 'status list lst is not base64url');
  }
  const out = inflater.inflate(compressed, maxBytes);
  if (!out.ok) {
    if (out.error === 'too_large') fail('too_large', `status list inflates beyond ${maxBytes} bytes`);
    fail('malformed', 'status list lst is not zlib data');
  }
  return new StatusArray(bits, out.bytes);
}

/** A status list whose signature was checked against a key of the issuer that signed it. */
export interface VerifiedStatusList {
  readonly uri: string;
  /** The issuer whose key signed the list; only that issuer's tokens may use it. */
  readonly issuer: string;
  readonly iat: Seconds;
  readonly exp: Seconds | null;
  readonly ttl: Seconds | null;
  readonly statuses: StatusArray;
  readonly compact: string;
}

function findSigner(
  trust: VerifiedTrustList,
  kid: string,
  alg: string,
): { issuer: TrustedIssuer; key: NonNullable<ReturnType<TrustedIssuer['keys']['get']>> } | null {
  for (const issuer of trust.issuers.values()) {
    const key = issuer.keys.get(kid);
    if (key && key.alg === alg) return { issuer, key };
  }
  return null;
}

function optionalTime(v: unknown, name: string): Seconds | null {
  if (v === undefined) return null;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) fail('bad_claims', `status list ${name} is not a number`);
  return v;
}

/**
 * Verifies a status list JWT (docs/contract/credential-profile.md §4): header, signature by a key
 * that the trust list gives some issuer, claims, and the bounded decompression. Runs when trust
 * material changes, so each scan only indexes into the decoded bytes.
 */
export async function verifyStatusList(
  compact: string,
  trust: VerifiedTrustList,
  inflater: Inflater,
): Promise<VerifiedStatusList> {
  const text = compact.trim();
  if (text.length > MAX_STATUS_JWT_CHARS) fail('too_large', 'status list JWT is too large');
  if (!JWS_SHAPE.test(text)) fail('malformed', 'status list is not a compact JWS');
  const parsed = parseCompactJws(text);
  if (!parsed) fail('malformed', 'status list does not decode to JSON');
  const { header, payload } = parsed;
  const checked = checkProfileHeader(header, 'statuslist+jwt');
  if (!checked.ok) fail(checked.problem, 'status list header breaks the profile (members, alg or typ statuslist+jwt)');
  const signer = findSigner(trust, checked.kid, checked.alg);
  if (!signer) fail('unknown_key', 'status list is signed by a key no trusted issuer holds');
  try {
    await compactVerify(text, signer.key.key, { algorithms: [signer.key.alg] });
  } catch {
    fail('bad_signature', 'status list signature does not verify');
  }
  const { sub, iat, status_list: sl } = payload;
  if (typeof sub !== 'string' || !sub.startsWith('https://')) fail('bad_claims', 'status list sub is not an https URI');
  if (typeof iat !== 'number' || !Number.isFinite(iat)) fail('bad_claims', 'status list has no iat');
  const exp = optionalTime(payload['exp'], 'exp');
  const ttl = optionalTime(payload['ttl'], 'ttl');
  if (typeof sl !== 'object' || sl === null || Array.isArray(sl))
    fail('bad_claims', 'status list has no status_list object');
  const { bits, lst } = sl as Record<string, unknown>;
  if (!isStatusBits(bits)) fail('bad_claims', 'status list bits is not 1, 2, 4 or 8');
  if (typeof lst !== 'string') fail('bad_claims', 'status list lst is not a string');
  const statuses = decodeStatusList(bits, lst, inflater);
  return { uri: sub, issuer: signer.issuer.iss, iat, exp, ttl, statuses, compact: text };
}
