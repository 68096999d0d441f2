import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { SecretProtector } from '../sync/device-identity';
import { writePrivateFileAtomic } from './private-files';

/** The terminal's secrets, kept out of the database that holds what they protect. */
export interface TerminalSecrets {
  /** This installation's card-reference key (HMAC of card ids), made on first start. */
  cardRefKey?: string;
  /** The venue's shared card-reference key, from its configuration, once enrolled. */
  venueCardRefKey?: string;
  /** The key the card registry's reference hashes are made with. */
  registryKey?: string;
  /** The password of the library system's SIP2 login (from the venue configuration or Admin). */
  lmsPassword?: string;
  /** SIP2's terminal password (`AC`), where the LMS asks for one. */
  lmsTerminalPassword?: string;
}

/** The keys are there but cannot be read: sealed by a key store that is not available, or garbled. */
export class SecretVaultError extends Error {}

const SEALED = 'secrets.sealed';
const PLAIN = 'secrets.json';

/**
 * A small key store beside the database. The registry's hashes of library numbers are only as
 * safe as the key they are made with: with both in one file, 14-digit numbers are recovered by
 * trying them all. So the keys live apart, sealed by the OS store where there is one (Electron's
 * safeStorage: DPAPI, Keychain, libsecret), otherwise in a file only the terminal's user can
 * read (docs/deployment.md says what that leaves open).
 */
export class SecretVault {
  private secrets: TerminalSecrets;

  private constructor(
    private readonly dir: string,
    private readonly protector: SecretProtector | undefined,
  ) {
    try {
      this.secrets = this.read();
    } catch (e) {
      if (e instanceof SecretVaultError) throw e;
      throw new SecretVaultError(`the terminal's keys cannot be read: ${(e as Error).message}`, { cause: e });
    }
  }

  static open(dir: string, protector?: SecretProtector): SecretVault {
    return new SecretVault(dir, protector?.available ? protector : undefined);
  }

  /** Where the secrets are: sealed by the OS store, or a 0600 file. */
  get sealed(): boolean {
    return this.protector !== undefined;
  }

  get<K extends keyof TerminalSecrets>(name: K): TerminalSecrets[K] {
    return this.secrets[name];
  }

  set(patch: TerminalSecrets): void {
    const next = { ...this.secrets, ...patch };
    if (JSON.stringify(next) === JSON.stringify(this.secrets)) return;
    const text = Buffer.from(JSON.stringify(next));
    if (this.protector) {
      writePrivateFileAtomic(join(this.dir, SEALED), this.protector.encrypt(text));
      rmSync(join(this.dir, PLAIN), { force: true });
    } else {
      writePrivateFileAtomic(join(this.dir, PLAIN), text);
    }
    this.secrets = next;
  }

  /** Forgets every secret, on disk too (a withdrawn terminal). */
  wipe(): void {
    for (const file of [SEALED, PLAIN]) rmSync(join(this.dir, file), { force: true });
    this.secrets = {};
  }

  private read(): TerminalSecrets {
    const sealed = join(this.dir, SEALED);
    const plain = join(this.dir, PLAIN);
    if (!this.protector && existsSync(sealed))
      throw new SecretVaultError(
        "the terminal's keys are sealed by the system's key store, which is not available now; unlock it (log in to the kiosk's desktop session) and start again",
      );
    if (this.protector && existsSync(sealed))
      return JSON.parse(this.protector.decrypt(readFileSync(sealed)).toString('utf8')) as TerminalSecrets;
    if (existsSync(plain)) {
      const found = JSON.parse(readFileSync(plain, 'utf8')) as TerminalSecrets;
      // The OS store became available (e.g. a kiosk moved to Electron): seal what was plain.
      if (this.protector) {
        this.secrets = {};
        this.set(found);
      }
      return found;
    }
    return {};
  }
}
