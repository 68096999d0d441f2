import { KeyObject, verify } from 'node:crypto';
import type { VerificationKey } from '../core/keys';
import { SIGNATURE_BYTES, type SignatureVerifier } from '../core/signatures';

type Check = { algorithm: string | null; key: KeyObject | { key: KeyObject; dsaEncoding: 'ieee-p1363' } };

/**
 * Signature checks with node:crypto on a `KeyObject` derived once per imported key (with its
 * options, kept as long as the key is, in a WeakMap keyed by it). Two modes:
 * - synchronous `crypto.verify` (the default: one scan at a time, the answer with no hop);
 * - `threadPool`: `crypto.verify` with a callback, which runs the check on libuv's thread pool,
 *   so a batch with many tokens in flight keeps every core verifying while this thread parses
 *   the next tokens (docs/benchmarks.md, docs/decisions.md).
 * Both cost about the bare OpenSSL verification, where WebCrypto adds a promise, a thread-pool
 * job and its argument validation per token.
 */
export class NodeSignatureVerifier implements SignatureVerifier {
  private readonly checks = new WeakMap<VerificationKey, Check | null>();

  constructor(private readonly options: { readonly threadPool?: boolean } = {}) {}

  verify(key: VerificationKey, signingInput: string, signature: Uint8Array): boolean | Promise<boolean> {
    const check = signature.length === SIGNATURE_BYTES ? this.checkFor(key) : null;
    if (!check) return this.options.threadPool ? Promise.resolve(false) : false;
    // ASCII text: latin1 writes each character as its byte, natively.
    const data = Buffer.from(signingInput, 'latin1');
    if (!this.options.threadPool) {
      try {
        return verify(check.algorithm, data, check.key, signature);
      } catch {
        return false;
      }
    }
    return new Promise<boolean>((resolve) => {
      try {
        verify(check.algorithm, data, check.key, signature, (error, ok) => resolve(error === null && ok));
      } catch {
        resolve(false);
      }
    });
  }

  /** How `key` checks a signature, or null when the key's own type is not its algorithm's. */
  private checkFor(key: VerificationKey): Check | null {
    let check = this.checks.get(key);
    if (check === undefined) {
      const keyObject = KeyObject.from(key.key);
      // The key's own type must be the algorithm's: an Ed25519 key never verifies an ES256 token.
      const type = keyObject.asymmetricKeyType;
      if (key.alg === 'ES256')
        check = type === 'ec' ? { algorithm: 'sha256', key: { key: keyObject, dsaEncoding: 'ieee-p1363' } } : null;
      else check = type === 'ed25519' ? { algorithm: null, key: keyObject } : null;
      this.checks.set(key, check);
    }
    return check;
  }
}

/** One instance per process: its key cache is shared by every verifier. */
export const nodeSignatures = new NodeSignatureVerifier();

/** For batches: checks on libuv's thread pool, many in flight at once. */
export const nodeThreadPoolSignatures = new NodeSignatureVerifier({ threadPool: true });
