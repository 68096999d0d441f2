/**
 * What the reference sync server keeps, as an interface: the SQLite implementation is the
 * default, and a PostgreSQL one (and the council console's users, sessions and audit) can
 * satisfy the same contract. Every method answers a promise, so a backend that talks to a
 * database over the network never blocks the server; `test/support/storage-contract.ts` holds
 * every backend to this contract through the interface alone.
 *
 * Several server processes may share one store, so each method says what it must do atomically
 * (as one statement or one transaction, whoever else is calling at the same time). A method that
 * says nothing needs no more than each single write being durable when its promise resolves.
 *
 * Feed cursors (registry seq, redemption feed seq, staff call seq) grow in commit order: once a
 * reader has seen cursor n, no later commit may add a change at or below n, or terminals that
 * paged past n would never see it. SQLite gives this for free (one writer at a time); a backend
 * with concurrent writers must not take them from a plain sequence, whose numbers can commit out
 * of order.
 *
 * Audited changes: the methods that take an optional `audit` record write it to the console's
 * append-only audit log in the same transaction as the change, and only when the change is made
 * (a refused or no-op change leaves no entry), so the log never says something happened that did
 * not, nor misses what did.
 */
import type { TerminalEvent } from '../../src/core/sync-protocol';
import type { TerminalHealth } from '../../src/contract/console-api';
import type {
  AuditEntry,
  AuditRecord,
  ConsoleSessionRecord,
  ConsoleUserRecord,
  DeviceSyncRecord,
  NewConsoleUser,
  UsageRedemption,
  UsageScan,
} from './console-records';
import type { RedemptionOverlap, StorageStats } from './figures';

export type * from './console-records';
export type * from './figures';

export interface VenueRecord {
  readonly id: string;
  /** The venue configuration document served at GET /v1/config (without secrets). */
  readonly config: Record<string, unknown>;
  /** HMAC key for card references, shared by the venue's terminals so tills agree. */
  readonly cardRefKey: string;
}

export interface DeviceRecord {
  readonly id: string;
  readonly venueId: string;
  readonly publicJwk: Record<string, unknown>;
  readonly label: string;
  readonly enrolledAt: number;
  readonly revokedAt: number | null;
}

export interface CardRecord {
  readonly id: string;
  readonly statusIndex: number;
  readonly status: number;
  readonly services: readonly string[];
  readonly libraryNumber: string | null;
}

export interface RegistryChange {
  readonly seq: number;
  readonly refHash: string;
  readonly services: readonly string[];
  readonly iss: string;
  readonly statusUri: string;
  readonly statusIndex: number;
  readonly removed: boolean;
}

export interface RedemptionRecord {
  readonly seq: number;
  readonly id: string;
  readonly venueId: string;
  readonly deviceId: string;
  readonly cardRef: string;
  readonly offerId: string;
  readonly at: number;
  readonly undoneAt: number | null;
}

/** A "Call staff" from one of a venue's kiosks, with the kiosk's label. */
export interface StaffCallRecord {
  readonly seq: number;
  readonly id: string;
  readonly deviceId: string;
  /** The calling kiosk's label. */
  readonly from: string;
  readonly at: number;
}

export type IngestStatus = 'accepted' | 'duplicate';

export interface SyncStorage {
  /** A deployment-wide value (deployment, issuer keys, audience, the signed trust list), or null. */
  getValue(key: string): Promise<string | null>;
  /** Sets a value, last writer wins: only for values one process writes at a time (admin commands). */
  setValue(key: string, value: string): Promise<void>;
  /**
   * Sets `key` to `next` only if it still holds `expected` (null: absent). Atomic: of several
   * processes that read the same value and race to replace it, exactly one gets true (so they
   * agree on one signed trust list per seq, one audience, one issuer key rotation).
   */
  compareAndSetValue(key: string, expected: string | null, next: string, audit?: AuditRecord): Promise<boolean>;
  /**
   * Adds one to the whole number under `key` (absent: 0) and answers the new value. Atomic: of
   * concurrent increments none is lost and no two answer the same value (the status list version,
   * which tells every process that a card's status changed).
   */
  incrementValue(key: string): Promise<number>;

