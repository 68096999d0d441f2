import { startOfLocalDay } from '../core/calendar';
import type { StalenessPolicy } from '../core/staleness';
import {
  validateArgument,
  type ArgumentsOf,
  type BorrowedItem,
  type DeviceState,
  type LibrarySession,
  type LoanView,
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
import { errorDetail } from '../contract/error-detail';
import { ApiError } from '../contract/validate';
import type { Log } from '../node/log/log';
import { isStorageFull } from '../node/store/storage-full';
import { wipePersonalData } from '../node/store/wipe';
import { composeTerminal, type TerminalParts, type TerminalServiceOptions } from './compose';
import { DeviceInputs } from './device-inputs';
import { Retention } from './retention';
import type { PipelineOutcome, ScanInput, ScanPipeline } from './scan-pipeline';
import { StaffCalls } from './staff-calls';
import { StaffSession } from './staff-session';
import { buildStatus } from './status-report';
import type { SyncCoordinator } from './sync-coordinator';
import { adminFor, type TerminalAdmin } from './terminal-admin';
import { scanPipelineFor } from './scan-pipeline-wiring';
import { changesAnswers, syncCoordinatorFor } from './sync-wiring';
import { saveStaffSettings, stalenessWithOverrides } from './settings-saving';
import { resetTrustedClock, undoRedemption } from './staff-corrections';
import { TerminalEvents } from './terminal-events';
import { TerminalLibrary } from './terminal-library';
import type { SettingChange } from './terminal-settings';
import { enrolProblemOf } from './startup-problem';

export type { TerminalServiceOptions } from './compose';

/**
 * The terminal behind the TerminalApi: a facade over its parts (composed in compose.ts). Both
 * hosts serve exactly this; the command line, the demo and tests use `admin` besides.
 */
export class TerminalService implements TerminalApi {
  private readonly events = new TerminalEvents();
  private readonly session: StaffSession;
  private readonly pipeline: ScanPipeline;
  private readonly inputs: DeviceInputs;
  private readonly retention: Retention;
  private readonly calls: StaffCalls;
  private readonly sync: SyncCoordinator;
  private readonly library: TerminalLibrary;
  private storageFull = false;
  readonly log: Log;
  /** What the owner may do without the staff PIN (command line, demo, tests). */
  readonly admin: TerminalAdmin;

  private constructor(private readonly parts: TerminalParts) {
    const { db, trust, system, scans, log, options } = parts;
    this.log = log;
    this.session = new StaffSession(() => system.now() * 1000);
    this.calls = new StaffCalls({ ...parts, received: parts.staffCalls });
    this.retention = new Retention(scans, system, () => trust.venue.retentionDays, log);
    this.inputs = new DeviceInputs(options.devices ?? null, {
      submit: (input) => void this.submitFromDevice(input),
      emit: (event) => this.events.emit(event),
      log,
      ...(options.serialOpener ? { serialOpener: options.serialOpener } : {}),
    });
    this.library = new TerminalLibrary(parts, {
      emit: (event) => this.events.emit(event),
      forgetRecentResults: () => this.pipeline.recent.clear(),
    });
    this.pipeline = scanPipelineFor(parts, {
      staleness: () => this.staleness(),
      blocked: () => this.sync.blockedMessage,
    });
    this.sync = syncCoordinatorFor(parts, {
      emit: (event) => this.events.emit(event),
      wipe: () => {
        this.library.endSession();
        wipePersonalData(db, parts.vault, options.dataDir);
        log.warn({ event: 'withdrawn' }, 'terminal withdrawn: personal data and keys wiped');
      },
      synced: (pulled) => {
        this.observeMaterialTime();
        if (changesAnswers(pulled)) this.pipeline.recent.clear();
        for (const call of this.calls.fresh(pulled.staffCalls)) this.events.emit({ type: 'staff-call', call });
      },
    });
    this.admin = adminFor(parts, {
      sync: this.sync,
      recent: this.pipeline.recent,
      retention: this.retention,
      observeMaterialTime: () => this.observeMaterialTime(),
    });
  }

  static async open(options: TerminalServiceOptions): Promise<TerminalService> {
    const parts = await composeTerminal(options);
    let service: TerminalService | null = null;
    try {
      service = new TerminalService(parts);
      await service.sync.init();
      service.observeMaterialTime();
      service.retention.start();
      service.inputs.start();
      await service.inputs.apply(parts.staffSettings.read(parts.trust.venue));
      parts.log.info(
        { event: 'start', keysSealed: parts.vault.sealed, enrolled: service.sync.enrolment !== null },
        'terminal started',
      );
      return service;
    } catch (e) {
      parts.log.error({ event: 'start_failed', detail: e instanceof Error ? e.message : String(e) }, 'could not start');
      // Nothing of a failed start may live on: no sync or purge timer, no open reader.
      await service?.stopParts().catch(() => undefined);
      parts.close();
      throw e;
    }
  }

  /** Signed material vouches for the time; remember the latest so a restart keeps it. */
  private observeMaterialTime(): void {
    const { clock, trust, security } = this.parts;
    if (clock.observe(trust.material.latestSignedTime)) security.set('trusted_time', clock.trusted);
  }

  /** The venue's staleness policy, with the staff's overrides (audited when set) applied. */
  private staleness(): StalenessPolicy {
    const venue = this.parts.trust.venue;
    return stalenessWithOverrides(venue, this.parts.staffSettings.read(venue));
  }

  /**
   * What follows a stored change of settings: answers judged anew, readers reconfigured (awaited,
   * so a reader that cannot open is the caller's error, on the Admin screen).
   */
  private async settingsChanged(changes: readonly SettingChange[]): Promise<void> {
    this.log.info({ event: 'settings', changed: changes.map((c) => c.key).join(',') }, 'settings changed');
    // Earlier answers were for what the terminal checked, and how, then.
    this.pipeline.recent.clear();
    if (changes.some((c) => c.key.startsWith('nfcSerial') || c.key === 'wedgeScanGapMs'))
      await this.inputs.apply(this.parts.staffSettings.read(this.parts.trust.venue));
  }

  private requireStaff(): void {
    if (!this.session.use()) throw new ApiError('locked', 'Enter the staff PIN first.');
  }

  /**
   * The scan path for every source: devices, the UI and the command line. A scan that cannot be
   * stored (disk full) gets no verdict: a discount given without its record could be given twice.
   */
  async submit(input: ScanInput): Promise<SubmitResult> {
    let outcome: PipelineOutcome;
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
      throw new ApiError('storage_full', "The terminal's storage is full: this scan was not recorded.");
    }
    this.setStorageFull(false);
    // A valid library card's account is looked up while its verdict is already on screen.
    const { result: r, lookUp } = this.library.afterScan(outcome);
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
    this.events.emit({ type: 'scan', result: r });
    lookUp();
    // The patron's number stays in the service: the result carries only what the role may see.
    return { status: 'handled', result: r };
  }

  private setStorageFull(full: boolean): void {
    if (this.storageFull === full) return;
    this.storageFull = full;
    this.announceStatus();
  }

  /** Sends the status to the page; a status that cannot be read is logged, never thrown into nowhere. */
  private announceStatus(): void {
    this.getStatus().then(
      (status) => this.events.emit({ type: 'status', status }),
      (e: unknown) => this.log.error({ event: 'status_failed', detail: errorDetail(e) }, 'status could not be read'),
    );
  }

  /**
   * A device scan has no caller to answer: a refusal goes to the page as an event with its code
   * (the screen words it for whoever scanned), and to the log; a fault is logged with its cause.
   */
  private async submitFromDevice(input: ScanInput): Promise<void> {
    try {
      // During a resident's borrowing session every scan is an item (labels may look like cards).
      if (this.library.borrowing) await this.library.borrow(input.text, input.source === 'nfc');
      else await this.submit(input);
    } catch (e) {
      const code = e instanceof ApiError ? e.code : 'internal';
      if (code === 'internal')
        this.log.error({ event: 'device_scan_failed', source: input.source, detail: errorDetail(e) }, 'failed');
      else this.log.warn({ event: 'device_scan_refused', source: input.source, code }, 'refused');
      this.events.emit({ type: 'scan-refused', source: input.source, code });
      this.announceStatus();
    }
  }

  // ---- TerminalApi -------------------------------------------------------------------------

  async getStatus(): Promise<TerminalStatus> {
    const { trust, clock, scans, staffSettings } = this.parts;
    const reading = clock.read();
    return buildStatus({
      venue: trust.venue,
      settings: staffSettings.read(trust.venue),
      material: trust.material,
      clock: reading,
      staleness: this.staleness(),
      sync: this.sync.state,
      devices: this.inputs.list(),
      staffUnlocked: this.session.unlocked,
      scansToday: scans.countSince(startOfLocalDay(reading.effective, trust.venue.timeZone)),
      staffCalls: this.calls.recent(),
      storageFull: this.storageFull,
      library: this.library.status(),
    });
  }

  async recentScans(query: ArgumentsOf<'recentScans'>): Promise<ScanHistoryEntry[]> {
    const q = validateArgument('recentScans', query);
    return this.parts.scans.recentScans(q).map(({ latencyMs: _l, ...entry }) => entry);
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
    return { ...this.parts.staffSettings.read(this.parts.trust.venue), pinSet: this.parts.pins.isSet() };
  }

  async updateSettings(patch: SettingsPatch): Promise<TerminalSettings> {
    const valid = validateArgument('updateSettings', patch);
    this.requireStaff();
    const changes = saveStaffSettings(this.parts, valid);
    if (changes.length > 0) await this.settingsChanged(changes);
    return this.getSettings();
  }

  async unlock(input: ArgumentsOf<'unlock'>): Promise<UnlockResult> {
    const { pin } = validateArgument('unlock', input);
    const result = await this.parts.pins.unlock(pin, this.parts.system.now());
    if (result.ok) this.session.open();
    else this.log.warn({ event: 'pin_refused', reason: result.reason }, 'staff PIN refused');
    return result;
  }

  async lock(): Promise<void> {
    this.session.close();
  }

  async setPin(input: ArgumentsOf<'setPin'>): Promise<void> {
    const { next, current } = validateArgument('setPin', input);
    const pins = this.parts.pins;
    if (pins.isSet()) {
      const check = await pins.unlock(current ?? '', this.parts.system.now());
      if (!check.ok) {
        this.log.warn({ event: 'pin_refused', reason: check.reason }, 'staff PIN refused');
        if (check.reason === 'locked') throw new ApiError('pin_locked_out', 'Too many wrong PINs: wait and try again.');
        throw new ApiError('wrong_pin', 'The current PIN is wrong.');
      }
    }
    await pins.set(next);
  }

  async undoRedemption(input: ArgumentsOf<'undoRedemption'>): Promise<{ undone: boolean }> {
    const { eventId } = validateArgument('undoRedemption', input);
    this.requireStaff();
    const undone = undoRedemption(this.parts, eventId);
    // The card may now be redeemed again: its next scan must not be shown as a repeat.
    if (undone) this.pipeline.recent.forgetEvent(eventId);
    return { undone };
  }

  async callStaff(): Promise<{ calledAt: number }> {
    return this.calls.call();
  }

  async resetTrustedClock(): Promise<{ from: number; to: number }> {
    this.requireStaff();
    const { from, to } = resetTrustedClock(this.parts);
    this.pipeline.recent.clear();
    this.events.emit({ type: 'status', status: await this.getStatus() });
    return { from, to };
  }

  async listDevices(): Promise<DeviceState[]> {
    return this.inputs.list();
  }

  async syncNow(): Promise<SyncState> {
    this.requireStaff();
    // Not swallowed: a failed cycle is in the state returned, as its problem (code and detail).
    await this.sync.runNow().catch(() => undefined);
    return this.sync.state;
  }

  async enrol(input: ArgumentsOf<'enrol'>): Promise<SyncState> {
    const { serverUrl, code, label } = validateArgument('enrol', input);
    this.requireStaff();
    try {
      return await this.sync.enrol(serverUrl, code, label);
    } catch (e) {
      this.log.warn({ event: 'enrol_failed', detail: (e as Error).message }, 'enrolment failed');
      throw new ApiError('enrolment_failed', `Enrolment failed: ${(e as Error).message}`, enrolProblemOf(e));
    }
  }

  async setLibraryPassword(input: ArgumentsOf<'setLibraryPassword'>): Promise<void> {
    const { password } = validateArgument('setLibraryPassword', input);
    this.requireStaff();
    this.library.setPassword(password);
    this.announceStatus();
  }

  async borrowItem(input: ArgumentsOf<'borrowItem'>): Promise<LibrarySession> {
    const { itemId } = validateArgument('borrowItem', input);
    return this.library.borrow(itemId, false);
  }

  async myLoans(): Promise<{ loans: LoanView[] }> {
    return this.library.loans();
  }

  async renewAll(): Promise<{ renewed: LoanView[]; refused: LoanView[] }> {
    return this.library.renewAll();
  }

  async endLibrarySession(): Promise<{ items: BorrowedItem[] }> {
    return this.library.finish();
  }

  async getLibrarySession(): Promise<LibrarySession | null> {
    return this.library.session();
  }

  subscribe(listener: (event: TerminalApiEvent) => void): () => void {
    return this.events.subscribe(listener);
  }

  async close(): Promise<void> {
    await this.stopParts();
    this.log.info({ event: 'stop' }, 'terminal stopped');
    this.parts.close();
  }

  /** Stops what runs by itself: the sync scheduler, the purge timer, the readers, the events. */
  private async stopParts(): Promise<void> {
    this.sync.stop();
    this.retention.stop();
    await this.library
      .close()
      .catch((e: unknown) =>
        this.log.warn({ event: 'lms_close_failed', detail: errorDetail(e) }, 'library link did not close'),
      );
    await this.inputs.close();
    this.events.close();
  }
}
