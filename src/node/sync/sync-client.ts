import type { RegistryEntry } from '../../core/registry';
import { TrustListError } from '../../core/trust-list';
import type { TrustedClock } from '../../core/trusted-clock';
import { VenueConfigError } from '../../core/venue-config';
import type { CardRefKeyring } from '../store/keyed-hash';
import type { OutboxStore } from '../store/outbox-store';
import type { ScanStore } from '../store/scan-store';
import type { SecurityStore } from '../store/security-store';
import type { SettingsStore } from '../store/settings-store';
import type { StaffCallStore } from '../store/staff-call-store';
import type { SyncLease } from '../store/sync-lease';
import type { StaffCall } from '../../contract/terminal-api';
import type { TerminalHealth } from '../../contract/console-api';
import { SyncHttpError, type SyncHttp, type SyncResponse } from './sync-http';
import { asTimeKey, TimeStatementError, verifyTimeStatement } from './time-statement';
import type { SyncTrustPort } from './trust-port';

export const PUSH_BATCH = 500;
const LEASE_SECONDS = 120;

/**
 * A path on the sync server's own address under `/v1/public/` (the server's cacheable lists).
 * Only relative paths qualify: the lists come from the address the terminal enrolled with, which
 * a CDN or reverse proxy fronts; a configuration cannot send the terminal elsewhere.
 */
export function isPublicPath(path: string): boolean {
  return /^\/v1\/public\/[A-Za-z0-9/_-]{1,64}$/.test(path) && !path.includes('//');
}

export interface SyncSummary {
  pushed: { accepted: number; duplicate: number; rejected: number; remaining: number };
  pulled: {
    trustList: 'updated' | 'unchanged' | 'refused';
    config: 'updated' | 'unchanged' | 'refused';
    statusLists: { uri: string; result: 'updated' | 'unchanged' | 'refused' }[];
    registryChanges: number;
    redemptions: number;
    /** Help calls from the venue's other kiosks that this terminal had not heard of. */
    staffCalls: StaffCall[];
  };
  /** What was refused; each is also the sync's problem on the Status screen. */
  warnings: SyncWarning[];
  serverTime: number | null;
  /** The time the server's signed statement vouched for, if it sent a good one. */
  signedTime: number | null;
}

/** A piece the server sent (or refused) that the terminal could not use, with a code to word it. */
export interface SyncWarning {
  readonly code: 'trust_list_refused' | 'config_refused' | 'status_list_refused' | 'events_refused' | 'time_refused';
  readonly message: string;
}

/** The server says this device is revoked: the terminal must wipe personal data and stop. */
export class DeviceRevokedError extends Error {}

/** Another process holds the sync lease. */
export class SyncBusyError extends Error {}

/** A sync was asked of a terminal that has no server to sync with. */
export class NotEnrolledError extends Error {}

export interface SyncClientDeps {
  readonly http: SyncHttp;
  readonly outbox: OutboxStore;
  readonly scans: ScanStore;
  readonly trust: SyncTrustPort;
  /** The feeds' cursors. */
  readonly settings: SettingsStore;
  /** The pinned time key and the trusted time. */
  readonly security: SecurityStore;
  readonly clock: TrustedClock;
  readonly keyring: CardRefKeyring;
  readonly lease: SyncLease;
  readonly staffCalls: StaffCallStore;
  /** This terminal's device id: the audience of the server's time statements. */
  readonly deviceId: string;
  readonly now: () => number;
  /**
   * The terminal's health for the council console (app version, data ages, queue, clock skew),
   * sent with the first push of each cycle; absent: none is sent.
   */
  readonly health?: () => TerminalHealth;
}

interface ConfigDocument extends Record<string, unknown> {
  statusLists?: { uri: string; path: string }[];
  /** Where the trust list is public (servers from issue 14); absent: the authenticated `/v1/trust`. */
  trustListPath?: unknown;
  cardRefKey?: string;
  registryKey?: string;
  timeKey?: unknown;
}

