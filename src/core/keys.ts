import { calculateJwkThumbprint, importJWK, type CryptoKey, type JWK } from 'jose';
import type { Seconds } from './time';

/** The only signature algorithms the profile allows, with the key type each one needs. */
export const ALLOWED_ALGS = ['ES256', 'EdDSA'] as const;
export type SigAlg = (typeof ALLOWED_ALGS)[number];

export function isAllowedAlg(alg: unknown): alg is SigAlg {
  return alg === 'ES256' || alg === 'EdDSA';
}

/** JWK members that only a private key has; any of them disqualifies the key. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'] as const;

export function hasPrivateMember(jwk: Readonly<Record<string, unknown>>): boolean {
  return PRIVATE_MEMBERS.some((m) => Object.hasOwn(jwk, m));
}

/** The algorithm a public JWK's curve implies, or null for any other kind of key. */
export function algForJwk(jwk: Readonly<Record<string, unknown>>): SigAlg | null {
  if (jwk['kty'] === 'EC' && jwk['crv'] === 'P-256' && typeof jwk['x'] === 'string' && typeof jwk['y'] === 'string') {
    return 'ES256';
  }
  if (jwk['kty'] === 'OKP' && jwk['crv'] === 'Ed25519' && typeof jwk['x'] === 'string') return 'EdDSA';
  return null;
}

/** Only the members that define a public key, so thumbprints and imports ignore everything else. */
export function publicJwk(jwk: Readonly<Record<string, unknown>>): JWK {
  if (jwk['kty'] === 'EC') {
    return { kty: 'EC', crv: String(jwk['crv']), x: String(jwk['x']), y: String(jwk['y']) };
  }
  return { kty: String(jwk['kty']), crv: String(jwk['crv']), x: String(jwk['x']) };
}

export function thumbprint(jwk: Readonly<Record<string, unknown>>): Promise<string> {
  return calculateJwkThumbprint(publicJwk(jwk), 'sha256');
}

/** A public key ready to verify with: imported once when trust material changes, never per scan. */
export interface VerificationKey {
  readonly kid: string;
  readonly alg: SigAlg;
  readonly key: CryptoKey;
  /** The window in which tokens signed by this key may have been issued (docs/contract/credential-profile.md §3). */
  readonly nbf: Seconds | null;
  readonly exp: Seconds | null;
}

export class KeyError extends Error {}

/**
 * Validates and imports a public JWK. `requireKid` demands the RFC 7638 thumbprint as `kid`
 * (issuer keys); anchors may omit it and are then named by their thumbprint.
 */
export async function importPublicKey(
  raw: unknown,
  options: { requireKid: boolean; requireUseSig: boolean },
): Promise<VerificationKey> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new KeyError('key is not a JSON object');
  const jwk = raw as Record<string, unknown>;
  if (hasPrivateMember(jwk)) throw new KeyError('key has a private member');
  const alg = algForJwk(jwk);
  if (!alg) throw new KeyError('key is not a P-256 or Ed25519 public key');
  if (jwk['alg'] !== undefined && jwk['alg'] !== alg)
    throw new KeyError(`key alg ${JSON.stringify(jwk['alg'])} does not match its curve`);
  if (options.requireKid && jwk['alg'] === undefined) throw new KeyError('key has no alg');
  if (options.requireUseSig && jwk['use'] !== 'sig') throw new KeyError('key use is not "sig"');
  for (const m of ['nbf', 'exp'] as const) {
    if (jwk[m] !== undefined && (typeof jwk[m] !== 'number' || !Number.isFinite(jwk[m]))) {
      throw new KeyError(`key ${m} is not a number`);
    }
  }
  const computed = await thumbprint(jwk);
  if (jwk['kid'] !== undefined && jwk['kid'] !== computed) throw new KeyError('key kid is not its RFC 7638 thumbprint');
  if (options.requireKid && jwk['kid'] === undefined) throw new KeyError('key has no kid');
  let key: CryptoKey;
  try {
    key = (await importJWK(publicJwk(jwk), alg)) as CryptoKey;
  } catch {
    throw new KeyError('key does not import (bad coordinates)');
  }
  return {
    kid: computed,
    alg,
    key,
    nbf: typeof jwk['nbf'] === 'number' ? jwk['nbf'] : null,
    exp: typeof jwk['exp'] === 'number' ? jwk['exp'] : null,
  };
}
