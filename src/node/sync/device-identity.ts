import { chmod, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type CryptoKey, type JWK } from 'jose';
import { SecretVaultError } from '../secrets/secret-vault';

/**
 * Protects the device's private key at rest where the OS offers it (Electron's safeStorage:
 * Keychain, DPAPI, libsecret). Without one, the key is a file readable only by its owner.
 */
export interface SecretProtector {
  readonly available: boolean;
  encrypt(plain: Buffer): Buffer;
  decrypt(sealed: Buffer): Buffer;
}

const PLAIN_FILE = 'device-key.jwk';
const SEALED_FILE = 'device-key.sealed';

export interface DeviceKey {
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

/** Makes the device's Ed25519 key pair and stores the private half (0600 or OS-protected). */
export async function createDeviceKey(dataDir: string, protector?: SecretProtector): Promise<DeviceKey> {
  const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const privateJwk = await exportJWK(pair.privateKey);
  const text = Buffer.from(JSON.stringify(privateJwk));
  if (protector?.available) {
    await writeFile(join(dataDir, SEALED_FILE), protector.encrypt(text), { mode: 0o600 });
  } else {
    await writeFile(join(dataDir, PLAIN_FILE), text, { mode: 0o600 });
    await chmod(join(dataDir, PLAIN_FILE), 0o600);
  }
  const { d: _d, ...publicJwk } = privateJwk;
  return { privateKey: (await importJWK(privateJwk, 'EdDSA')) as CryptoKey, publicJwk };
}

export async function loadDeviceKey(dataDir: string, protector?: SecretProtector): Promise<DeviceKey> {
  let jwk: JWK;
  try {
    jwk = JSON.parse((await readFile(join(dataDir, PLAIN_FILE))).toString()) as JWK;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    const sealed = join(dataDir, SEALED_FILE);
    if (!protector?.available) {
      // Sealed by a key store that is not there now (no desktop session): say so, not "missing".
      if (existsSync(sealed))
        throw new SecretVaultError("the device key is sealed by the system's key store, which is not available now");
      throw e;
    }
    try {
      jwk = JSON.parse(protector.decrypt(await readFile(sealed)).toString()) as JWK;
    } catch (cause) {
      throw new SecretVaultError(`the device key cannot be unsealed: ${(cause as Error).message}`, { cause });
    }
  }
  const { d: _d, ...publicJwk } = jwk;
  return { privateKey: (await importJWK(jwk, 'EdDSA')) as CryptoKey, publicJwk };
}

/** A bearer token for one request: signed by the device key, 60 s lifetime, random jti. */
export function deviceToken(key: DeviceKey, deviceId: string, audience: string, now: number): Promise<string> {
  const iat = Math.floor(now);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
    .setIssuer(deviceId)
    .setAudience(audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 60)
    .setJti(randomBytes(16).toString('base64url'))
    .sign(key.privateKey);
}