/**
 * One sync cycle: push first (the outbox streamed in batches of at most 500, deleting only what
 * the server confirmed), then pull (trust list, configuration, status lists, registry,
 * redemptions), all under one lock. Everything pulled is verified before it replaces the cache.
 */
export class SyncClient {
  private running: Promise<SyncSummary> | null = null;

  constructor(private readonly deps: SyncClientDeps) {}

  /** Runs a cycle, or joins the one already running in this process. */
  cycle(): Promise<SyncSummary> {
    this.running ??= this.run().finally(() => (this.running = null));
    return this.running;
  }

  /**
   * The server's `Date` is unsigned (a proxy may change it): it is compared with the system
   * clock for the `clock_suspect` warning, and never moves the trusted time (only the signed
   * time statement and the signed lists' `iat` do).
   */
  private observe(r: SyncResponse, summary: SyncSummary): void {
    if (r.serverTime !== null) {
      summary.serverTime = r.serverTime;
      this.deps.clock.noteServerTime(r.serverTime);
    }
  }

  private async run(): Promise<SyncSummary> {
    const { lease, now } = this.deps;
    if (!lease.acquire(now(), LEASE_SECONDS)) throw new SyncBusyError('another sync is running');
    const summary: SyncSummary = {
      pushed: { accepted: 0, duplicate: 0, rejected: 0, remaining: 0 },
      pulled: {
        trustList: 'unchanged',
        config: 'unchanged',
        statusLists: [],
        registryChanges: 0,
        redemptions: 0,
        staffCalls: [],
      },
      warnings: [],
      serverTime: null,
      signedTime: null,
    };
    try {
      await this.push(summary);
      await this.pull(summary);
      return summary;
    } catch (e) {
      if (e instanceof SyncHttpError && e.status === 403 && e.code === 'device_revoked')
        throw new DeviceRevokedError(e.message);
      throw e;
    } finally {
      summary.pushed.remaining = this.deps.scans.queue().depth;
      lease.release();
    }
  }

  private async push(summary: SyncSummary): Promise<void> {
    let after = 0;
    // The health report rides on the first request of the cycle; with nothing to push it goes
    // alone (an empty batch), so an idle terminal still says how it is.
    let health = this.deps.health?.();
    if (health && this.deps.outbox.next(0, 1).length === 0) {
      try {
        const r = await this.deps.http.request('POST', '/v1/events', { body: { events: [], health } });
        this.observe(r, summary);
      } catch (e) {
        // Only what stops the sync stops it; a server that will not take the report is no problem.
        if (!(e instanceof SyncHttpError) || e.retryable || e.status === 401 || e.status === 403) throw e;
      }
      return;
    }
    for (
      let rows = this.deps.outbox.next(after, PUSH_BATCH);
      rows.length > 0;
      rows = this.deps.outbox.next(after, PUSH_BATCH)
    ) {
      let answers: { id: string; outcome: 'delivered' | 'rejected' | 'retry'; reason?: string }[];
      try {
        const r = await this.deps.http.request('POST', '/v1/events', {
          body: { events: rows.map((row) => row.event), ...(health ? { health } : {}) },
        });
        health = undefined;
        this.observe(r, summary);
        const results =
          (JSON.parse(r.text) as { results?: { id?: string; status?: string; reason?: string }[] }).results ?? [];
        answers = rows.map((row, i) => {
          const result = results[i];
          if (!result || result.id !== row.event.id)
            return { id: row.event.id, outcome: 'retry', reason: 'no answer for this event' };
          if (result.status === 'accepted') summary.pushed.accepted++;
          if (result.status === 'duplicate') summary.pushed.duplicate++;
          if (result.status === 'accepted' || result.status === 'duplicate')
            return { id: row.event.id, outcome: 'delivered' };
          if (result.status === 'rejected') {
            summary.pushed.rejected++;
            summary.warnings.push({
              code: 'events_refused',
              message: `event ${row.event.id} refused by the server: ${result.reason ?? 'no reason given'}`,
            });
            return { id: row.event.id, outcome: 'rejected', reason: result.reason ?? 'rejected' };
          }
          return { id: row.event.id, outcome: 'retry', reason: `unknown answer ${String(result.status)}` };
        });
      } catch (e) {
        // 4xx other than 401/403/429 is final for the events of this request (they are kept in
        // rejected_events, not lost); everything else is retried in a later cycle.
        if (!(e instanceof SyncHttpError) || e.retryable || e.status === 401 || e.status === 403) throw e;
        answers = rows.map((row) => ({ id: row.event.id, outcome: 'rejected', reason: e.message }));
        summary.pushed.rejected += rows.length;
        summary.warnings.push({
          code: 'events_refused',
          message: `${rows.length} events refused by the server: ${e.message}`,
        });
      }
      this.deps.outbox.settle(answers, this.deps.now());
      after = rows[rows.length - 1]!.seq;
      // A long push keeps its lease alive.
      this.deps.lease.acquire(this.deps.now(), LEASE_SECONDS);
    }
  }

