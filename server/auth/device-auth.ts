import { compactVerify, decodeJwt, generateKeyPair, importJWK, type CryptoKey, type JWTPayload } from 'jose';
import type { DeviceRecord, SyncStorage } from '../storage/sync-storage';
import { HttpError } from '../http/json-io';
import { checkDeviceClaims, EXP_LEEWAY } from './token-claims';

export interface AuthenticatedDevice {
  readonly id: string;
  readonly venueId: string;
}

/**
 * Checks `Authorization: Bearer <JWT>` signed by a device key: the signature first, then the
 * device's state (revoked), then the claims (token-claims.ts) and a `jti` never seen before.
 *
 * Nothing about a device is told before its signature checks out: an unknown device's token is
 * checked against a stand-in key nobody holds, so it fails exactly as a bad signature on a known
 * device does (same status, code and message, and the same signature check's time), and a
 * revoked device is only told so (403) once its signature is valid, so that it wipes.
 */
export class DeviceAuthenticator {
  private readonly keys = new Map<string, CryptoKey>();
  /** The public half of a key pair whose private half is dropped at once. */
  private readonly standIn: Promise<CryptoKey> = generateKeyPair('EdDSA', { crv: 'Ed25519' }).then(
    (pair) => pair.publicKey,
  );

  constructor(
    private readonly storage: SyncStorage,
    private readonly audience: string,
  ) {}

  async authenticate(header: string | undefined, now: number): Promise<AuthenticatedDevice> {
    const token = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(header ?? '')?.[1];
    if (!token) throw new HttpError(401, 'missing_token', 'send Authorization: Bearer <device token>');
    let unverified: JWTPayload;
    try {
      unverified = decodeJwt(token);
    } catch {
      throw new HttpError(401, 'malformed_token', 'the device token is not a JWT');
    }
    const device = typeof unverified.iss === 'string' ? await this.storage.getDevice(unverified.iss) : null;
    let payload: Uint8Array;
    try {
      ({ payload } = await compactVerify(token, device ? await this.keyOf(device) : await this.standIn, {
        algorithms: ['EdDSA'],
      }));
    } catch (e) {
      throw refused((e as Error).message);
    }
    // Unreachable (nobody can sign for the stand-in key), but never trust that silently.
    if (!device) throw refused('signature verification failed');
    if (device.revokedAt !== null) throw new HttpError(403, 'device_revoked', 'this device has been revoked');
    const { exp, jti } = checkDeviceClaims(payload, { deviceId: device.id, audience: this.audience, now });
    if (!(await this.storage.rememberJti(`${device.id}:${jti}`, exp + EXP_LEEWAY, now))) {
      throw new HttpError(401, 'token_replayed', 'this device token was already used');
    }
    return { id: device.id, venueId: device.venueId };
  }

  private async keyOf(device: DeviceRecord): Promise<CryptoKey> {
    let key = this.keys.get(device.id);
    if (!key) {
      key = (await importJWK(device.publicJwk, 'EdDSA')) as CryptoKey;
      this.keys.set(device.id, key);
    }
    return key;
  }
}

/** The one answer for every token whose signature does not check out, known device or not. */
function refused(detail: string): HttpError {
  return new HttpError(401, 'bad_token', `the device token was refused (${detail})`);
}
