/**
 * Electron's safeStorage as it behaves on Linux, where Chromium's OSCrypt seals with AES-128-CBC
 * under a PBKDF2 key: `v11` and the keyring's secret for libsecret and KWallet, `v10` and the
 * password "peanuts", fixed in Chromium's source, for basic_text. So a basic_text backend
 * "encrypts" happily and protects nothing, which is what the terminal must refuse. Before the
 * app is ready the backend is `unknown` and encryption is unavailable, as in Electron.
 */
import { createCipheriv, createDecipheriv, pbkdf2Sync } from 'node:crypto';
import type { SafeStorage } from 'electron';
import { appStandIn } from './app';
import { readConfig, type StorageBackend } from './config';
import { strict } from './strict';

const CHROMIUM_BASIC_PASSWORD = 'peanuts';
const IV = Buffer.alloc(16, ' ');

function key(password: string): Buffer {
  return pbkdf2Sync(password, 'saltysalt', 1, 16, 'sha1');
}

type Implemented = 'isEncryptionAvailable' | 'getSelectedStorageBackend' | 'encryptString' | 'decryptString';

class StandInSafeStorage implements Pick<SafeStorage, Implemented> {
  /** Which methods main called, in order. */
  readonly calls: string[] = [];
  private readonly config = readConfig();

  isEncryptionAvailable(): boolean {
    this.calls.push('isEncryptionAvailable');
    return appStandIn.isReady() && this.config.safeStorage.available;
  }

  getSelectedStorageBackend(): StorageBackend {
    this.calls.push('getSelectedStorageBackend');
    return appStandIn.isReady() ? this.config.safeStorage.backend : 'unknown';
  }

  encryptString(plainText: string): Buffer {
    this.calls.push('encryptString');
    if (typeof plainText !== 'string') throw new TypeError('Expected the first argument to be a string');
    if (!this.usable())
      throw new Error(
        'Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.',
      );
    const [version, password] = this.sealing();
    const cipher = createCipheriv('aes-128-cbc', key(password), IV);
    return Buffer.concat([Buffer.from(version), cipher.update(plainText, 'utf8'), cipher.final()]);
  }

  decryptString(encrypted: Buffer): string {
    this.calls.push('decryptString');
    if (!Buffer.isBuffer(encrypted)) throw new TypeError('Expected the first argument to be a buffer');
    if (!this.usable())
      throw new Error(
        'Error while decrypting the ciphertext provided to safeStorage.decryptString. Decryption is not available.',
      );
    const version = encrypted.subarray(0, 3).toString('latin1');
    const password = version === 'v10' ? CHROMIUM_BASIC_PASSWORD : version === 'v11' ? this.config.keyringSecret : null;
    try {
      if (password === null) throw new Error(`unknown version ${version}`);
      const decipher = createDecipheriv('aes-128-cbc', key(password), IV);
      return Buffer.concat([decipher.update(encrypted.subarray(3)), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    }
  }

  private usable(): boolean {
    return appStandIn.isReady() && this.config.safeStorage.available;
  }

  private sealing(): [string, string] {
    return this.config.safeStorage.backend === 'basic_text'
      ? ['v10', CHROMIUM_BASIC_PASSWORD]
      : ['v11', this.config.keyringSecret];
  }
}

export const safeStorageStandIn = new StandInSafeStorage();
export const safeStorage = strict('safeStorage', safeStorageStandIn);
