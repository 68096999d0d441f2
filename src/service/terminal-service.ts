import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { StalenessPolicy } from '../core/staleness';
import { TrustedClock } from '../core/trusted-clock';
import type { Clock } from '../core/time';
import { DAY } from '../core/time';
import { startOfLocalDay } from '../core/calendar';
import { CardVerifier } from '../core/verifier';
import {
  validateArgument,
  type ArgumentsOf,
  type DeviceState,
  type ScanHistoryEntry,
  type SettingsPatch,
  type SubmitResult,
  type SyncState,
  type TerminalApi,
  type TerminalApiEvent,
  type TerminalSettings,
  type TerminalStatus,
  type UnlockResult,
} from '../contract/terminal-api';
import { ApiError } from '../contract/validate';
import type { DeviceManager } from '../node/devices/device-manager';
import { moveSecretsOutOfDatabase } from '../node/secrets/move-secrets';
import { ensurePrivateDir, ensurePrivateFile } from '../node/secrets/private-files';
import { SecretVault } from '../node/secrets/secret-vault';
import { openDatabase, type Db } from '../node/store/database';
import { isStorageFull } from '../node/store/storage-full';
import { wipePersonalData } from '../node/store/wipe';
import { fileLog, type Log } from '../node/log/log';
import { CardRefKeyring, KeyedHash } from '../node/store/keyed-hash';
import type { SecretProtector } from '../node/sync/device-identity';
import { SyncCoordinator } from './sync-coordinator';
import { PinStore } from '../node/store/pin-store';
import { RegistryStore } from '../node/store/registry-store';
import { ScanStore } from '../node/store/scan-store';
import { SettingsStore } from '../node/store/settings-store';
import { StaffCallStore } from '../node/store/staff-call-store';
import { TrustStore } from '../node/store/trust-store';
import { uuid7 } from '../node/store/uuid7';
import type { SerialOpener } from '../node/devices/serial-nfc-reader';
import { ScanPipeline, type ScanInput } from './scan-pipeline';
import { SerialNfcSource } from './serial-nfc-source';
import { StaffSession } from './staff-session';
import { buildStatus } from './status-report';
import { TerminalSettingsStore } from './terminal-settings';
import { TrustState } from './trust-state';

export interface TerminalServiceOptions {
  readonly dataDir: string;
  readonly clock?: Clock;
  readonly devices?: DeviceManager | null;
  /** Start background sync when enrolled (default true; the CLI runs single cycles instead). */
  readonly autoSync?: boolean;
  /** OS protection for the device key (Electron's safeStorage). */
  readonly protector?: SecretProtector;
  readonly syncTimeoutMs?: number;
  readonly syncInterval?: number;
  /** How serial NFC readers are opened (default: the serialport package). */
  readonly serialOpener?: SerialOpener;
  /** Where the terminal logs (default: `<dataDir>/logs/terminal.log`, rotated, no personal data). */
  readonly log?: Log;
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
const PURGE_EVERY_MS = 60 * 60 * 1000;
/** How long a kiosk's call for help stays on the staff screens. */
const STAFF_CALL_SHOWN_SECONDS = 15 * 60;
/** A second "Call staff" within this time is the same call (people press twice). */
const STAFF_CALL_REPEAT_SECONDS = 60;

/**
 * The terminal: core, store, scanners and (later) sync composed behind the TerminalApi. Both
 * hosts run exactly this service; the CLI's `scan` command drives it too.
 */
export class TerminalService implements TerminalApi {
  private readonly events = new EventEmitter<{ event: [TerminalApiEvent] }>();
  private readonly session = new StaffSession();
  private readonly pipeline: ScanPipeline;
  private readonly settingsStore: TerminalSettingsStore;
  private readonly purgeTimer: NodeJS.Timeout;
  private readonly staffCalls: StaffCallStore;
  private readonly serialNfc: SerialNfcSource;
  private lastStaffCall: number | null = null;
  private storageFull = false;
  private lastProblem: string | null = null;
  readonly sync: SyncCoordinator;
  readonly log: Log;

