import { decodeJwt, importJWK, jwtVerify, type CryptoKey, type JWTPayload } from 'jose';
import type { SyncStorage } from '../storage/sync-storage';
import { HttpError } from '../http/json-io';

/** Device tokens live at most this long (sync API: exp <= 60 s after iat). */
export const MAX_TOKEN_LIFETIME = 60;
const LEEWAY = 5;

export interface AuthenticatedDevice {
  readonly id: string;
  readonly venueId: string;
}

/**
 * Checks `Authorization: Bearer <JWT>` signed by a device key: known device, not revoked,
 * signature, audience, a lifetime of at most 60 s, not expired, and a `jti` never seen before.
 */
export class DeviceAuthenticator {
  private readonly keys = new Map<string, CryptoKey>();

  constructor(
    private readonly storage: SyncStorage,
    private readonly audience: string,
  ) {}

  async authenticate(header: string | undefined, now: number): Promise<AuthenticatedDevice> {
    const token = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(header ?? '')?.[1];
    if (!token) throw new HttpError(401, 'missing_token', 'send Authorization: Bearer <device token>');
    let claims: JWTPayload;
    try {
      claims = decodeJwt(token);
    } catch {
      throw new HttpError(401, 'malformed_token', 'the device token is not a JWT');
    }
    const device = typeof claims.iss === 'string' ? this.storage.getDevice(claims.iss) : null;
    if (!device) throw new HttpError(401, 'unknown_device', 'this device is not enrolled');
    if (device.revokedAt !== null) throw new HttpError(403, 'device_revoked', 'this device has been revoked');
    let key = this.keys.get(device.id);
    if (!key) {
      key = (await importJWK(device.publicJwk, 'EdDSA')) as CryptoKey;
      this.keys.set(device.id, key);
    }
    let payload;
    try {
      ({ payload } = await jwtVerify(token, key, {
        algorithms: ['EdDSA'],
        audience: this.audience,
        issuer: device.id,
        currentDate: new Date(now * 1000),
        clockTolerance: LEEWAY,
        requiredClaims: ['iat', 'exp', 'jti'],
      }));
    } catch (e) {
      const code = (e as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'token_expired' : 'bad_token';
      throw new HttpError(401, code, `the device token was refused (${(e as Error).message})`);
    }
    const { iat, exp, jti } = payload as { iat: number; exp: number; jti: unknown };
    if (exp - iat > MAX_TOKEN_LIFETIME)
      throw new HttpError(401, 'bad_token', 'device tokens may live 60 seconds at most');
    if (typeof jti !== 'string' || jti.length < 16 || jti.length > 64)
      throw new HttpError(401, 'bad_token', 'jti must be 16-64 characters');
    if (!this.storage.rememberJti(`${device.id}:${jti}`, exp + LEEWAY, now)) {
      throw new HttpError(401, 'token_replayed', 'this device token was already used');
    }
    return { id: device.id, venueId: device.venueId };
  }
}
