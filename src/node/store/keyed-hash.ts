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

/** Something that turns a card id into its reference. */
export interface CardRefs {
  ref(cardId: string): string;
}

/**
 * The card-reference key in use: the installation's own until the venue's shared key arrives
 * with the venue configuration (so that all tills of a venue agree on "already used").
 */
export class CardRefKeyring implements CardRefs {
  private hasher: KeyedHash;
  private keyText: string;

  constructor(key: string) {
    this.keyText = key;
    this.hasher = new KeyedHash(Buffer.from(key, 'base64url'));
  }

  get key(): string {
    return this.keyText;
  }

  use(key: string): void {
    if (key === this.keyText) return;
    this.hasher = new KeyedHash(Buffer.from(key, 'base64url'));
    this.keyText = key;
  }

  ref(cardId: string): string {
    return this.hasher.ref(cardId);
  }
}
