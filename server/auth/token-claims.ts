import { HttpError } from '../http/json-io';

/** Device tokens live at most this long (sync API: exp <= 60 s after iat). */
export const MAX_TOKEN_LIFETIME = 60;
/** Tolerance past `exp`, for a terminal clock a little behind the server's. */
export const EXP_LEEWAY = 5;
/**
 * Tolerance for `iat` (and `nbf`) ahead of the server's clock. Wider than EXP_LEEWAY because a
 * terminal's clock a few tens of seconds fast is common and harmless, while a token dated further
 * ahead would stay usable (and its replay record kept) until that future time.
 */
export const IAT_LEEWAY = 60;

export interface CheckedClaims {
  readonly exp: number;
  readonly jti: string;
}

const refuse = (code: string, message: string): never => {
  throw new HttpError(401, code, message);
};

const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Checks the claims of a device token whose signature has already been verified: issuer,
 * audience, `iat` not ahead of `now` by more than IAT_LEEWAY, not expired, a lifetime of at most
 * 60 s, and a `jti` of 16-64 characters. So `exp` is at most `now + IAT_LEEWAY + 60`, which bounds
 * how long the replay record of any accepted token is kept.
 */
export function checkDeviceClaims(
  payload: Uint8Array,
  expected: { deviceId: string; audience: string; now: number },
): CheckedClaims {
  let claims: unknown;
  try {
    claims = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch {
    return refuse('bad_token', 'the device token claims are not JSON');
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims))
    return refuse('bad_token', 'the device token claims are not a JSON object');
  const { iss, aud, iat, exp, nbf, jti } = claims as Record<string, unknown>;
  const { deviceId, audience, now } = expected;
  if (iss !== deviceId) refuse('bad_token', 'the device token iss is not the device');
  if (!(aud === audience || (Array.isArray(aud) && aud.includes(audience))))
    refuse('bad_token', 'the device token is addressed to another server (aud)');
  if (!isTime(iat) || !isTime(exp)) return refuse('bad_token', 'the device token needs numeric iat and exp');
  if (nbf !== undefined && !isTime(nbf)) refuse('bad_token', 'the device token nbf is not a number');
  if (iat > now + IAT_LEEWAY || (isTime(nbf) && nbf > now + IAT_LEEWAY))
    refuse('token_not_yet_valid', `the device token is dated more than ${IAT_LEEWAY} s ahead of the server's clock`);
  if (exp + EXP_LEEWAY <= now) refuse('token_expired', 'the device token has expired');
  if (exp < iat || exp - iat > MAX_TOKEN_LIFETIME)
    refuse('bad_token', `device tokens may live ${MAX_TOKEN_LIFETIME} seconds at most`);
  if (typeof jti !== 'string' || jti.length < 16 || jti.length > 64)
    return refuse('bad_token', 'jti must be 16-64 characters');
  return { exp, jti };
}
