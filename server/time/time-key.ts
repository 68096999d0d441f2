/**
 * The deployment's time key: an Ed25519 key that signs time statements (GET /v1/time), so that
 * a terminal raises its trusted clock only on a time the server signed, never on an unsigned
 * `Date` header a proxy could change. Terminals pin its public JWK at enrolment (or, enrolled
 * before it existed, from the configuration at their next sync).
 */
import { randomBytes } from 'node:crypto';
import { chmod, link, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CompactSign, type JWK } from 'jose';
import { generateSigningKey, keyFromPrivateJwk, type SigningKey } from '../../src/issuer/keys';

export const TIME_KEY_FILE = 'time.private.jwk';
/** The JWS `typ` of a time statement, so that no other signed object can pass for one. */
export const TIME_STATEMENT_TYP = 'civicpass-time+jwt';

async function readKey(path: string): Promise<SigningKey> {
  return keyFromPrivateJwk(JSON.parse(await readFile(path, 'utf8')) as JWK, 'EdDSA');
}

/**
 * Loads the time key from `keysDir`, making it the first time (deployments from before it
 * existed get theirs on their next start). Made once: the key is written to a private temporary
 * file and then hard-linked into place, which fails if another process got there first, so two
 * server processes starting together end up with one key, never a half-written file.
 */
export async function loadOrCreateTimeKey(keysDir: string): Promise<SigningKey> {
  const path = join(keysDir, TIME_KEY_FILE);
  try {
    return await readKey(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const key = await generateSigningKey('EdDSA');
  const temporary = join(keysDir, `.${TIME_KEY_FILE}.${randomBytes(8).toString('hex')}`);
  await writeFile(temporary, JSON.stringify(key.privateJwk), { mode: 0o600, flag: 'wx' });
  await chmod(temporary, 0o600);
  try {
    await link(temporary, path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    await unlink(temporary);
  }
  return readKey(path);
}

/** The public JWK terminals pin: `kty`, `crv`, `x`, `kid` (RFC 7638 thumbprint), `alg`, `use`. */
export function timeKeyPublicJwk(key: SigningKey): JWK {
  const { kty, crv, x, kid, alg, use } = key.publicJwk;
  return { kty, crv, x, kid, alg, use };
}

/**
 * A time statement for one device: a compact JWS with header
 * `{"alg":"EdDSA","kid":...,"typ":"civicpass-time+jwt"}` and payload `{"iat":...,"aud":...}`,
 * `iat` the server's clock in whole seconds and `aud` the requesting device's id (so a statement
 * made for one terminal is no use to another).
 */
export async function signTimeStatement(key: SigningKey, deviceId: string, now: number): Promise<string> {
  const payload = new TextEncoder().encode(JSON.stringify({ iat: Math.floor(now), aud: deviceId }));
  return new CompactSign(payload)
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: TIME_STATEMENT_TYP })
    .sign(key.privateKey);
}
