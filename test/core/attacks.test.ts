/** Hostile tokens: each gets a precise reason, none crashes, none is valid. */
import { describe, expect, it } from 'vitest';
import { createHmac, createSign, generateKeyPairSync } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { base64url, calculateJwkThumbprint } from 'jose';
import { generateSigningKey } from '../../src/issuer/keys';
import { signCompact, signTrustList } from '../../src/issuer/sign';
import { signStatusList } from '../../src/issuer/status-list-writer';
import { CardVerifier, MAX_TOKEN_BYTES } from '../../src/core/verifier';
import { TrustedClock } from '../../src/core/trusted-clock';
import { fixedClock } from '../../src/core/time';
import { DEFAULT_STALENESS } from '../../src/core/staleness';
import { TrustMaterial } from '../../src/core/trust-material';
import { importAnchors } from '../../src/core/anchors';
import { zlibInflater } from '../../src/node/zlib-inflater';
import { makeDeployment, NOW, STATUS_URI } from '../support/deployment';
import { testSignatures } from '../support/signatures';

const b64 = (v: unknown): string => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

describe('attacks on the card token', async () => {
  const d = await makeDeployment();
  const v = await d.verifier();
  const reasonOf = async (token: string): Promise<string> => (await v.verify(token)).result.reason;
  const header = { alg: 'ES256', kid: d.issuerKey.kid, typ: 'civicpass+jwt' };

  it('alg: none, with and without a signature', async () => {
    const h = b64({ alg: 'none', kid: d.issuerKey.kid, typ: 'civicpass+jwt' });
    expect(await reasonOf(`${h}.${b64(d.payload())}.`)).toBe('unsupported_alg');
    expect(await reasonOf(`${h}.${b64(d.payload())}.AAAA`)).toBe('unsupported_alg');
  });

  it('HS256 signed with the issuer public key as the HMAC secret', async () => {
    const h = b64({ alg: 'HS256', kid: d.issuerKey.kid, typ: 'civicpass+jwt' });
    const input = `${h}.${b64(d.payload())}`;
    const sig = createHmac('sha256', JSON.stringify(d.issuerKey.publicJwk)).update(input).digest('base64url');
    expect(await reasonOf(`${input}.${sig}`)).toBe('unsupported_alg');
  });

  it.each(['jku', 'jwk', 'x5u', 'x5c', 'crit', 'b64', 'zip', 'cty'])('a %s header member', async (member) => {
    const extra: Record<string, unknown> = {
      jku: 'https://evil.example/keys',
      jwk: d.issuerKey.publicJwk,
      x5u: 'https://evil.example/c',
      x5c: ['MIIB'],
      crit: ['exp'],
      b64: false,
      zip: 'DEF',
      cty: 'JWT',
    };
    const h = b64({ ...header, [member]: extra[member] });
    expect(await reasonOf(`${h}.${b64(d.payload())}.AAAA`)).toBe('header_rejected');
  });

  it('a jwk header carrying the attacker key, correctly signed by it', async () => {
    const attacker = await generateSigningKey();
    const h = b64({ alg: 'ES256', kid: attacker.kid, typ: 'civicpass+jwt', jwk: attacker.publicJwk });
    expect(await reasonOf(`${h}.${b64(d.payload())}.AAAA`)).toBe('header_rejected');
  });

  it.each([['JWT'], ['civicpass+JWT'], [undefined]])('typ %s', async (typ) => {
    const h = b64({ alg: 'ES256', kid: d.issuerKey.kid, ...(typ ? { typ } : {}) });
    expect(await reasonOf(`${h}.${b64(d.payload())}.AAAA`)).toBe('header_rejected');
  });

  it('a missing or non-string kid', async () => {
    expect(await reasonOf(`${b64({ alg: 'ES256', typ: 'civicpass+jwt' })}.${b64(d.payload())}.AAAA`)).toBe(
      'header_rejected',
    );
    expect(await reasonOf(`${b64({ alg: 'ES256', kid: 7, typ: 'civicpass+jwt' })}.${b64(d.payload())}.AAAA`)).toBe(
      'header_rejected',
    );
  });

  it('an unknown kid, and a kid naming a key of the other algorithm', async () => {
    const stranger = await generateSigningKey();
    expect(await reasonOf(await d.token({}, stranger))).toBe('unknown_key');
    const h = b64({ alg: 'EdDSA', kid: d.issuerKey.kid, typ: 'civicpass+jwt' });
    expect(await reasonOf(`${h}.${b64(d.payload())}.AAAA`)).toBe('unknown_key');
  });

  it('a key of another trusted issuer', async () => {
    const other = await generateSigningKey();
    const anchor = d.anchor;
    const trust = await signTrustList(anchor, {
      iss: 'https://trust.example.gov.uk',
      seq: 6,
      iat: NOW - 60,
      exp: NOW + 86400,
      issuers: [
        { iss: 'https://id.westminster.example.gov.uk', name: 'Westminster', keys: [d.issuerKey.publicJwk] },
        { iss: 'https://id.camden.example.gov.uk', name: 'Camden', keys: [other.publicJwk] },
      ],
    });
    const { material } = await TrustMaterial.load({
      anchors: await importAnchors(d.anchorJwk),
      trustList: trust,
      statusLists: [d.statusList],
      inflater: zlibInflater,
    });
    const vv = new CardVerifier(
      {
        material: () => material,
        clock: new TrustedClock(fixedClock(NOW), () => 300),
        policy: () => DEFAULT_STALENESS,
      },
      testSignatures,
    );
    // Camden's key signing a token that claims to be Westminster's.
    expect((await vv.verify(await d.token({}, other))).result.reason).toBe('unknown_key');
  });

  it('a DER-encoded ECDSA signature (JWS needs raw r||s)', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const kid = await calculateJwkThumbprint({ kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y! });
    const dd = await makeDeployment({
      extraIssuerKeys: [{ kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y!, kid, alg: 'ES256', use: 'sig' }],
    });
    const vv = await dd.verifier();
    const input = `${b64({ alg: 'ES256', kid, typ: 'civicpass+jwt' })}.${b64(dd.payload())}`;
    const der = createSign('sha256').update(input).sign(privateKey).toString('base64url');
    expect((await vv.verify(`${input}.${der}`)).result.reason).toBe('bad_signature');
    const raw = createSign('sha256')
      .update(input)
      .sign({ key: privateKey, dsaEncoding: 'ieee-p1363' })
      .toString('base64url');
    expect((await vv.verify(`${input}.${raw}`)).result.reason).toBe('ok');
  });

  it('a tampered payload and a tampered signature', async () => {
    const [h, p, s] = (await d.token()).split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    payload['svc'] = ['library', 'citysave', 'leisure'];
    expect(await reasonOf(`${h}.${b64(payload)}.${s}`)).toBe('bad_signature');
    const sig = Buffer.from(s, 'base64url');
    sig[5] = (sig[5] ?? 0) ^ 0x01;
    expect(await reasonOf(`${h}.${p}.${sig.toString('base64url')}`)).toBe('bad_signature');
    // 84 characters: a canonical spelling of 63 bytes, one short of a signature.
    expect(await reasonOf(`${h}.${p}.${s.slice(0, -2)}`)).toBe('bad_signature');
  });

  it('a signature spelled non-canonically (spare bits set) is malformed, not a second valid spelling', async () => {
    const token = await d.token();
    const sig = token.split('.')[2]!;
    // 64 bytes are 86 characters; the last one carries 2 data bits and 4 spare bits.
    const last = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const v6 = last.indexOf(sig.at(-1)!);
    const twin = last[(v6 & 0b110000) | 0b0101]!;
    expect(twin).not.toBe(sig.at(-1));
    const respelled = token.slice(0, -1) + twin;
    expect(Buffer.from(respelled.split('.')[2]!, 'base64url')).toEqual(Buffer.from(sig, 'base64url'));
    expect(await reasonOf(respelled)).toBe('malformed');
  });

  it('an oversized token is malformed before anything is parsed', async () => {
    const token = await d.token({ name: 'x'.repeat(40) });
    const padded = `${token.split('.')[0]}.${b64({ ...d.payload(), pad: 'p'.repeat(MAX_TOKEN_BYTES) })}.AAAA`;
    expect(padded.length).toBeGreaterThan(MAX_TOKEN_BYTES);
    expect(await reasonOf(padded)).toBe('malformed');
  });

  it('a non-JSON payload, a JSON array payload, invalid UTF-8', async () => {
    const h = b64(header);
    expect(await reasonOf(`${h}.${b64('hello there')}.AAAA`)).toBe('malformed');
    expect(await reasonOf(`${h}.${b64([1, 2, 3])}.AAAA`)).toBe('malformed');
    expect(await reasonOf(`${h}.${Buffer.from([0xff, 0xfe, 0x7b, 0x7d]).toString('base64url')}.AAAA`)).toBe(
      'malformed',
    );
  });

  it('deeply nested JSON never crashes the verifier', async () => {
    const h = b64(header);
    const nested = '['.repeat(1400) + ']'.repeat(1400);
    expect(await reasonOf(`${h}.${b64(nested)}.AAAA`)).toBe('malformed');
    const deepObject = '{"a":'.repeat(250) + '1' + '}'.repeat(250);
    expect(['malformed', 'bad_signature']).toContain(await reasonOf(`${h}.${b64(deepObject)}.AAAA`));
  });

  it('wrong claim types in a correctly signed token are malformed', async () => {
    for (const bad of [
      { v: 2 },
      { sub: 'short' },
      { svc: [] },
      { svc: ['Library'] },
      { exp: 'tomorrow' },
      { iat: NOW, exp: NOW - 1 },
      { name: 'n'.repeat(41) },
      { lib: 12 },
      { status: { status_list: { idx: -1, uri: STATUS_URI } } },
    ]) {
      const t = await signCompact(d.issuerKey, 'civicpass+jwt', { ...d.payload(), ...bad });
      expect(await reasonOf(t), JSON.stringify(bad)).toBe('malformed');
    }
    const tooLong = await signCompact(d.issuerKey, 'civicpass+jwt', {
      ...d.payload(),
      iat: NOW - 86400,
      exp: NOW + 400 * 86400,
    });
    expect(await reasonOf(tooLong)).toBe('malformed');
  });

  it('replaying a valid token gives the same verdict and never a different card', async () => {
    const token = await d.token();
    const a = await v.verify(token);
    const b = await v.verify(token);
    expect(b).toEqual(a);
  });

  it('a status list that inflates beyond the bound is refused, and its tokens are status_unavailable', async () => {
    const bomb = base64url.encode(deflateSync(new Uint8Array(17 * 1024 * 1024)));
    const list = await signStatusList(d.issuerKey, {
      sub: 'https://id.westminster.example.gov.uk/status/bomb',
      iat: NOW - 60,
      status_list: { bits: 1, lst: bomb },
    });
    const base = await d.material();
    const next = await base.withStatusList(list, zlibInflater);
    expect(next.problem?.problem).toBe('too_large');
    expect(next.material).toBe(base);
  });
});
