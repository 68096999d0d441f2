import { CompactSign, type JWK } from 'jose';
import type { SigningKey } from './keys';

const encoder = new TextEncoder();

/** Signs a JSON payload as a compact JWS with exactly the profile's header members. */
export function signCompact(key: SigningKey, typ: string, payload: unknown): Promise<string> {
  return new CompactSign(encoder.encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ })
    .sign(key.privateKey);
}

export interface CardPayload {
  v: 1;
  iss: string;
  sub: string;
  iat: number;
  nbf?: number;
  exp: number;
  svc: string[];
  name?: string;
  lib?: string;
  con?: string[];
  status: { status_list: { idx: number; uri: string } };
}

export function signCardToken(key: SigningKey, payload: CardPayload): Promise<string> {
  return signCompact(key, 'civicpass+jwt', payload);
}

export interface TrustListIssuer {
  iss: string;
  name: string;
  keys: JWK[];
}

export interface TrustListPayload {
  iss: string;
  seq: number;
  iat: number;
  exp: number;
  issuers: TrustListIssuer[];
}

export function signTrustList(anchor: SigningKey, payload: TrustListPayload): Promise<string> {
  return signCompact(anchor, 'civicpass-trust+jwt', payload);
}
