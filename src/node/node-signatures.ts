import { KeyObject, verify } from 'node:crypto';
import type { VerificationKey } from '../core/keys';
import { SIGNATURE_BYTES, type SignatureVerifier } from '../core/signatures';

/**
 * Signature checks with node:crypto: synchronous `crypto.verify` on a `KeyObject`, which costs
 * about the bare OpenSSL verification, where WebCrypto adds a promise, a thread-pool job and its
 * argument validation per token (docs/benchmarks.md). The `KeyObject` is derived from the
 * imported key once per key and kept as long as the key is (a WeakMap keyed by the key).
 */
export class NodeSignatureVerifier implements SignatureVerifier {
  private readonly keys = new WeakMap<VerificationKey, KeyObject>();

  verify(key: VerificationKey, signingInput: string, signature: Uint8Array): boolean {
    if (signature.length !== SIGNATURE_BYTES) return false;
    let keyObject = this.keys.get(key);
    if (keyObject === undefined) {
      keyObject = KeyObject.from(key.key);
      this.keys.set(key, keyObject);
    }
    // The key's own type must be the algorithm's: an Ed25519 key never verifies an ES256 token.
    const type = keyObject.asymmetricKeyType;
    // ASCII text: latin1 writes each character as its byte, natively.
    const data = Buffer.from(signingInput, 'latin1');
    try {
      if (key.alg === 'ES256') {
        return type === 'ec' && verify('sha256', data, { key: keyObject, dsaEncoding: 'ieee-p1363' }, signature);
      }
      return type === 'ed25519' && verify(null, data, keyObject, signature);
    } catch {
      return false;
    }
  }
}

/** One instance per process: its key cache is shared by every verifier. */
export const nodeSignatures = new NodeSignatureVerifier();
