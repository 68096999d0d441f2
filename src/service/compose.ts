import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TrustedClock } from '../core/trusted-clock';
import type { Clock } from '../core/time';
import type { DeviceManager } from '../node/devices/device-manager';
import type { SerialOpener } from '../node/devices/serial-nfc-reader';
import { fileLog, type Log } from '../node/log/log';
import { moveSecretsOutOfDatabase } from '../node/secrets/move-secrets';
import { ensurePrivateDir, ensurePrivateFile } from '../node/secrets/private-files';
import { SecretVault } from '../node/secrets/secret-vault';
import { AuditStore } from '../node/store/audit-store';
import { openDatabase, type Db } from '../node/store/database';
import { CardRefKeyring, KeyedHash } from '../node/store/keyed-hash';
import { PinStore } from '../node/store/pin-store';
import { RegistryStore } from '../node/store/registry-store';
import { ScanStore } from '../node/store/scan-store';
import { SecurityStore } from '../node/store/security-store';
import { SettingsStore } from '../node/store/settings-store';
import { StaffCallStore } from '../node/store/staff-call-store';
import { TrustStore } from '../node/store/trust-store';
import type { SecretProtector } from '../node/sync/device-identity';
import type { LibrarySystemFactory } from './library-link';
import { TerminalSettingsStore } from './terminal-settings';
import { TrustState } from './trust-state';

export interface TerminalServiceOptions {
  readonly dataDir: string;
  /** The system clock (injectable, so that tests can let days pass). */
  readonly clock?: Clock;
  readonly devices?: DeviceManager | null;
  /** Start background sync when enrolled (default true; the CLI runs single cycles instead). */
  readonly autoSync?: boolean;
  /** OS protection for the terminal's keys (Electron's safeStorage). */
  readonly protector?: SecretProtector;
  readonly syncTimeoutMs?: number;
  readonly syncInterval?: number;
  /** How serial NFC readers are opened (default: the serialport package). */
  readonly serialOpener?: SerialOpener;
  /** Where the terminal logs (default: `<dataDir>/logs/terminal.log`, rotated, no personal data). */
  readonly log?: Log;
  /** How the library system is reached (default: the SIP2 client). */
  readonly librarySystem?: LibrarySystemFactory;
  /** A self-service borrowing session nobody touches ends after this long (default 2 minutes). */
  readonly librarySessionIdleMs?: number;
}

/** The terminal's parts, opened and wired once: what the service, its admin side and sync share. */
export interface TerminalParts {
  readonly options: TerminalServiceOptions;
  readonly db: Db;
  readonly log: Log;
  readonly vault: SecretVault;
  readonly system: Clock;
  readonly clock: TrustedClock;
  readonly trust: TrustState;
  readonly registry: RegistryStore;
  readonly keyring: CardRefKeyring;
  readonly scans: ScanStore;
  readonly settings: SettingsStore;
  readonly staffSettings: TerminalSettingsStore;
  readonly security: SecurityStore;
  readonly audit: AuditStore;
  readonly pins: PinStore;
  readonly staffCalls: StaffCallStore;
  /** Closes the database and the log this composition opened. */
  close(): void;
}

const systemClock: Clock = { now: () => Date.now() / 1000 };

/**
 * The key for card references (keyed hashes of card ids in the log, outbox and redemptions):
 * the venue's shared one once enrolled, else one made per installation on first use; both kept
 * in the vault, never beside the references.
 */
function cardRefKey(vault: SecretVault): string {
  const venue = vault.get('venueCardRefKey');
  if (venue) return venue;
  let key = vault.get('cardRefKey');
  if (!key) {
    key = KeyedHash.generateKey().toString('base64url');
    vault.set({ cardRefKey: key });
  }
  return key;
}

/**
 * Opens a terminal's data directory and builds its parts: the private directory and database,
 * the key vault (and the move of keys an earlier version kept in the database), the stores, the
 * verified trust state and the trusted clock. The composition root: the only place that knows
 * how the parts fit.
 */
export async function composeTerminal(options: TerminalServiceOptions): Promise<TerminalParts> {
  ensurePrivateDir(options.dataDir);
  const ownLog = options.log ? null : fileLog(join(options.dataDir, 'logs', 'terminal.log'));
  const log = options.log ?? ownLog!.log;
  const dbPath = join(options.dataDir, 'terminal.db');
  let db: Db | null = null;
  try {
    for (const path of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`])
      if (path === dbPath || existsSync(path)) ensurePrivateFile(path);
    db = openDatabase(dbPath);
    const vault = SecretVault.open(options.dataDir, options.protector);
    moveSecretsOutOfDatabase(db, vault);
    const registry = new RegistryStore(db);
    const trust = new TrustState(new TrustStore(db), registry, vault);
    await trust.load();
    const settings = new SettingsStore(db);
    const security = new SecurityStore(db);
    const system = options.clock ?? systemClock;
    const clock = new TrustedClock(
      system,
      () => trust.venue.staleness.clockTolerance,
      security.get('trusted_time') ?? 0,
    );
    const keyring = new CardRefKeyring(cardRefKey(vault));
    const opened = db;
    return {
      options,
      db,
      log,
      vault,
      system,
      clock,
      trust,
      registry,
      keyring,
      scans: new ScanStore(db, keyring),
      settings,
      staffSettings: new TerminalSettingsStore(settings),
      security,
      audit: new AuditStore(db),
      pins: new PinStore(db),
      staffCalls: new StaffCallStore(db),
      close() {
        opened.close();
        ownLog?.close();
      },
    };
  } catch (e) {
    log.error(
      { event: 'start_failed', detail: e instanceof Error ? e.message : String(e) },
      'terminal could not start',
    );
    db?.close();
    ownLog?.close();
    throw e;
  }
}