  /**
   * The trust list, from the public path the last configuration named (without a device token,
   * so a cache in front of the server can answer), else from `/v1/trust`. A server that no longer
   * has the public path (an older one put back) answers 404 there: the old path is asked at once.
   */
  private async fetchTrustList(): Promise<SyncResponse> {
    const { http, trust } = this.deps;
    const etag = trust.etag('trust_list');
    const path = this.storedConfig()?.trustListPath;
    if (typeof path === 'string' && isPublicPath(path)) {
      const r = await http.request('GET', path, { etag, auth: false }).catch((e: unknown) => {
        if (e instanceof SyncHttpError && e.status === 404) return null;
        throw e;
      });
      if (r) return r;
    }
    return http.request('GET', '/v1/trust', { etag });
  }

  private async pull(summary: SyncSummary): Promise<void> {
    const { http, trust, now } = this.deps;
    const trustResponse = await this.fetchTrustList();
    this.observe(trustResponse, summary);
    if (trustResponse.status === 200) {
      try {
        const problems = await trust.applyTrustList(trustResponse.text, trustResponse.etag, now());
        summary.pulled.trustList = 'updated';
        for (const p of problems)
          summary.warnings.push({ code: 'status_list_refused', message: `status list dropped: ${p.message}` });
      } catch (e) {
        if (!(e instanceof TrustListError)) throw e;
        summary.pulled.trustList = 'refused';
        summary.warnings.push({
          code: 'trust_list_refused',
          message: `trust list refused (${e.problem}), cached copy kept: ${e.message}`,
        });
      }
    }

    const configResponse = await http.request('GET', '/v1/config', { etag: trust.etag('venue_config') });
    this.observe(configResponse, summary);
    let config: ConfigDocument | null = null;
    if (configResponse.status === 200) {
      try {
        config = JSON.parse(configResponse.text) as ConfigDocument;
        trust.applyVenueConfig(config, configResponse.etag, now());
        summary.pulled.config = 'updated';
      } catch (e) {
        if (!(e instanceof VenueConfigError) && !(e instanceof SyntaxError)) throw e;
        config = null;
        summary.pulled.config = 'refused';
        summary.warnings.push({
          code: 'config_refused',
          message: `venue configuration refused, cached copy kept: ${e.message}`,
        });
      }
    }
    config ??= this.storedConfig();
    // A terminal enrolled before the server signed its time pins the key now, from the
    // device-authenticated configuration (once: a pinned key is never replaced this way).
    const offeredTimeKey = asTimeKey(config?.timeKey);
    if (offeredTimeKey && !this.deps.security.get('time_key')) this.deps.security.set('time_key', offeredTimeKey);
    // The venue's shared card-reference key (kept in the vault by applyVenueConfig).
    const venueCardRefKey = trust.venueCardRefKey;
    if (venueCardRefKey) this.deps.keyring.use(venueCardRefKey);

    for (const list of config?.statusLists ?? []) {
      // A public list goes without the device token: a token is for the server alone, and a
      // cache would pass a request that carries one through to the server (or keep it apart).
      const r = await http.request('GET', list.path, {
        etag: trust.statusEtag(list.uri),
        auth: !isPublicPath(list.path),
      });
      this.observe(r, summary);
      if (r.status === 304) {
        summary.pulled.statusLists.push({ uri: list.uri, result: 'unchanged' });
        continue;
      }
      const problem = await trust.applyStatusList(r.text, r.etag, now());
      summary.pulled.statusLists.push({ uri: list.uri, result: problem ? 'refused' : 'updated' });
      if (problem)
        summary.warnings.push({
          code: 'status_list_refused',
          message: `status list ${list.uri} refused (${problem.problem}), cached copy kept: ${problem.message}`,
        });
    }

    // A configuration answered 304 comes from the stored copy, whose keys are in the vault.
    const registryKey = config?.registryKey ?? trust.registryKey;
    if (registryKey) {
      let cursor = trust.registryKey === registryKey ? (trust.registryCursor ?? '0') : '0';
      for (let more = true; more;) {
        const r = await http.request('GET', `/v1/registry?since=${encodeURIComponent(cursor)}`);
        this.observe(r, summary);
        const page = JSON.parse(r.text) as { upsert: RegistryEntry[]; remove: string[]; cursor: string; more: boolean };
        trust.applyRegistryPage(registryKey, page, now());
        summary.pulled.registryChanges += page.upsert.length + page.remove.length;
        cursor = page.cursor;
        more = page.more && page.upsert.length + page.remove.length > 0;
      }
    }

    let cursor = this.deps.settings.get('redemptions_cursor') ?? '0';
    for (let more = true; more;) {
      const r = await http.request('GET', `/v1/redemptions?since=${encodeURIComponent(cursor)}`);
      this.observe(r, summary);
      const page = JSON.parse(r.text) as {
        redemptions: { id: string; cardRef: string; offerId: string; at: number; undoneAt: number | null }[];
        cursor: string;
        more: boolean;
      };
      for (const x of page.redemptions) this.deps.scans.recordSyncedRedemption(x);
      summary.pulled.redemptions += page.redemptions.length;
      cursor = page.cursor;
      this.deps.settings.set('redemptions_cursor', cursor);
      more = page.more;
    }

    await this.pullSignedTime(summary);

    let callsCursor = this.deps.settings.get('staff_calls_cursor') ?? '0';
    for (let more = true; more;) {
      const r = await http
        .request('GET', `/v1/staff-calls?since=${encodeURIComponent(callsCursor)}`)
        .catch((e: unknown) => {
          // A server from before staff calls has no such feed: nothing to pull, not a failed sync.
          if (e instanceof SyncHttpError && e.status === 404) return null;
          throw e;
        });
      if (r === null) break;
      this.observe(r, summary);
      const page = JSON.parse(r.text) as { calls: StaffCall[]; cursor: string; more: boolean };
      for (const call of page.calls) if (this.deps.staffCalls.record(call, now())) summary.pulled.staffCalls.push(call);
      callsCursor = page.cursor;
      this.deps.settings.set('staff_calls_cursor', callsCursor);
      more = page.more;
    }
  }

  /**
   * The server's signed time statement: the one network time that may move the trusted clock
   * forward (the `Date` header only warns). A server without one (404), or a statement that does
   * not verify, leaves the clock as it is and says why.
   */
  private async pullSignedTime(summary: SyncSummary): Promise<void> {
    const key = asTimeKey(this.deps.security.get('time_key'));
    if (!key) return;
    const r = await this.deps.http.request('GET', '/v1/time').catch((e: unknown) => {
      if (e instanceof SyncHttpError && e.status === 404) return null;
      throw e;
    });
    if (r === null) return;
    try {
      const time = await verifyTimeStatement(r.text, key, this.deps.deviceId);
      summary.signedTime = time;
      if (this.deps.clock.observe(time)) this.deps.security.set('trusted_time', this.deps.clock.trusted);
    } catch (e) {
      if (!(e instanceof TimeStatementError)) throw e;
      summary.warnings.push({ code: 'time_refused', message: `time statement refused: ${e.message}` });
    }
  }

  private storedConfig(): ConfigDocument | null {
    const stored = this.deps.trust.storedVenueDocument();
    return stored;
  }
}
