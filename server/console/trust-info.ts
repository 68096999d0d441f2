/**
 * The deployment's trust list as the console shows it (seq, windows, keys), read from the signed
 * list the server serves terminals, so the console never tells a different story.
 */
import { calculateJwkThumbprint, decodeJwt, type JWK } from 'jose';
import type { ConsoleKeys } from '../../src/contract/console-api';
import type { TrustListPayload } from '../../src/issuer/sign';
import type { Deployment } from '../deployment';

export async function trustListNow(deployment: Deployment, now: number): Promise<TrustListPayload> {
  // Signed by this server (or read back from storage): decoding without verifying is enough.
  return decodeJwt(await deployment.trustList(now)) as unknown as TrustListPayload;
}

export async function consoleKeys(deployment: Deployment, now: number): Promise<ConsoleKeys> {
  const list = await trustListNow(deployment, now);
  // Issuer keys carry their window as `nbf` and (once retired) `exp` beside the JWK members.
  const keys = list.issuers.flatMap((issuer) => issuer.keys) as (JWK & { nbf?: number; exp?: number })[];
  const live = keys.filter((k) => k.exp === undefined);
  const current = live[live.length - 1]?.kid;
  const anchor = deployment.anchorPublicSet().keys[0];
  return {
    issuerKeys: keys.map((k) => ({
      kid: k.kid ?? '',
      alg: k.alg ?? 'ES256',
      notBefore: Number(k.nbf),
      notAfter: k.exp === undefined ? null : Number(k.exp),
      current: k.kid === current,
    })),
    trustList: { seq: list.seq, issuedAt: list.iat, expiresAt: list.exp },
    anchorThumbprint: anchor ? await calculateJwkThumbprint(anchor, 'sha256') : '',
  };
}