  /** Adds a venue or replaces its configuration; an existing venue keeps its `cardRefKey`. */
  putVenue(venue: VenueRecord, audit?: AuditRecord): Promise<void>;
  /** Adds a venue only if its id is free: false (and nothing written) when taken. Atomic. */
  createVenue(venue: VenueRecord, audit?: AuditRecord): Promise<boolean>;
  getVenue(id: string): Promise<VenueRecord | null>;
  /** Every venue, by id. */
  listVenues(): Promise<VenueRecord[]>;

  /** Stores an unused code (its hash) for a venue that exists; refuses an unknown venue. */
  addEnrolmentCode(codeHash: string, venueId: string, expiresAt: number, audit?: AuditRecord): Promise<void>;
  /**
   * Marks a code used and answers its venue, or null when unknown, used or expired (`expiresAt`
   * at or before `now`). Atomic (check and mark in one statement): of two terminals presenting
   * one code at the same time, exactly one gets the venue.
   */
  consumeEnrolmentCode(codeHash: string, now: number): Promise<string | null>;

  /** Adds a device of a venue that exists; refuses an unknown venue or a device id already used. */
  addDevice(device: DeviceRecord): Promise<void>;
  getDevice(id: string): Promise<DeviceRecord | null>;
  /** Revokes an active device: false when unknown or already revoked (the first time stays). */
  revokeDevice(id: string, at: number, audit?: AuditRecord): Promise<boolean>;
  /** The devices of one venue, or of all (null), by enrolment time. */
  listDevices(venueId: string | null): Promise<DeviceRecord[]>;
  /**
   * Records an authenticated request of a device at `at` (its last sync), with the health it
   * reported, if any: null keeps the health reported before. A time earlier than the stored one
   * (two requests answered out of order) never moves it back.
   */
  recordDeviceSync(deviceId: string, at: number, health: TerminalHealth | null): Promise<void>;
  /** Every device's last sync and health (devices that never made a request have none). */
  deviceSyncs(): Promise<DeviceSyncRecord[]>;

  /**
   * Records a token id until `expiresAt`: true the first time, false when it is already recorded
   * (a replay). Atomic (one insert that fails on a duplicate): of two requests carrying one token
   * at the same time, exactly one gets true. Records past `expiresAt` may be dropped whenever the
   * backend likes, since an expired token is refused before its id is looked at.
   */
  rememberJti(jti: string, expiresAt: number, now: number): Promise<boolean>;

  /**
   * Adds a card. Its `statusIndex` is unique: a second card with a taken index is refused (two
   * processes issuing at once), never stored, so no two cards ever share a status.
   */
  addCard(card: CardRecord): Promise<void>;
  /** Sets a card's status: false when there is no such card. */
  setCardStatus(id: string, status: number, audit?: AuditRecord): Promise<boolean>;
  getCard(id: string): Promise<CardRecord | null>;
  cardByStatusIndex(statusIndex: number): Promise<CardRecord | null>;
  /** Statuses by index, for signing the status list. */
  cardStatuses(): Promise<{ statusIndex: number; status: number }[]>;
  /** One more than the highest status index in use (1 when there are no cards). */
  nextStatusIndex(): Promise<number>;

  /**
   * Adds or replaces the entry for `refHash` under the next registry `seq`. Atomic (taking the seq
   * and writing the entry in one transaction): seqs are never shared, and a change is never
   * written under a seq lower than one a terminal may already have read past.
   */
  putRegistryEntry(entry: Omit<RegistryChange, 'seq'>): Promise<void>;
  /** The entries changed after `since`, by seq, at most `limit`; each refHash once (its latest). */
  registryChanges(since: number, limit: number): Promise<RegistryChange[]>;
  /** The current entry for a reference hash (removed ones included), or null. */
  registryEntry(refHash: string): Promise<RegistryChange | null>;

