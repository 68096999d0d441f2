/**
 * Which OS store may seal the terminal's keys, as a pure function over the part of Electron's
 * safeStorage it reads, so that the choice is unit-tested in Node. No `electron` import here.
 */
import type { SecretProtector } from '../../src/node/sync/device-identity';

/** The part of Electron's `safeStorage` used here, with Electron 45's names and shapes. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  /** Linux only in Electron; never called on other platforms. */
  getSelectedStorageBackend(): string;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/**
 * Linux backends that keep the encryption key in the user's keyring. Everything else is refused:
 * `basic_text` encrypts with a password written in Chromium's source (so it seals nothing), and
 * `unknown` is what Electron answers before the app is ready.
 */
const LINUX_KEYRINGS: ReadonlySet<string> = new Set(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']);

/** True when sealing with this store actually protects a secret on this platform. */
export function osStoreProtects(storage: SafeStorageLike, platform: NodeJS.Platform): boolean {
  if (!storage.isEncryptionAvailable()) return false;
  return platform !== 'linux' || LINUX_KEYRINGS.has(storage.getSelectedStorageBackend());
}

/**
 * The terminal's SecretProtector over safeStorage. `available` is asked each time (not cached)
 * because Electron only knows its backend once the app is ready. Secrets are bytes and
 * safeStorage seals strings, so they travel as base64: a UTF-8 round trip would corrupt a random
 * key. The synchronous calls are deprecated in Electron 45, but the protector interface is
 * synchronous and the calls are few and small.
 */
export function safeStorageProtector(storage: SafeStorageLike, platform: NodeJS.Platform): SecretProtector {
  return {
    get available() {
      return osStoreProtects(storage, platform);
    },
    encrypt: (plain) => storage.encryptString(plain.toString('base64')),
    decrypt: (sealed) => Buffer.from(storage.decryptString(sealed), 'base64'),
  };
}
