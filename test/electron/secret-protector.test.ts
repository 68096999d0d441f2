import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { osStoreProtects, safeStorageProtector, type SafeStorageLike } from '../../electron/main/secret-protector';

/** A safeStorage that reverses strings: enough to see what the protector hands it. */
function storage(backend: string, available = true): SafeStorageLike & { sealed: string[] } {
  const sealed: string[] = [];
  return {
    sealed,
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (plain) => {
      sealed.push(plain);
      return Buffer.from([...plain].reverse().join(''));
    },
    decryptString: (encrypted) => [...encrypted.toString()].reverse().join(''),
  };
}

describe('which OS store seals the terminal keys', () => {
  it.each([
    ['gnome_libsecret', true],
    ['kwallet', true],
    ['kwallet5', true],
    ['kwallet6', true],
    // A password fixed in Chromium's source: sealing with it protects nothing.
    ['basic_text', false],
    // What Electron answers before the app is ready.
    ['unknown', false],
    ['something_new', false],
  ])('Linux backend %s -> %s', (backend, protects) => {
    expect(osStoreProtects(storage(backend), 'linux')).toBe(protects);
  });

  it('nothing is sealed where encryption is unavailable, keyring or not', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const)
      expect(osStoreProtects(storage('gnome_libsecret', false), platform)).toBe(false);
  });

  it('Windows (DPAPI) and macOS (Keychain) have no Linux backend to check', () => {
    // Electron documents getSelectedStorageBackend for Linux only; its answer elsewhere is ignored.
    expect(osStoreProtects(storage('basic_text'), 'win32')).toBe(true);
    expect(osStoreProtects(storage('unknown'), 'darwin')).toBe(true);
  });

  it('is asked again each time, since Electron knows its backend only once ready', () => {
    let backend = 'unknown';
    const protector = safeStorageProtector({ ...storage(''), getSelectedStorageBackend: () => backend }, 'linux');
    expect(protector.available).toBe(false);
    backend = 'gnome_libsecret';
    expect(protector.available).toBe(true);
  });

  it('round-trips any bytes, not only UTF-8 text', () => {
    const store = storage('gnome_libsecret');
    const protector = safeStorageProtector(store, 'linux');
    const key = Buffer.concat([randomBytes(32), Buffer.from([0xff, 0xfe, 0x80, 0x00])]);
    expect(protector.decrypt(protector.encrypt(key))).toEqual(key);
    expect(store.sealed[0]).toBe(key.toString('base64'));
  });
});
