import { compactVerify } from 'jose';
import { JWS_SHAPE, parseCompactJws } from './jws-parse';
import { checkProfileHeader } from './profile-header';
import { importPublicKey, KeyError, type VerificationKey } from './keys';
import type { Seconds } from './time';

/** Trust lists are small; anything this large is not one. */
export const MAX_TRUST_LIST_BYTES = 1 << 20;

export interface TrustedIssuer {
  readonly iss: string;
  readonly name: string;
  readonly keys: ReadonlyMap<string, VerificationKey>;
}

/** A trust list whose signature, shape and keys have all been checked (docs/contract/credential-profile.md §3). */
export interface VerifiedTrustList {
  readonly iss: string;
  readonly seq: number;
  readonly iat: Seconds;
  readonly exp: Seconds;
  readonly issuers: ReadonlyMap<string, TrustedIssuer>;
  /** The compact JWS as received, kept so it can be cached and re-verified later. */
  readonly compact: string;
  /** The anchor key that signed it. */
  readonly anchorKid: string;
}

export type TrustListProblem =
  | 'malformed'
  | 'header_rejected'
  | 'unsupported_alg'
  | 'unknown_anchor'
  | 'bad_signature'
  | 'bad_claims'
  | 'bad_key'
  | 'rollback';

export class TrustListError extends Error {
  constructor(
    readonly problem: TrustListProblem,
    message: string,
  ) {
    super(message);
    this.name = 'TrustListError';
  }
}

function fail(problem: TrustListProblem, message: string): never {
  throw new TrustListError(problem, message);
}

function isTime(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}

async function readIssuer(raw: unknown, index: number): Promise<TrustedIssuer> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    fail('bad_claims', `issuer ${index} is not an object`);
  const entry = raw as Record<string, unknown>;
  const iss = entry['iss'];
  if (typeof iss !== 'string' || !iss.startsWith('https://')) fail('bad_claims', `issuer ${index} has no https iss`);
  const name = typeof entry['name'] === 'string' ? entry['name'] : iss;
  const rawKeys = entry['keys'];
  if (!Array.isArray(rawKeys)) fail('bad_claims', `issuer ${iss} has no keys array`);
  const keys = new Map<string, VerificationKey>();
  for (const [k, jwk] of rawKeys.entries()) {
    try {
      const key = await importPublicKey(jwk, { requireKid: true, requireUseSig: true });
      keys.set(key.kid, key);
    } catch (e) {
      // One private or broken key poisons the whole list: it was made by a broken process.
      fail('bad_key', `issuer ${iss} key ${k}: ${e instanceof KeyError ? e.message : 'invalid'}`);
    }
  }
  return { iss, name, keys };
}

export interface TrustListOptions {
  /** The `seq` of the list the terminal already holds; a lower one is refused (rollback). */
  readonly heldSeq?: number | null;
  /** The compact form of the held list; an equal `seq` must carry the same list. */
  readonly heldCompact?: string | null;
}

/**
 * Verifies a trust list against the pinned anchors. Throws TrustListError with a precise problem;
 * the caller keeps its current list on any failure.
 */
export async function verifyTrustList(
  compact: string,
  anchors: readonly VerificationKey[],
  options: TrustListOptions = {},
): Promise<VerifiedTrustList> {
  const text = compact.trim();
  if (text.length > MAX_TRUST_LIST_BYTES) fail('malformed', 'trust list is too large');
  if (!JWS_SHAPE.test(text)) fail('malformed', 'trust list is not a compact JWS');
  const parsed = parseCompactJws(text);
  if (!parsed) fail('malformed', 'trust list does not decode to JSON');
  const { header, payload } = parsed;
  const checked = checkProfileHeader(header, 'civicpass-trust+jwt');
  if (!checked.ok)
    fail(checked.problem, 'trust list header breaks the profile (members, alg or typ civicpass-trust+jwt)');
  const anchor = anchors.find((a) => a.kid === checked.kid && a.alg === checked.alg);
  if (!anchor) fail('unknown_anchor', 'trust list is not signed by a pinned anchor key');
  try {
    await compactVerify(text, anchor.key, { algorithms: [anchor.alg] });
  } catch {
    fail('bad_signature', 'trust list signature does not verify');
  }
  const { iss, seq, iat, exp, issuers } = payload;
  if (typeof iss !== 'string') fail('bad_claims', 'trust list has no iss');
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0)
    fail('bad_claims', 'trust list seq is not an integer');
  if (!isTime(iat) || !isTime(exp) || exp <= iat) fail('bad_claims', 'trust list iat/exp are missing or inverted');
  if (!Array.isArray(issuers)) fail('bad_claims', 'trust list has no issuers array');
  const held = options.heldSeq;
  if (held !== undefined && held !== null) {
    if (seq < held) fail('rollback', `trust list seq ${seq} is lower than the held ${held}`);
    if (seq === held && options.heldCompact && options.heldCompact !== text) {
      fail('rollback', `a different trust list with the held seq ${seq}`);
    }
  }
  const map = new Map<string, TrustedIssuer>();
  for (const [i, raw] of issuers.entries()) {
    const issuer = await readIssuer(raw, i);
    if (map.has(issuer.iss)) fail('bad_claims', `issuer ${issuer.iss} is listed twice`);
    map.set(issuer.iss, issuer);
  }
  return { iss, seq, iat, exp, issuers: map, compact: text, anchorKid: anchor.kid };
}