  /**
   * Stores each event once by id, answering `accepted` for a new id and `duplicate` for one
   * already stored (by any device, in any batch), in the order given; a valid scan with an offer
   * and a card reference adds a redemption to the venue's feed, and an undo marks the redemption
   * it names undone and moves it to the end of the feed. Atomic: the whole batch, its feed updates
   * and the feed seqs they take are one transaction, so a batch that fails stores nothing (the
   * terminal sends it again) and an event stored twice at once is `accepted` exactly once.
   */
  ingestEvents(
    deviceId: string,
    venueId: string,
    events: readonly TerminalEvent[],
    now: number,
  ): Promise<IngestStatus[]>;
  eventCount(): Promise<number>;
  /** The venue's redemptions changed after the cursor `since`, by feed seq, at most `limit`. */
  redemptionsSince(venueId: string, since: number, limit: number): Promise<RedemptionRecord[]>;
  /** The venue's staff calls after the cursor `since`, oldest first, at most `limit`. */
  staffCallsSince(venueId: string, since: number, limit: number): Promise<StaffCallRecord[]>;
  /** The latest staff calls of one venue or all (null), newest first, at most `limit`. */
  recentStaffCalls(venueId: string | null, limit: number): Promise<(StaffCallRecord & { venueId: string })[]>;
  /** Scan events whose time (`at`) is in [from, to), of one venue or all. */
  scansBetween(from: number, to: number, venueId: string | null): Promise<UsageScan[]>;
  /** Redemptions not undone whose time is in [from, to), of one venue or all. */
  redemptionsBetween(from: number, to: number, venueId: string | null): Promise<UsageRedemption[]>;
  /**
   * Pairs of standing redemptions that overlap (RedemptionOverlap) whose later one's time is in
   * [from, to), of one venue or all, oldest first: each redemption is judged against the one of
   * the same card and offer just before it, at most `windowSeconds` earlier, from another till.
   */
  overlappingRedemptions(
    from: number,
    to: number,
    venueId: string | null,
    windowSeconds: number,
  ): Promise<RedemptionOverlap[]>;
  /** Totals over the whole store (`civicpass admin stats`). */
  stats(): Promise<StorageStats>;

  /**
   * Adds a console user. Refuses (throws) an email already used in any case, or a venue that does
   * not exist; a venue manager has a venue and nobody else does. Atomic with its audit entry.
   */
  addConsoleUser(user: NewConsoleUser, audit?: AuditRecord): Promise<void>;
  /** The user with this email, compared without regard to case, or null. */
  getConsoleUser(email: string): Promise<ConsoleUserRecord | null>;
  getConsoleUserById(id: number): Promise<ConsoleUserRecord | null>;

  /** Stores a new session; refuses an id already used. */
  createConsoleSession(session: ConsoleSessionRecord): Promise<void>;
  getConsoleSession(id: string): Promise<ConsoleSessionRecord | null>;
  /** Moves a session's last activity forward (never back); false when it no longer exists. */
  touchConsoleSession(id: string, at: number): Promise<boolean>;
  deleteConsoleSession(id: string): Promise<void>;
  /** Deletes the sessions past their absolute end (`expiresAt` <= now) or idle since `idleBefore`. */
  pruneConsoleSessions(now: number, idleBefore: number): Promise<void>;

  /**
   * Records a sign-in attempt for `email` (any case) at `at` as a failure, and answers its id and
   * the times of the email's other recorded failures at or after `since`, oldest first. Atomic:
   * of attempts made at once, each sees the others that committed before it, so a burst of
   * guesses cannot all slip in under the lockout. Failures older than `since` may be dropped.
   */
  recordSignInAttempt(email: string, at: number, since: number): Promise<{ id: number; earlier: number[] }>;
  /** Removes one recorded attempt (one refused by the lockout, which does not count again). */
  forgetSignInAttempt(id: number): Promise<void>;
  /** Removes an email's recorded failures (after a successful sign-in). */
  clearSignInFailures(email: string): Promise<void>;

  /** Appends an entry to the audit log on its own (for changes made elsewhere). */
  appendAudit(entry: AuditRecord): Promise<void>;
  /**
   * Audit entries, newest first: at most `limit`, with ids below `beforeId` when given, at or
   * after `since` when given. The log is append-only: no method changes or removes an entry, and
   * the SQLite backend refuses UPDATE and DELETE on it with triggers.
   */
  auditEntries(options: { limit: number; beforeId?: number; since?: number }): Promise<AuditEntry[]>;

  /** Ends this process's use of the store; no method may be called after. */
  close(): Promise<void>;
}