  private constructor(
    private readonly db: Db,
    readonly trust: TrustState,
    readonly scans: ScanStore,
    private readonly settings: SettingsStore,
    private readonly pins: PinStore,
    private readonly clock: TrustedClock,
    private readonly system: Clock,
    registry: RegistryStore,
    keyring: CardRefKeyring,
    vault: SecretVault,
    private readonly devices: DeviceManager | null,
    options: TerminalServiceOptions,
    log: Log,
    private readonly closeLog: () => void,
  ) {
    this.log = log;
    this.settingsStore = new TerminalSettingsStore(settings);
    this.staffCalls = new StaffCallStore(db);
    this.serialNfc = new SerialNfcSource(
      {
        message: (m) => void this.submitFromDevice({ text: m.text, source: 'nfc', receivedAt: m.receivedAt }),
        state: () => this.emit({ type: 'devices', devices: this.deviceList() }),
        problem: (detail) => this.log.warn({ event: 'device_problem', device: 'serial-nfc', detail }, 'NFC reader'),
      },
      options.serialOpener,
    );
    const verifier = new CardVerifier({ material: () => trust.material, clock, policy: () => this.staleness() });
    let registryHash: { key: string; hasher: KeyedHash } | null = null;
    this.pipeline = new ScanPipeline({
      verifier,
      material: () => trust.material,
      clock,
      venue: () => trust.venue,
      staleness: () => this.staleness(),
      settings: () => this.settingsStore.read(trust.venue),
      registry,
      registryRef: (reference) => {
        const key = trust.registryKey;
        if (key === null) return null;
        if (registryHash?.key !== key) registryHash = { key, hasher: new KeyedHash(Buffer.from(key, 'base64url')) };
        return registryHash.hasher.ref(reference);
      },
      store: scans,
      cardRefs: keyring,
      blocked: () => this.sync.blockedMessage,
      nowMs: () => system.now() * 1000,
    });
    this.sync = new SyncCoordinator({
      dataDir: options.dataDir,
      db,
      settings,
      scans,
      trust,
      clock,
      keyring,
      now: () => system.now(),
      autoSync: options.autoSync ?? true,
      ...(options.protector ? { protector: options.protector } : {}),
      ...(options.syncTimeoutMs !== undefined ? { timeoutMs: options.syncTimeoutMs } : {}),
      ...(options.syncInterval !== undefined ? { interval: options.syncInterval } : {}),
      onState: (state) => {
        this.logSyncProblem(state);
        this.emit({ type: 'sync', sync: state });
      },
      wipe: () => {
        wipePersonalData(db, vault, options.dataDir);
        log.warn({ event: 'withdrawn' }, 'terminal withdrawn: personal data and keys wiped');
      },
      onSynced: (summary) => {
        this.log.info(
          {
            event: 'sync',
            accepted: summary.pushed.accepted,
            rejected: summary.pushed.rejected,
            remaining: summary.pushed.remaining,
            trustList: summary.pulled.trustList,
            redemptions: summary.pulled.redemptions,
            staffCalls: summary.pulled.staffCalls.length,
          },
          'sync done',
        );
        this.observeMaterialTime();
        // New keys, cancellations, settings or other tills' redemptions (and their undos) may
        // change an answer: a re-scan is judged anew.
        const p = summary.pulled;
        if (
          p.trustList === 'updated' ||
          p.config === 'updated' ||
          p.registryChanges > 0 ||
          p.redemptions > 0 ||
          p.statusLists.some((l) => l.result === 'updated')
        )
          this.pipeline.recent.clear();
        for (const call of summary.pulled.staffCalls) {
          if (call.at >= this.system.now() - STAFF_CALL_SHOWN_SECONDS) this.emit({ type: 'staff-call', call });
        }
      },
    });
    this.purgeTimer = setInterval(() => this.purge(), PURGE_EVERY_MS);
    this.purgeTimer.unref();
    if (devices) {
      devices.on('devices', () => this.emit({ type: 'devices', devices: this.deviceList() }));
      devices.on('problem', (detail) => this.log.warn({ event: 'device_problem', detail }, 'scanner'));
      devices.on('incomplete', (m) => this.emit({ type: 'scan-incomplete', source: m.source }));
      devices.on(
        'message',
        (m) => void this.submitFromDevice({ text: m.text, source: m.source, receivedAt: m.receivedAt }),
      );
    }
  }

