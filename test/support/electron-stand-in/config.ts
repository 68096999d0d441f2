/**
 * How a stand-in run is set up, passed by the test in one environment variable: which storage
 * backend safeStorage reports (Electron picks it from the desktop session on Linux) and the
 * keyring's secret (so a second run with the same secret can open what the first sealed).
 */
import type { SafeStorage } from 'electron';

export type StorageBackend = ReturnType<SafeStorage['getSelectedStorageBackend']>;

export interface StandInConfig {
  readonly safeStorage: {
    readonly backend: Exclude<StorageBackend, 'unknown'>;
    /** False for a keyring that cannot be reached: isEncryptionAvailable() answers false. */
    readonly available: boolean;
  };
  readonly keyringSecret: string;
  /** Scheme names already taken, as another part of the app would have: `protocol.handle` refuses them. */
  readonly schemesTaken?: readonly string[];
}

export const CONFIG_ENV = 'ELECTRON_STAND_IN_CONFIG';

export const DEFAULT_CONFIG: StandInConfig = {
  safeStorage: { backend: 'gnome_libsecret', available: true },
  keyringSecret: 'stand-in keyring secret',
};

export function readConfig(): StandInConfig {
  const raw = process.env[CONFIG_ENV];
  return raw ? { ...DEFAULT_CONFIG, ...(JSON.parse(raw) as Partial<StandInConfig>) } : DEFAULT_CONFIG;
}
