/**
 * The signature port's contract: node:crypto (src/node/node-signatures.ts, the CLI's and the
 * terminal's, synchronous or on libuv's thread pool for batches) and WebCrypto (src/core/signatures.ts, the browser's) give the same answer for
 * the same vectors: genuine, forged, tampered, wrong algorithm, wrong key, malformed signature.
 */
import { describe, expect, it } from 'vitest';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { importPublicKey, type SigAlg, type VerificationKey } from '../../src/core/keys';
import { webCryptoSignatures, type SignatureVerifier } from '../../src/core/signatures';
import { NodeSignatureVerifier } from '../../src/node/node-signatures';

interface TestKey {
  readonly privateKey: KeyObject;
  readonly key: VerificationKey;
}

async function testKey(alg: SigAlg): Promise<TestKey> {
  const { privateKey, publicKey } =
    alg === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519');
  const jwk = { ...publicKey.export({ format: 'jwk' }), alg };
  return { privateKey, key: await importPublicKey(jwk, { requireKid: false, requireUseSig: false }) };
}

function signWith(k: TestKey, data: Uint8Array): Uint8Array {
  return k.key.alg === 'ES256'
    ? sign('sha256', data, { key: k.privateKey, dsaEncoding: 'ieee-p1363' })
    : sign(null, data, k.privateKey);
}

const IMPLEMENTATIONS: [string, SignatureVerifier][] = [
  ['node:crypto', new NodeSignatureVerifier()],
  ['node:crypto on the thread pool', new NodeSignatureVerifier({ threadPool: true })],
  ['WebCrypto', webCryptoSignatures],
];

const text = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJjYXJkIn0';
const input = new TextEncoder().encode(text);
/** The same signing input with its last character changed ('0' to '1'). */
const tampered = text.slice(0, -1) + '1';

describe.each(['ES256', 'EdDSA'] as const)('%s', async (alg) => {
  const k = await testKey(alg);
  const other = await testKey(alg);
  const otherAlg = await testKey(alg === 'ES256' ? 'EdDSA' : 'ES256');
  const good = signWith(k, input);
  const flipped = Uint8Array.from(good);
  flipped[10] = flipped[10]! ^ 0x40;

  const vectors: [string, VerificationKey, string, Uint8Array, boolean][] = [
    ['genuine', k.key, text, good, true],
    ['forged: signed by another key of the same algorithm', k.key, text, signWith(other, input), false],
    ['wrong key: verified with another key', other.key, text, good, false],
    ['tampered signing input', k.key, tampered, good, false],
    ['tampered signature', k.key, text, flipped, false],
    ['wrong alg: a key of the other algorithm under this one', { ...otherAlg.key, alg }, text, good, false],
    [
      'wrong alg: this key named as the other algorithm',
      { ...k.key, alg: alg === 'ES256' ? 'EdDSA' : 'ES256' },
      text,
      good,
      false,
    ],
    ['signature too short', k.key, text, good.subarray(0, 63), false],
    ['signature too long', k.key, text, Uint8Array.from([...good, 0]), false],
    ['empty signature', k.key, text, new Uint8Array(0), false],
    ['all-zero signature', k.key, text, new Uint8Array(64), false],
  ];

  it.each(IMPLEMENTATIONS)('%s answers every vector as expected', async (_name, impl) => {
    for (const [what, key, data, signature, expected] of vectors) {
      expect(await impl.verify(key, data, signature), what).toBe(expected);
    }
  });

  if (alg === 'ES256') {
    it.each(IMPLEMENTATIONS)('%s refuses a DER-encoded ECDSA signature (JWS needs raw r||s)', async (_name, impl) => {
      const der = sign('sha256', input, k.privateKey);
      expect(await impl.verify(k.key, text, der)).toBe(false);
    });
  }
});
