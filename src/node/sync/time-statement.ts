import { compactVerify, importJWK, type JWK } from 'jose';

/** The server's time key as a terminal pins it: an Ed25519 public JWK with its `kid`. */
export interface TimeKey {
  readonly kty: 'OKP';
  readonly crv: 'Ed25519';
  readonly x: string;
  readonly kid: string;
}

/** A public Ed25519 JWK with a kid, and nothing private; else null. */
export function asTimeKey(value: unknown): TimeKey | null {
  const k = value as Partial<Record<string, unknown>> | null;
  if (typeof k !== 'object' || k === null || k['kty'] !== 'OKP' || k['crv'] !== 'Ed25519') return null;
  if (typeof k['x'] !== 'string' || typeof k['kid'] !== 'string' || 'd' in k) return null;
  return { kty: 'OKP', crv: 'Ed25519', x: k['x'], kid: k['kid'] };
}

export class TimeStatementError extends Error {}

/**
 * Checks the server's signed time statement (`GET /v1/time`): an EdDSA JWS of type
 * `civicpass-time+jwt`, signed by the key pinned at enrolment, stating `iat` for this very
 * device. Returns the time it vouches for. Only such a time may move the trusted clock forward.
 */
export async function verifyTimeStatement(jws: string, key: TimeKey, deviceId: string): Promise<number> {
  const cryptoKey = await importJWK(key as unknown as JWK, 'EdDSA');
  let header: { alg?: unknown; kid?: unknown; typ?: unknown };
  let payload: Uint8Array;
  try {
    const verified = await compactVerify(jws.trim(), cryptoKey, { algorithms: ['EdDSA'] });
    header = verified.protectedHeader;
    payload = verified.payload;
  } catch (e) {
    throw new TimeStatementError(`the time statement's signature does not verify: ${(e as Error).message}`);
  }
  if (header.typ !== 'civicpass-time+jwt') throw new TimeStatementError('the time statement has the wrong type');
  if (header.kid !== key.kid) throw new TimeStatementError('the time statement is signed by another key');
  const claims = JSON.parse(new TextDecoder().decode(payload)) as { iat?: unknown; aud?: unknown };
  if (claims.aud !== deviceId) throw new TimeStatementError('the time statement is for another device');
  if (typeof claims.iat !== 'number' || !Number.isFinite(claims.iat))
    throw new TimeStatementError('the time statement states no time');
  return claims.iat;
}
