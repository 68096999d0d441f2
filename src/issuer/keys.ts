import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import type { SigAlg } from '../core/keys';

/** A signing key pair with its public JWK in the profile's form (kid = RFC 7638 thumbprint). */
export interface SigningKey {
  readonly alg: SigAlg;
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
  readonly privateJwk: JWK;
}

export async function keyFromPrivateJwk(privateJwk: JWK, alg: SigAlg): Promise<SigningKey> {
  const { d: _d, ...pub } = privateJwk;
  const kid = await calculateJwkThumbprint(pub, 'sha256');
  const privateKey = (await importJWK(privateJwk, alg)) as CryptoKey;
  return { alg, kid, privateKey, publicJwk: { ...pub, kid, alg, use: 'sig' }, privateJwk: { ...privateJwk, kid, alg } };
}

export async function generateSigningKey(alg: SigAlg = 'ES256'): Promise<SigningKey> {
  const pair = await generateKeyPair(alg, { extractable: true, ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}) });
  const privateJwk = await exportJWK(pair.privateKey);
  return keyFromPrivateJwk(privateJwk, alg);
}
