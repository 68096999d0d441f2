import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { importAnchors } from '../../src/core/anchors';
import { randomBytes } from 'node:crypto';
import { TerminalService } from '../../src/service/terminal-service';
import { enrolDevice } from '../../src/node/sync/enrol';
import { startServer, type RunningServer } from '../support/sync-server';

let s: RunningServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

async function enrolRaw(code: string) {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const res = await fetch(`${s.url}/v1/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, publicJwk: await exportJWK(publicKey), label: 'raw' }),
  });
  return { res, privateKey, body: (await res.json()) as { deviceId: string; audience: string } };
}

const token = (
  key: CryptoKey | Uint8Array,
  deviceId: string,
  audience: string,
  lifetime = 60,
  jti = randomBytes(16).toString('base64url'),
  iat = Math.floor(Date.now() / 1000),
) =>
  new SignJWT({})
    .setProtectedHeader({ alg: 'EdDSA' })
    .setIssuer(deviceId)
    .setAudience(audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + lifetime)
    .setJti(jti)
    .sign(key);

const get = (path: string, bearer: string) =>
  fetch(`${s.url}${path}`, { headers: { authorization: `Bearer ${bearer}` } });

describe('enrolment', () => {
  it('enrols with a one-time code, keeps the private key on the terminal only, pins the anchor', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'civicpass-enrol-'));
    const t = await TerminalService.open({ dataDir, autoSync: false });
    const state = await t.admin.enrol(s.url, await s.code(), 'Desk 1');
    expect(state).toMatchObject({ enrolled: true, online: 'online' });
    expect(statSync(join(dataDir, 'device-key.jwk')).mode & 0o077).toBe(0);
    const status = await t.getStatus();
    expect(status).toMatchObject({
      venue: { id: 'demo-library' },
      usable: true,
      data: { trustListFreshness: 'fresh' },
    });
    const device = (await s.storage.getDevice(t.admin.enrolment!.deviceId))!;
    expect(device.publicJwk).not.toHaveProperty('d');
    await t.close();
  });

  it('a code works once, and unknown codes are refused', async () => {
    const code = await s.code();
    expect((await enrolRaw(code)).res.status).toBe(201);
    const again = await enrolRaw(code);
    expect(again.res.status).toBe(403);
    expect(again.body).toMatchObject({ error: 'bad_code' });
    expect((await enrolRaw('AAAA-BBBB-CCCC')).res.status).toBe(403);
  });

  it('a terminal with a preconfigured anchor refuses a server with another one', async () => {
    const other = await startServer();
    const pinned = importAnchors(s.deployment.anchorPublicSet());
    await expect(
      enrolDevice({
        dataDir: mkdtempSync(join(tmpdir(), 'civicpass-enrol-')),
        serverUrl: other.url,
        code: await other.code(),
        label: 'x',
        pinnedAnchors: await pinned,
      }),
    ).rejects.toThrow(/does not match/);
    await other.close();
  });
});

describe('device tokens', () => {
  it('accept a fresh token once, and refuse its replay', async () => {
    const { privateKey, body } = await enrolRaw(await s.code());
    const t = await token(privateKey, body.deviceId, body.audience);
    expect((await get('/v1/trust', t)).status).toBe(200);
    const replay = await get('/v1/trust', t);
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ error: 'token_replayed' });
  });

  it('refuse unknown devices, other keys, long-lived, expired and wrongly addressed tokens', async () => {
    const { privateKey, body } = await enrolRaw(await s.code());
    const stranger = (await generateKeyPair('EdDSA', { crv: 'Ed25519' })).privateKey;
    const cases: [string, Promise<string>, string][] = [
      ['unknown device', token(privateKey, 'dev_nobody', body.audience), 'bad_token'],
      ['signed by another key', token(stranger, body.deviceId, body.audience), 'bad_token'],
      ['lifetime over 60 s', token(privateKey, body.deviceId, body.audience, 3600), 'bad_token'],
      [
        'expired',
        token(privateKey, body.deviceId, body.audience, 30, undefined, Math.floor(Date.now() / 1000) - 600),
        'token_expired',
      ],
      ['wrong audience', token(privateKey, body.deviceId, 'urn:someone-else'), 'bad_token'],
      [
        'HS256 with a shared secret',
        new SignJWT({})
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer(body.deviceId)
          .setAudience(body.audience)
          .setIssuedAt()
          .setExpirationTime('60s')
          .setJti('j'.repeat(20))
          .sign(new TextEncoder().encode('x'.repeat(32))),
        'bad_token',
      ],
    ];
    for (const [label, t, code] of cases) {
      const res = await get('/v1/trust', await t);
      expect(res.status, label).toBe(401);
      expect(await res.json(), label).toMatchObject({ error: code });
    }
    expect((await fetch(`${s.url}/v1/trust`)).status).toBe(401);
  });

  it('refuse a revoked device with 403 device_revoked', async () => {
    const { privateKey, body } = await enrolRaw(await s.code());
    await s.storage.revokeDevice(body.deviceId, Date.now() / 1000);
    const res = await get('/v1/config', await token(privateKey, body.deviceId, body.audience));
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: 'device_revoked' });
  });
});

describe('bad input to the server', () => {
  it('answers with clear 4xx, stores nothing, and keeps serving', async () => {
    const { privateKey, body } = await enrolRaw(await s.code());
    const post = async (payload: string | Buffer, type = 'application/json') =>
      fetch(`${s.url}/v1/events`, {
        method: 'POST',
        headers: {
          'content-type': type,
          authorization: `Bearer ${await token(privateKey, body.deviceId, body.audience)}`,
        },
        body: payload,
      });
    const before = await s.storage.eventCount();
    expect((await post('{not json')).status).toBe(400);
    expect((await post(Buffer.alloc(2 * 1024 * 1024, 0x20))).status).toBe(413);
    expect((await post('{}')).status).toBe(400);
    expect((await post('{"events": []}', 'text/plain')).status).toBe(415);
    expect((await post(JSON.stringify({ events: new Array(501).fill({}) }))).status).toBe(413);
    const mixed = await post(
      JSON.stringify({ events: [{ type: 'scan', id: 'not-a-uuid' }, 42, { type: 'nonsense' }] }),
    );
    expect(mixed.status).toBe(200);
    const results = ((await mixed.json()) as { results: { status: string; reason: string }[] }).results;
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(results[0]!.reason).toMatch(/events\[0\]/);
    expect(await s.storage.eventCount()).toBe(before);
    expect((await fetch(`${s.url}/v1/health`)).status).toBe(200);
  });
});
