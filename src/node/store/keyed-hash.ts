import { createHmac, randomBytes } from 'node:crypto';

/**
 * Keyed hashes of card ids and references (HMAC-SHA256, base64url). The terminal stores and
 * sends only these: the same card gives the same reference, but the id cannot be recovered.
 */
export class KeyedHash {
  constructor(private readonly key: Buffer) {
    if (key.length < 32) throw new Error('a hash key must be at least 32 bytes');
  }

  static generateKey(): Buffer {
    return randomBytes(32);
  }

  ref(cardId: string): string {
    return createHmac('sha256', this.key).update(cardId, 'utf8').digest('base64url');
  }
}
