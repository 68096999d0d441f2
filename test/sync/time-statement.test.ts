/**
 * Issue 10 item 1, server side: the server signs a time statement with a per-deployment Ed25519
 * time key; the terminal pins the key's public JWK from its enrolment (or from the configuration,
 * if enrolled before the key existed) and checks the statement with it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  calculateJwkThumbprint,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  SignJWT,
  type CryptoKey,
  type JWK,
} from 'jose';
import { SyncServer } from '../../server/app';
import { openServerData } from '../../server/open-server';
import { loadOrCreateTimeKey, TIME_KEY_FILE } from '../../server/time/time-key';
import { startServer, type RunningServer } from '../support/sync-server';

let s: RunningServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

interface Enrolled {
  deviceId: string;
  audience: string;
  timeKey: JWK;
  key: CryptoKey;
}

async function enrol(url = s.url, given?: string): Promise<Enrolled> {
  const code = given ?? (await s.code());
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const res = await fetch(`${url}/v1/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, publicJwk: await exportJWK(publicKey), label: 'raw' }),
  });
  expect(res.status).toBe(201);
  return { ...((await res.json()) as Omit<Enrolled, 'key'>), key: privateKey };
}

async function get(d: Enrolled, path: string, url = s.url): Promise<Response> {
  const bearer = await new SignJWT({})
    .setProtectedHeader({ alg: 'EdDSA' })
    .setIssuer(d.deviceId)
    .setAudience(d.audience)
    .setIssuedAt()
    .setExpirationTime('60s')
    .setJti(randomBytes(16).toString('base64url'))
    .sign(d.key);
  return fetch(`${url}${path}`, { headers: { authorization: `Bearer ${bearer}` } });
}

describe('signed time (GET /v1/time)', () => {
  it('is a JWS over {iat, aud} that verifies with the time key from enrolment', async () => {
    const d = await enrol();
    expect(d.timeKey).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(d.timeKey).not.toHaveProperty('d');
    expect(d.timeKey.kid).toBe(await calculateJwkThumbprint(d.timeKey, 'sha256'));

    const before = Math.floor(Date.now() / 1000);
    const res = await get(d, '/v1/time');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/jwt');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const statement = await res.text();
    expect(decodeProtectedHeader(statement)).toEqual({ alg: 'EdDSA', kid: d.timeKey.kid, typ: 'civicpass-time+jwt' });
    const { payload } = await jwtVerify(statement, await importJWK(d.timeKey, 'EdDSA'), {
      algorithms: ['EdDSA'],
      typ: 'civicpass-time+jwt',
      audience: d.deviceId,
    });
    expect(Object.keys(payload).sort()).toEqual(['aud', 'iat']);
    expect(Number.isInteger(payload.iat)).toBe(true);
    expect(payload.iat).toBeGreaterThanOrEqual(before);
    expect(payload.iat).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
  });

  it('is for enrolled devices only, and the configuration carries the same key', async () => {
    expect((await fetch(`${s.url}/v1/time`)).status).toBe(401);
    const d = await enrol();
    const config = (await (await get(d, '/v1/config')).json()) as { timeKey: JWK };
    expect(config.timeKey).toEqual(d.timeKey);
  });

  it('is made once per deployment: a 0600 file, the same key after a restart', async () => {
    const file = join(s.dir, 'keys', TIME_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const opened = await openServerData(s.dir);
    const again = new SyncServer({ storage: opened.storage, deployment: opened.deployment! });
    const url = await again.listen();
    const d = await enrol(url);
    expect(d.timeKey).toEqual((await enrol()).timeKey);
    const statement = await (await get(d, '/v1/time', url)).text();
    await expect(jwtVerify(statement, await importJWK(d.timeKey, 'EdDSA'))).resolves.toBeTruthy();
    await again.close();
    await opened.storage.close();
  });

  it('a deployment from before the time key gets one at its next start; processes starting together agree', async () => {
    const keys = join(mkdtempSync(join(tmpdir(), 'civicpass-timekey-')), 'keys');
    await mkdir(keys, { mode: 0o700 });
    const made = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateTimeKey(keys)));
    expect(new Set(made.map((k) => k.kid)).size).toBe(1);
    expect(readdirSync(keys)).toEqual([TIME_KEY_FILE]); // no temporary file left behind
    expect((await loadOrCreateTimeKey(keys)).kid).toBe(made[0]!.kid);
  });

  it('the Date header, serverTime and the signed iat all come from the server clock', async () => {
    const at = Math.floor(Date.now() / 1000) + 30; // a server clock a little ahead of this one
    const opened = await openServerData(s.dir);
    const ahead = new SyncServer({ storage: opened.storage, deployment: opened.deployment!, now: () => at });
    const url = await ahead.listen();
    try {
      const d = await enrol(url);
      const res = await get(d, '/v1/time', url);
      expect(res.headers.get('date')).toBe(new Date(at * 1000).toUTCString());
      const { payload } = await jwtVerify(await res.text(), await importJWK(d.timeKey, 'EdDSA'));
      expect(payload.iat).toBe(at);
      const health = await fetch(`${url}/v1/health`);
      expect(health.headers.get('date')).toBe(new Date(at * 1000).toUTCString());
      expect(await health.json()).toMatchObject({ serverTime: at });
    } finally {
      await ahead.close();
      await opened.storage.close();
    }
  });
});
