import { terminalHealth } from './terminal-health';
import type { TrustedClock } from '../core/trusted-clock';
import type { SyncState } from '../contract/terminal-api';
import type { Db } from '../node/store/database';
import type { CardRefKeyring } from '../node/store/keyed-hash';
import { OutboxStore } from '../node/store/outbox-store';
import type { ScanStore } from '../node/store/scan-store';
import type { SecurityStore } from '../node/store/security-store';
import type { SettingsStore } from '../node/store/settings-store';
import { StaffCallStore } from '../node/store/staff-call-store';
import { SyncLease } from '../node/store/sync-lease';
import { deviceToken, loadDeviceKey, type SecretProtector } from '../node/sync/device-identity';
import { enrolDevice, EnrolmentError, type Enrolment } from '../node/sync/enrol';
import { NotEnrolledError, SyncClient, type SyncSummary } from '../node/sync/sync-client';
import { SyncHttp } from '../node/sync/sync-http';
import { SyncScheduler } from './sync-scheduler';
import type { SyncTrustPort } from '../node/sync/trust-port';
import type { TrustState } from './trust-state';

export interface SyncCoordinatorDeps {
  readonly dataDir: string;
  readonly db: Db;
  readonly settings: SettingsStore;
  readonly security: SecurityStore;
  readonly scans: ScanStore;
  readonly trust: SyncTrustPort & Pick<TrustState, 'material' | 'pinAnchor'>;
  readonly clock: TrustedClock;
  readonly keyring: CardRefKeyring;
  readonly protector?: SecretProtector;
  readonly autoSync: boolean;
  /** The terminal's system clock in seconds (injectable, so tests can let days pass). */
  readonly now: () => number;
  readonly timeoutMs?: number;
  readonly interval?: number;
  readonly onState: (state: SyncState) => void;
  readonly onSynced: (summary: SyncSummary) => void;
  /** Removes every piece of personal data and every key (a withdrawn terminal). */
  readonly wipe: () => void;
}

const REVOKED_MESSAGE = 'This terminal has been withdrawn from service. Contact your manager.';

/**
 * Everything about this terminal's relation with its sync server: enrolment, the background
 * scheduler, and what happens when the server revokes the device (personal data wiped,
 * verification stopped).
 */
export class SyncCoordinator {
  private scheduler: SyncScheduler | null = null;
  private revokedFlag: boolean;

  constructor(private readonly deps: SyncCoordinatorDeps) {
    this.revokedFlag = deps.security.get('device_revoked') ?? false;
  }

  get enrolment(): Enrolment | null {
    return this.deps.security.get('enrolment') ?? null;
  }

  get revoked(): boolean {
    return this.revokedFlag;
  }

  get blockedMessage(): string | null {
    return this.revokedFlag ? REVOKED_MESSAGE : null;
  }

  get state(): SyncState {
    const q = this.deps.scans.queue();
    if (this.scheduler) return { ...this.scheduler.current, revoked: this.revokedFlag };
    return {
      enrolled: this.enrolment !== null,
      online: 'unknown',
      lastSuccessAt: null,
      nextAttemptAt: null,
      problem: this.revokedFlag ? { code: 'withdrawn', detail: REVOKED_MESSAGE } : null,
      queueDepth: q.depth,
      oldestQueuedAt: q.oldestQueuedAt,
      setAside: q.setAside,
      revoked: this.revokedFlag,
    };
  }

  /** Builds the client for an enrolled terminal and, unless told not to, starts syncing. */
  async init(): Promise<void> {
    const enrolment = this.enrolment;
    if (!enrolment || this.revokedFlag) return;
    const key = await loadDeviceKey(this.deps.dataDir, this.deps.protector);
    const now = this.deps.now;
    const http = new SyncHttp({
      baseUrl: enrolment.serverUrl,
      // Dated by the server's clock as last seen, so a terminal whose clock is off still gets in
      // (the server refuses tokens dated far from its own time).
      token: () =>
        deviceToken(key, enrolment.deviceId, enrolment.audience, now() + (this.deps.clock.read().serverSkew ?? 0)),
      onServerTime: (t) => this.deps.clock.noteServerTime(t),
      skew: () => this.deps.clock.read().serverSkew ?? 0,
      timeoutMs: this.deps.timeoutMs ?? 15_000,
    });
    const client = new SyncClient({
      http,
      outbox: new OutboxStore(this.deps.db),
      scans: this.deps.scans,
      trust: this.deps.trust,
      settings: this.deps.settings,
      security: this.deps.security,
      clock: this.deps.clock,
      keyring: this.deps.keyring,
      lease: new SyncLease(this.deps.db),
      staffCalls: new StaffCallStore(this.deps.db),
      deviceId: enrolment.deviceId,
      now,
      health: () => terminalHealth(this.deps.trust.material, this.deps.clock.read(), this.deps.scans.queue().depth),
    });
    this.scheduler = new SyncScheduler({
      client,
      queue: () => this.deps.scans.queue(),
      onState: (s) => this.deps.onState({ ...s, revoked: this.revokedFlag }),
      onRevoked: () => this.revoke(),
      onSynced: this.deps.onSynced,
      now,
      ...(this.deps.interval !== undefined ? { interval: this.deps.interval } : {}),
    });
    if (this.deps.autoSync) this.scheduler.start(1);
  }

  /** Enrols with a one-time code, pins the anchor if none is pinned, and runs a first sync. */
  async enrol(serverUrl: string, code: string, label: string): Promise<SyncState> {
    if (this.enrolment) throw new EnrolmentError('this terminal is already enrolled', 'already_enrolled');
    const { enrolment, anchor, anchors, timeKey } = await enrolDevice({
      dataDir: this.deps.dataDir,
      serverUrl,
      code,
      label,
      pinnedAnchors: this.deps.trust.material.anchors,
      ...(this.deps.protector ? { protector: this.deps.protector } : {}),
      ...(this.deps.timeoutMs ? { timeoutMs: this.deps.timeoutMs } : {}),
    });
    this.deps.trust.pinAnchor(anchor, anchors, this.deps.now());
    this.deps.security.set('enrolment', enrolment);
    if (timeKey) this.deps.security.set('time_key', timeKey);
    await this.init();
    // Enrolled either way; a first sync that failed is in the state returned, as its problem.
    await this.runNow().catch(() => undefined);
    return this.state;
  }

  /** One cycle now (staff "Sync now", `civicpass sync`); throws what the cycle threw. */
  runNow(): Promise<SyncSummary> {
    if (this.revokedFlag) return Promise.reject(new Error(REVOKED_MESSAGE));
    if (!this.scheduler)
      return Promise.reject(new NotEnrolledError('this terminal is not enrolled: enrol it with a code first'));
    return this.scheduler.runNow();
  }

  /** The server revoked this device: wipe personal data and keys, and stop verifying, for good. */
  private revoke(): void {
    this.revokedFlag = true;
    this.deps.security.set('device_revoked', true);
    this.deps.wipe();
    this.scheduler?.stop();
    this.deps.onState(this.state);
  }

  stop(): void {
    this.scheduler?.stop();
  }
}
