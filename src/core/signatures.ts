import type { SigAlg, VerificationKey } from './keys';

/**
 * The one signature check of a card token, as a port: core decides what is signed and by which
 * key; the runtime supplies the fastest check it has. Node passes node:crypto (synchronous, no
 * WebCrypto promise machinery per token: src/node/node-signatures.ts), the browser and tests
 * WebCrypto (`webCryptoSignatures` below). Keys are imported once, when trust material is
 * loaded; an implementation may derive its own key form from `key.key` once per key.
 */
export interface SignatureVerifier {
  /**
   * True when `signature` (JWS form: raw r||s for ES256, 64 bytes for EdDSA) is `key`'s
   * signature over `signingInput`, the text `header.payload`, which is ASCII (base64url and a
   * dot), so its characters are its bytes. Passed as text because each runtime turns a string
   * into bytes natively far faster than a JavaScript loop can (docs/benchmarks.md).
   * Never throws for a bad signature: any failure is false.
   */
  verify(key: VerificationKey, signingInput: string, signature: Uint8Array): boolean | Promise<boolean>;
}

/** Both profile algorithms have 64-byte signatures (P-256 r||s, Ed25519 R||S). */
export const SIGNATURE_BYTES = 64;

/** WebCrypto's parameters for each profile algorithm. */
const WEBCRYPTO_ALG: Readonly<Record<SigAlg, { name: string; hash?: string }>> = {
  ES256: { name: 'ECDSA', hash: 'SHA-256' },
  EdDSA: { name: 'Ed25519' },
};

/** The part of WebCrypto used here; core's tsconfig has no DOM types, so it is named locally. */
interface SubtleVerify {
  verify(
    algorithm: { name: string; hash?: string },
    key: unknown,
    signature: Uint8Array,
    data: Uint8Array,
  ): Promise<boolean>;
}

const encoder = new TextEncoder();

/**
 * WebCrypto (`crypto.subtle.verify`), available in every runtime we target: the browser's and
 * the renderer's implementation, and the reference the Node one is tested against.
 */
export const webCryptoSignatures: SignatureVerifier = {
  async verify(key, signingInput, signature) {
    if (signature.length !== SIGNATURE_BYTES) return false;
    const subtle = (globalThis as unknown as { crypto: { subtle: SubtleVerify } }).crypto.subtle;
    try {
      return await subtle.verify(WEBCRYPTO_ALG[key.alg], key.key, signature, encoder.encode(signingInput));
    } catch {
      // A key of another algorithm, or a signature WebCrypto cannot parse: not a signature.
      return false;
    }
  },
};