  static async open(options: TerminalServiceOptions): Promise<TerminalService> {
    ensurePrivateDir(options.dataDir);
    const ownLog = options.log ? null : fileLog(join(options.dataDir, 'logs', 'terminal.log'));
    const log = options.log ?? ownLog!.log;
    const dbPath = join(options.dataDir, 'terminal.db');
    for (const path of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`])
      if (path === dbPath || existsSync(path)) ensurePrivateFile(path);
    const db = openDatabase(dbPath);
    try {
      const vault = SecretVault.open(options.dataDir, options.protector);
      moveSecretsOutOfDatabase(db, vault);
      const trustStore = new TrustStore(db);
      const registry = new RegistryStore(db);
      const trust = new TrustState(trustStore, registry, vault);
      await trust.load();
      const settings = new SettingsStore(db);
      const system = options.clock ?? systemClock;
      const clock = new TrustedClock(
        system,
        () => trust.venue.staleness.clockTolerance,
        settings.get<number>('trusted_time') ?? 0,
      );
      const keyring = new CardRefKeyring(cardRefKey(vault));
      const scans = new ScanStore(db, keyring);
      const service = new TerminalService(
        db,
        trust,
        scans,
        settings,
        new PinStore(db),
        clock,
        system,
        registry,
        keyring,
        vault,
        options.devices ?? null,
        options,
        log,
        () => ownLog?.close(),
      );
      await service.sync.init();
      service.observeMaterialTime();
      service.purge();
      service.devices?.start();
      await service.applyReaderSettings();
      log.info(
        { event: 'start', keysSealed: vault.sealed, enrolled: service.sync.enrolment !== null },
        'terminal started',
      );
      return service;
    } catch (e) {
      log.error(
        { event: 'start_failed', detail: e instanceof Error ? e.message : String(e) },
        'terminal could not start',
      );
      ownLog?.close();
      db.close();
      throw e;
    }
  }

  /** Every input device: USB scanners and the serial NFC reader. */
  private deviceList(): DeviceState[] {
    const serial = this.serialNfc.state;
    return [...(this.devices?.list() ?? []), ...(serial ? [serial] : [])];
  }

  /** Applies the staff's reader settings: the serial NFC reader, the wedge pause tolerance. */
  private async applyReaderSettings(): Promise<void> {
    const s = this.settingsStore.read(this.trust.venue);
    this.devices?.setWedgeOptions({ scanGapMs: s.wedgeScanGapMs });
    await this.serialNfc.configure(s);
  }

  /** Signed material vouches for the time; remember the latest so a restart keeps it. */
  private observeMaterialTime(): void {
    if (this.clock.observe(this.trust.material.latestSignedTime)) this.settings.set('trusted_time', this.clock.trusted);
  }

  /** The venue's staleness policy, with the staff's overrides (logged when set) applied. */
  staleness(): StalenessPolicy {
    const base = this.trust.venue.staleness;
    const s = this.settingsStore.read(this.trust.venue);
    return {
      ...base,
      ...(s.statusHardLimitHours !== null ? { statusHardLimit: s.statusHardLimitHours * 3600 } : {}),
      ...(s.trustHardLimitDays !== null ? { trustHardLimit: s.trustHardLimitDays * DAY } : {}),
    };
  }

  /** Deletes uploaded scan log rows older than the venue's retention. */
  purge(): number {
    return this.scans.purge(this.system.now() - this.trust.venue.retentionDays * DAY);
  }

  private emit(event: TerminalApiEvent): void {
    this.events.emit('event', event);
  }

  private requireStaff(): void {
    if (!this.session.use()) throw new ApiError('locked', 'Enter the staff PIN first.');
  }

  /**
   * The scan path for every source; used by devices, the UI and the CLI. A scan that cannot be
   * stored (disk full) gets no verdict: a discount given without its record could be given twice.
   */
  async submit(input: ScanInput): Promise<SubmitResult> {
    let outcome: SubmitResult;
    try {
      outcome = await this.pipeline.submit(input);
    } catch (e) {
      if (!isStorageFull(e)) {
        if (!(e instanceof ApiError))
          this.log.error({ event: 'scan_failed', source: input.source, detail: (e as Error).message }, 'scan failed');
        throw e;
      }
      this.log.error({ event: 'storage_full', detail: (e as Error).message }, 'storage full: scan not recorded');
      this.setStorageFull(true);
      throw new ApiError(
        'storage_full',
        "The terminal's storage is full: this scan was not recorded. Tell your manager; free space on the terminal's disk.",
      );
    }
    this.setStorageFull(false);
    const r = outcome.result;
    this.log.info(
      {
        event: 'scan',
        id: r.eventId,
        outcome: r.outcome,
        reason: r.reason,
        source: input.source,
        service: r.service,
        offer: r.offer?.id ?? null,
        repeat: r.repeat,
        latencyMs: r.latencyMs,
      },
      r.repeat ? 'same card again' : 'scan',
    );
    this.emit({ type: 'scan', result: r });
    return outcome;
  }

  private setStorageFull(full: boolean): void {
    if (this.storageFull === full) return;
    this.storageFull = full;
    void this.getStatus().then((status) => this.emit({ type: 'status', status }));
  }

  /** A device scan has no caller to answer: a refusal (e.g. revoked terminal) goes out as status. */
  private async submitFromDevice(input: ScanInput): Promise<void> {
    try {
      await this.submit(input);
    } catch (e) {
      this.log.warn({ event: 'device_scan_refused', source: input.source, detail: (e as Error).message }, 'refused');
      this.emit({ type: 'status', status: await this.getStatus() });
    }
  }

  /** A sync problem is logged once when it appears (with its detail), not at every retry. */
  private logSyncProblem(state: SyncState): void {
    const key = state.problem ? `${state.problem.code}:${state.problem.detail}` : null;
    if (key === this.lastProblem) return;
    this.lastProblem = key;
    if (state.problem) this.log.warn({ event: 'sync_problem', ...state.problem }, 'sync problem');
    else this.log.info({ event: 'sync_ok' }, 'sync working again');
  }

  // ---- TerminalApi -------------------------------------------------------------------------

  async getStatus(): Promise<TerminalStatus> {
    return buildStatus({
      venue: this.trust.venue,
      settings: this.settingsStore.read(this.trust.venue),
      material: this.trust.material,
      clock: this.clock.read(),
      staleness: this.staleness(),
      sync: this.sync.state,
      devices: this.deviceList(),
      staffUnlocked: this.session.unlocked,
      scansToday: this.scans.countSince(startOfLocalDay(this.clock.read().effective, this.trust.venue.timeZone)),
      staffCalls: this.staffCalls.recent(this.system.now() - STAFF_CALL_SHOWN_SECONDS),
      storageFull: this.storageFull,
    });
  }

  async recentScans(query: ArgumentsOf<'recentScans'>): Promise<ScanHistoryEntry[]> {
    const q = validateArgument('recentScans', query);
    return this.scans.recentScans(q).map(({ latencyMs: _l, ...entry }) => entry);
  }

  async submitScan(input: ArgumentsOf<'submitScan'>): Promise<SubmitResult> {
    const { text, source } = validateArgument('submitScan', input);
    return this.submit({ text, source });
  }

  async submitManualEntry(input: ArgumentsOf<'submitManualEntry'>): Promise<SubmitResult> {
    const { libraryNumber } = validateArgument('submitManualEntry', input);
    return this.submit({ text: libraryNumber, source: 'manual' });
  }

  async getSettings(): Promise<TerminalSettings> {
    return { ...this.settingsStore.read(this.trust.venue), pinSet: this.pins.isSet() };
  }

  async updateSettings(patch: SettingsPatch): Promise<TerminalSettings> {
    const valid = validateArgument('updateSettings', patch);
    this.requireStaff();
    try {
      const before = this.settingsStore.read(this.trust.venue);
      this.settingsStore.update(this.trust.venue, valid);
      this.log.info({ event: 'settings', changed: Object.keys(valid).join(',') }, 'settings changed');
      // Earlier answers were for what the terminal checked, and how, then: judge a re-scan anew.
      this.pipeline.recent.clear();
      if (Object.keys(valid).some((k) => k.startsWith('nfcSerial') || k === 'wedgeScanGapMs'))
        await this.applyReaderSettings();
      for (const key of ['statusHardLimitHours', 'trustHardLimitDays'] as const) {
        if (valid[key] !== undefined && valid[key] !== before[key]) {
          this.settings.logAction(this.system.now(), 'staleness_override', {
            setting: key,
            from: before[key],
            to: valid[key],
          });
        }
      }
    } catch (e) {
      if (e instanceof RangeError) throw new ApiError('invalid_argument', e.message);
      throw e;
    }
    return this.getSettings();
  }

  async unlock(input: ArgumentsOf<'unlock'>): Promise<UnlockResult> {
    const { pin } = validateArgument('unlock', input);
    const result = await this.pins.unlock(pin, this.system.now());
    if (result.ok) this.session.open();
    else this.log.warn({ event: 'pin_refused', reason: result.reason }, 'staff PIN refused');
    return result;
  }

  async lock(): Promise<void> {
    this.session.close();
  }

  async setPin(input: ArgumentsOf<'setPin'>): Promise<void> {
    const { next, current } = validateArgument('setPin', input);
    if (this.pins.isSet()) {
      const check = await this.pins.unlock(current ?? '', this.system.now());
      if (!check.ok)
        throw new ApiError(
          'locked',
          check.reason === 'locked' ? 'Too many wrong PINs: wait and try again.' : 'The current PIN is wrong.',
        );
    }
    await this.pins.set(next);
  }

  async undoRedemption(input: ArgumentsOf<'undoRedemption'>): Promise<{ undone: boolean }> {
    const { eventId } = validateArgument('undoRedemption', input);
    this.requireStaff();
    const now = this.clock.read().effective;
    const event = this.scans.undoRedemptionOf(
      eventId,
      (r) => ({
        type: 'undo_redemption',
        id: uuid7(),
        at: new Date(now * 1000).toISOString(),
        undoes: eventId,
        offer: r.offerId,
        cardRef: r.cardRef,
      }),
      now,
    );
    // The card may now be redeemed again: its next scan must not be shown as a repeat.
    if (event !== null) this.pipeline.recent.forgetEvent(eventId);
    return { undone: event !== null };
  }

  async callStaff(): Promise<{ calledAt: number }> {
    const now = this.system.now();
    if (
      this.lastStaffCall !== null &&
      now - this.lastStaffCall >= 0 &&
      now - this.lastStaffCall < STAFF_CALL_REPEAT_SECONDS
    )
      return { calledAt: this.lastStaffCall };
    this.lastStaffCall = now;
    const event = { type: 'staff_call', id: uuid7(), at: new Date(now * 1000).toISOString() } as const;
    this.db.transaction(() => {
      this.scans.queueEvent(event, now);
      this.settings.logAction(now, 'staff_call', { event: event.id });
    })();
    this.log.info({ event: 'staff_call', id: event.id }, 'staff called');
    return { calledAt: now };
  }

  async resetTrustedClock(): Promise<{ from: number; to: number }> {
    this.requireStaff();
    const from = this.clock.trusted;
    const to = this.system.now();
    this.clock.reset(to);
    this.settings.set('trusted_time', to);
    this.settings.logAction(to, 'trusted_clock_reset', { from, to });
    this.log.warn({ event: 'trusted_clock_reset', from, to }, 'staff reset the trusted time');
    this.pipeline.recent.clear();
    this.emit({ type: 'status', status: await this.getStatus() });
    return { from, to };
  }

  async listDevices(): Promise<DeviceState[]> {
    return this.deviceList();
  }

  async syncNow(): Promise<SyncState> {
    this.requireStaff();
    await this.sync.runNow().catch(() => undefined);
    return this.sync.state;
  }

  subscribe(listener: (event: TerminalApiEvent) => void): () => void {
    this.events.on('event', listener);
    return () => this.events.off('event', listener);
  }

  /** Imports trust material from files (`civicpass trust import`), then refreshes the clock. */
  async importTrust(
    input: Parameters<TrustState['importFiles']>[0],
  ): Promise<Awaited<ReturnType<TrustState['importFiles']>>> {
    const result = await this.trust.importFiles(input, this.system.now());
    this.observeMaterialTime();
    this.pipeline.recent.clear();
    return result;
  }

  async enrol(input: ArgumentsOf<'enrol'>): Promise<SyncState> {
    const { serverUrl, code, label } = validateArgument('enrol', input);
    this.requireStaff();
    try {
      return await this.sync.enrol(serverUrl, code, label);
    } catch (e) {
      this.log.warn({ event: 'enrol_failed', detail: (e as Error).message }, 'enrolment failed');
      throw new ApiError('unavailable', `Enrolment failed: ${(e as Error).message}`);
    }
  }

  async close(): Promise<void> {
    this.sync.stop();
    clearInterval(this.purgeTimer);
    await this.devices?.close();
    await this.serialNfc.close();
    this.events.removeAllListeners();
    this.db.close();
    this.log.info({ event: 'stop' }, 'terminal stopped');
    this.closeLog();
  }
}
