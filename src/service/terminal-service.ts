import { startOfLocalDay } from '../core/calendar';
import type { StalenessPolicy } from '../core/staleness';
import { syncEvents } from '../core/sync-protocol';
import { DAY } from '../core/time';
import { CardVerifier } from '../core/verifier';
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
import { KeyedHash } from '../node/store/keyed-hash';
import { isStorageFull } from '../node/store/storage-full';
import { uuid7 } from '../node/store/uuid7';
import { wipePersonalData } from '../node/store/wipe';
import { composeTerminal, type TerminalParts, type TerminalServiceOptions } from './compose';
import { DeviceInputs } from './device-inputs';
import { LibraryAccounts } from './library-accounts';
import { LibraryLink } from './library-link';
import { DEFAULT_SESSION_IDLE_MS, LibrarySessions, type ItemScan } from './library-sessions';
import { sip2LibrarySystem } from './sip2-library-system';
import { Retention } from './retention';
import { ScanPipeline, type PipelineOutcome, type ScanInput } from './scan-pipeline';
import { StaffCalls } from './staff-calls';
import { StaffSession } from './staff-session';
import { buildStatus } from './status-report';
import { SyncCoordinator } from './sync-coordinator';
import type { TerminalAdmin } from './terminal-admin';
import { TerminalEvents } from './terminal-events';
import { SettingRefused, type SettingChange } from './terminal-settings';
import { enrolProblemOf } from './startup-problem';
import { nodeSignatures } from '../node/node-signatures';

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
  private readonly library: LibraryLink;
  private readonly accounts: LibraryAccounts;
  private readonly sessions: LibrarySessions;
  private storageFull = false;
  private lastProblem: string | null = null;
  readonly log: Log;
  /** What the owner may do without the staff PIN (command line, demo, tests). */
  readonly admin: TerminalAdmin;

  private constructor(private readonly parts: TerminalParts) {
    const { db, trust, clock, system, scans, log, options } = parts;
    this.log = log;
    this.session = new StaffSession(() => system.now() * 1000);
    this.calls = new StaffCalls({
      db,
      scans,
      received: parts.staffCalls,
      audit: parts.audit,
      system,
      log,
    });
    this.retention = new Retention(scans, system, () => trust.venue.retentionDays, log);
    this.inputs = new DeviceInputs(options.devices ?? null, {
      submit: (input) => void this.submitFromDevice(input),
      emit: (event) => this.events.emit(event),
      log,
      ...(options.serialOpener ? { serialOpener: options.serialOpener } : {}),
    });
    this.library = new LibraryLink({
      link: () => trust.venue.lms,
      secrets: () => {
        const password = parts.vault.get('lmsPassword');
        if (password === undefined) return null;
        const terminalPassword = parts.vault.get('lmsTerminalPassword');
        return { password, ...(terminalPassword !== undefined ? { terminalPassword } : {}) };
      },
      factory: options.librarySystem ?? sip2LibrarySystem,
      log,
    });
    this.sessions = new LibrarySessions({
      link: this.library,
      emit: (event) => this.events.emit(event),
      now: () => system.now(),
      idleMs: options.librarySessionIdleMs ?? DEFAULT_SESSION_IDLE_MS,
      // The card's earlier result (kept for the repeat window) holds the patron's number: gone too,
      // and the next resident's card is a new scan.
      onEnd: () => this.pipeline.recent.clear(),
      log,
    });
    this.accounts = new LibraryAccounts({
      link: this.library,
      emit: (event) => this.events.emit(event),
      markAnswered: (eventId, answered) => scans.markLibraryLookup(eventId, answered),
      mayBorrow: (patron) => void this.sessions.start(patron),
      timeoutMs: () => trust.venue.lms?.timeoutMs ?? 3000,
      log,
    });
    const verifier = new CardVerifier(
      { material: () => trust.material, clock, policy: () => this.staleness() },
      nodeSignatures,
    );
    let registryHash: { key: string; hasher: KeyedHash } | null = null;
    this.pipeline = new ScanPipeline({
      verifier,
      context: () => {
        const venue = trust.venue;
        return {
          material: trust.material,
          venue,
          policy: this.staleness(),
          settings: parts.staffSettings.read(venue),
          clock: clock.read(),
        };
      },
      registry: parts.registry,
      registryRef: (reference) => {
        const key = trust.registryKey;
        if (key === null) return null;
        if (registryHash?.key !== key) registryHash = { key, hasher: new KeyedHash(Buffer.from(key, 'base64url')) };
        return registryHash.hasher.ref(reference);
      },
      store: scans,
      cardRefs: parts.keyring,
      blocked: () => this.sync.blockedMessage,
      nowMs: () => system.now() * 1000,
    });
    this.sync = new SyncCoordinator({
      dataDir: options.dataDir,
      db,
      settings: parts.settings,
      security: parts.security,
      scans,
      trust,
      clock,
      keyring: parts.keyring,
      now: () => system.now(),
      autoSync: options.autoSync ?? true,
      ...(options.protector ? { protector: options.protector } : {}),
      ...(options.syncTimeoutMs !== undefined ? { timeoutMs: options.syncTimeoutMs } : {}),
      ...(options.syncInterval !== undefined ? { interval: options.syncInterval } : {}),
      onState: (state) => {
        this.logSyncProblem(state);
        this.events.emit({ type: 'sync', sync: state });
      },
      wipe: () => {
        this.sessions.end('closed');
        wipePersonalData(db, parts.vault, options.dataDir);
        log.warn({ event: 'withdrawn' }, 'terminal withdrawn: personal data and keys wiped');
      },
      onSynced: (summary) => {
        log.info(
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
        for (const call of this.calls.fresh(p.staffCalls)) this.events.emit({ type: 'staff-call', call });
      },
    });
    this.admin = this.adminSide();
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

  private adminSide(): TerminalAdmin {
    const { trust, scans, system } = this.parts;
    const sync = this.sync;
    const recent = this.pipeline.recent;
    const observe = (): void => this.observeMaterialTime();
    return {
      enrol: (serverUrl, code, label) => sync.enrol(serverUrl, code, label),
      runSync: () => sync.runNow(),
      async importTrust(input) {
        const result = await trust.importFiles(input, system.now());
        observe();
        recent.clear();
        return result;
      },
      get enrolment() {
        return sync.enrolment;
      },
      get syncState() {
        return sync.state;
      },
      get withdrawn() {
        return sync.blockedMessage;
      },
      queue: () => scans.queue(),
      get material() {
        return trust.material;
      },
      get venue() {
        return trust.venue;
      },
      get registryKey() {
        return trust.registryKey;
      },
      purge: () => this.retention.purge(),
    };
  }

  /** Signed material vouches for the time; remember the latest so a restart keeps it. */
  private observeMaterialTime(): void {
    const { clock, trust, security } = this.parts;
    if (clock.observe(trust.material.latestSignedTime)) security.set('trusted_time', clock.trusted);
  }

  /** The venue's staleness policy, with the staff's overrides (audited when set) applied. */
  private staleness(): StalenessPolicy {
    const venue = this.parts.trust.venue;
    const s = this.parts.staffSettings.read(venue);
    return {
      ...venue.staleness,
      ...(s.statusHardLimitHours !== null ? { statusHardLimit: s.statusHardLimitHours * 3600 } : {}),
      ...(s.trustHardLimitDays !== null ? { trustHardLimit: s.trustHardLimitDays * DAY } : {}),
    };
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
    const selfService = this.selfService();
    const lookup = this.accounts.wanted(outcome.result, outcome.patron, selfService);
    const r = lookup ? { ...outcome.result, libraryLookup: true } : outcome.result;
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
    if (lookup && outcome.patron !== null) void this.accounts.lookUp(r, outcome.patron, selfService);
    // The patron's number stays here: the result carries only what the role may see.
    return { status: 'handled', result: r };
  }

  /** A kiosk residents use themselves (by setting, or the venue's role): no personal data on screen. */
  private selfService(): boolean {
    const venue = this.parts.trust.venue;
    return venue.role === 'self_service' || this.parts.staffSettings.read(venue).selfService;
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
      if (this.sessions.active) await this.sessions.borrow(this.itemScan(input.text, input.source === 'nfc'));
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
    const { db, staffSettings, audit, system, trust } = this.parts;
    let changes: readonly SettingChange[];
    try {
      changes = staffSettings.plan(trust.venue, valid);
    } catch (e) {
      if (e instanceof SettingRefused) throw new ApiError('invalid_argument', e.message, e.setting);
      throw e;
    }
    if (changes.length === 0) return this.getSettings();
    // A staleness override is stored with its audit row, or not at all.
    const now = system.now();
    try {
      db.transaction(() => {
        for (const c of changes)
          if (c.key === 'statusHardLimitHours' || c.key === 'trustHardLimitDays')
            audit.record(now, 'staleness_override', { setting: c.key, from: c.from, to: c.to });
        staffSettings.apply(changes);
      })();
    } catch (e) {
      staffSettings.reload();
      if (isStorageFull(e)) throw new ApiError('storage_full', 'The terminal’s storage is full: nothing was saved.');
      throw e;
    }
    await this.settingsChanged(changes);
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
    const now = this.parts.clock.read().effective;
    const event = this.parts.scans.undoRedemptionOf(
      eventId,
      (r) =>
        syncEvents.undoRedemption({
          id: uuid7(now * 1000),
          at: now,
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
    return this.calls.call();
  }

  async resetTrustedClock(): Promise<{ from: number; to: number }> {
    this.requireStaff();
    const { clock, system, security, audit } = this.parts;
    const from = clock.trusted;
    const to = system.now();
    clock.reset(to);
    security.set('trusted_time', to);
    audit.record(to, 'trusted_clock_reset', { from, to });
    this.log.warn({ event: 'trusted_clock_reset', from, to }, 'staff reset the trusted time');
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
    const { vault, audit, system } = this.parts;
    vault.set({ lmsPassword: password });
    // Who set it and when, never what.
    audit.record(system.now(), 'lms_password_set', {});
    this.log.info({ event: 'lms_password_set' }, 'library system password set');
    this.announceStatus();
  }

  async borrowItem(input: ArgumentsOf<'borrowItem'>): Promise<LibrarySession> {
    const { itemId } = validateArgument('borrowItem', input);
    return this.sessions.borrow(this.itemScan(itemId, false));
  }

  /** A read during a borrowing session; one from an NFC reader (serial, or typed with its prefix) is a card's identifier. */
  private itemScan(text: string, fromNfc: boolean): ItemScan {
    const prefix = this.parts.staffSettings.read(this.parts.trust.venue).nfcPrefix;
    return { text, fromNfc: fromNfc || (prefix !== '' && text.startsWith(prefix)) };
  }

  async myLoans(): Promise<{ loans: LoanView[] }> {
    return this.sessions.loans();
  }

  async renewAll(): Promise<{ renewed: LoanView[]; refused: LoanView[] }> {
    return this.sessions.renewAll();
  }

  async endLibrarySession(): Promise<{ items: BorrowedItem[] }> {
    return this.sessions.finish();
  }

  async getLibrarySession(): Promise<LibrarySession | null> {
    return this.sessions.view();
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
    this.sessions.end('closed');
    await this.library
      .close()
      .catch((e: unknown) =>
        this.log.warn({ event: 'lms_close_failed', detail: errorDetail(e) }, 'library link did not close'),
      );
    await this.inputs.close();
    this.events.close();
  }
}
