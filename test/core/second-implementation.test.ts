/**
 * Tokens, trust lists and status lists made without jose (Node's crypto directly, and the
 * openssl command), so the verifier is not only checked against the library it uses.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { importAnchors } from '../../src/core/anchors';
import { DEFAULT_STALENESS } from '../../src/core/staleness';
import { fixedClock } from '../../src/core/time';
import { TrustedClock } from '../../src/core/trusted-clock';
import { TrustMaterial } from '../../src/core/trust-material';
import { CardVerifier } from '../../src/core/verifier';
import { testSignatures } from '../support/signatures';
import { zlibInflater } from '../../src/node/zlib-inflater';
import { ISS, NOW, STATUS_URI } from '../support/deployment';

const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');

/** RFC 7638 thumbprint computed by hand: members in lexicographic order, no whitespace. */
function thumbprint(jwk: Record<string, string>): string {
  const members = jwk['kty'] === 'EC' ? ['crv', 'kty', 'x', 'y'] : ['crv', 'kty', 'x'];
  const canonical = '{' + members.map((m) => `"${m}":"${jwk[m]}"`).join(',') + '}';
  return createHash('sha256').update(canonical).digest('base64url');
}

interface NodeKey {
  privateKey: KeyObject;
  jwk: Record<string, string>;
  kid: string;
  alg: 'ES256' | 'EdDSA';
}

function nodeKey(alg: 'ES256' | 'EdDSA'): NodeKey {
  const { privateKey, publicKey } =
    alg === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519');
  const exported = publicKey.export({ format: 'jwk' }) as Record<string, string>;
  const jwk: Record<string, string> =
    alg === 'ES256'
      ? { kty: 'EC', crv: 'P-256', x: exported['x']!, y: exported['y']! }
      : { kty: 'OKP', crv: 'Ed25519', x: exported['x']! };
  return { privateKey, jwk, kid: thumbprint(jwk), alg };
}

function jws(key: NodeKey, typ: string, payload: unknown): string {
  const input = `${b64({ alg: key.alg, kid: key.kid, typ })}.${b64(payload)}`;
  const signature =
    key.alg === 'ES256'
      ? sign('sha256', Buffer.from(input), { key: key.privateKey, dsaEncoding: 'ieee-p1363' })
      : sign(null, Buffer.from(input), key.privateKey);
  return `${input}.${signature.toString('base64url')}`;
}

async function setup(alg: 'ES256' | 'EdDSA'): Promise<{ issuer: NodeKey; verifier: CardVerifier }> {
  const anchor = nodeKey('ES256');
  const issuer = nodeKey(alg);
  const trust = jws(anchor, 'civicpass-trust+jwt', {
    iss: 'https://trust.example.gov.uk',
    seq: 1,
    iat: NOW - 60,
    exp: NOW + 86400,
    issuers: [{ iss: ISS, name: 'Westminster', keys: [{ ...issuer.jwk, kid: issuer.kid, alg, use: 'sig' }] }],
  });
  const bytes = new Uint8Array(8);
  bytes[0] = 0b0000_0100; // index 1 (bits 2) = 1: revoked
  const status = jws(issuer, 'statuslist+jwt', {
    sub: STATUS_URI,
    iat: NOW - 60,
    ttl: 3600,
    status_list: { bits: 2, lst: deflateSync(bytes).toString('base64url') },
  });
  const { material, problems } = await TrustMaterial.load({
    anchors: await importAnchors(anchor.jwk),
    trustList: trust,
    statusLists: [status],
    inflater: zlibInflater,
  });
  expect(problems).toEqual([]);
  const verifier = new CardVerifier(
    {
      material: () => material,
      clock: new TrustedClock(fixedClock(NOW), () => 300),
      policy: () => DEFAULT_STALENESS,
    },
    testSignatures,
  );
  return { issuer, verifier };
}

const card = (idx: number) => ({
  v: 1,
  iss: ISS,
  sub: 'node_crypto_card_1',
  iat: NOW - 3600,
  exp: NOW + 86400,
  svc: ['library'],
  status: { status_list: { idx, uri: STATUS_URI } },
});

describe.each(['ES256', 'EdDSA'] as const)('material signed by node:crypto with %s', (alg) => {
  it('verifies a valid card and a revoked one', async () => {
    const { issuer, verifier } = await setup(alg);
    expect((await verifier.verify(jws(issuer, 'civicpass+jwt', card(0)))).result).toMatchObject({
      outcome: 'valid',
      reason: 'ok',
    });
    expect((await verifier.verify(jws(issuer, 'civicpass+jwt', card(1)))).result).toMatchObject({
      outcome: 'invalid',
      reason: 'revoked',
    });
  });
});

describe('a card signed by the openssl command', () => {
  it('verifies, and a flipped bit does not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'civicpass-openssl-'));
    execFileSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', join(dir, 'key.pem')]);
    const pub = execFileSync('openssl', ['pkey', '-in', join(dir, 'key.pem'), '-pubout', '-outform', 'DER']);
    // The last 32 bytes of the SubjectPublicKeyInfo are the raw Ed25519 public key.
    const x = pub.subarray(pub.length - 32).toString('base64url');
    const jwk = { kty: 'OKP', crv: 'Ed25519', x };
    const anchor = nodeKey('ES256');
    const kid = thumbprint(jwk);
    const trust = jws(anchor, 'civicpass-trust+jwt', {
      iss: 'https://trust.example.gov.uk',
      seq: 1,
      iat: NOW - 60,
      exp: NOW + 86400,
      issuers: [{ iss: ISS, name: 'Westminster', keys: [{ ...jwk, kid, alg: 'EdDSA', use: 'sig' }] }],
    });
    const opensslSign = (input: string): string => {
      writeFileSync(join(dir, 'input'), input);
      execFileSync('openssl', [
        'pkeyutl',
        '-sign',
        '-rawin',
        '-inkey',
        join(dir, 'key.pem'),
        '-in',
        join(dir, 'input'),
        '-out',
        join(dir, 'sig'),
      ]);
      return readFileSync(join(dir, 'sig')).toString('base64url');
    };
    const statusInput = `${b64({ alg: 'EdDSA', kid, typ: 'statuslist+jwt' })}.${b64({ sub: STATUS_URI, iat: NOW - 60, status_list: { bits: 1, lst: deflateSync(new Uint8Array(4)).toString('base64url') } })}`;
    const status = `${statusInput}.${opensslSign(statusInput)}`;
    const { material, problems } = await TrustMaterial.load({
      anchors: await importAnchors(anchor.jwk),
      trustList: trust,
      statusLists: [status],
      inflater: zlibInflater,
    });
    expect(problems).toEqual([]);
    const verifier = new CardVerifier(
      {
        material: () => material,
        clock: new TrustedClock(fixedClock(NOW), () => 300),
        policy: () => DEFAULT_STALENESS,
      },
      testSignatures,
    );
    const input = `${b64({ alg: 'EdDSA', kid, typ: 'civicpass+jwt' })}.${b64(card(2))}`;
    const token = `${input}.${opensslSign(input)}`;
    expect((await verifier.verify(token)).result).toMatchObject({ outcome: 'valid', reason: 'ok' });
    const sig = Buffer.from(token.split('.')[2]!, 'base64url');
    sig[0] = (sig[0] ?? 0) ^ 0x80;
    expect((await verifier.verify(`${input}.${sig.toString('base64url')}`)).result.reason).toBe('bad_signature');
  });
});
