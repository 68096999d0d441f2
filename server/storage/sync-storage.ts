/**
 * What the reference sync server keeps, as an interface: the SQLite implementation is the
 * default, and a PostgreSQL one can satisfy the same contract later. Methods are synchronous
 * because better-sqlite3 is; a PostgreSQL implementation would wrap its pool behind a queue or
 * the interface would become async in one place.
 */
import type { TerminalEvent } from '../../src/core/sync-protocol';

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
  getValue(key: string): string | null;
  setValue(key: string, value: string): void;
  /**
   * Sets `key` to `next` only if it still holds `expected` (null: absent), atomically, so that
   * several server processes agree on one value (the one signed trust list per seq).
   */
  compareAndSetValue(key: string, expected: string | null, next: string): boolean;

  putVenue(venue: VenueRecord): void;
  getVenue(id: string): VenueRecord | null;

  addEnrolmentCode(codeHash: string, venueId: string, expiresAt: number): void;
  /** Marks a code used and returns its venue, or null when unknown, used or expired. Atomic. */
  consumeEnrolmentCode(codeHash: string, now: number): string | null;

  addDevice(device: DeviceRecord): void;
  getDevice(id: string): DeviceRecord | null;
  revokeDevice(id: string, at: number): boolean;

  /** Records a token id until it expires; false when it was already seen (a replay). */
  rememberJti(jti: string, expiresAt: number, now: number): boolean;

  addCard(card: CardRecord): void;
  setCardStatus(id: string, status: number): boolean;
  /** Statuses by index, for signing the status list. */
  cardStatuses(): { statusIndex: number; status: number }[];
  nextStatusIndex(): number;

  putRegistryEntry(entry: Omit<RegistryChange, 'seq'>): void;
  registryChanges(since: number, limit: number): RegistryChange[];

  /** Stores each event once by id; redemptions and undos update the venue's redemption feed. */
  ingestEvents(deviceId: string, venueId: string, events: readonly TerminalEvent[], now: number): IngestStatus[];
  eventCount(): number;
  redemptionsSince(venueId: string, since: number, limit: number): RedemptionRecord[];
  /** The venue's staff calls after the cursor `since`, oldest first. */
  staffCallsSince(venueId: string, since: number, limit: number): StaffCallRecord[];

  close(): void;
}
