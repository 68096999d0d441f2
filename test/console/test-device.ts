/** A device enrolled by hand (its own key, its own tokens), to send the sync API exactly what a test needs. */
import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';

export interface TestDevice {
  readonly id: string;
  bearer(): Promise<string>;
  /** POST /v1/events with this body. */
  postEvents(body: unknown): Promise<{ status: number; json: unknown }>;
}

export async function enrolTestDevice(base: string, code: string, label = 'test till'): Promise<TestDevice> {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const res = await fetch(`${base}/v1/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, publicJwk: await exportJWK(publicKey), label }),
  });
  if (res.status !== 201) throw new Error(`enrolment answered ${res.status}: ${await res.text()}`);
  const { deviceId, audience } = (await res.json()) as { deviceId: string; audience: string };
  const key: CryptoKey = privateKey;
  const bearer = (): Promise<string> =>
    new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA' })
      .setIssuer(deviceId)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime('60s')
      .setJti(randomBytes(16).toString('base64url'))
      .sign(key);
  return {
    id: deviceId,
    bearer,
    async postEvents(body) {
      const r = await fetch(`${base}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await bearer()}` },
        body: JSON.stringify(body),
      });
      return { status: r.status, json: await r.json() };
    },
  };
}
