/**
 * What the council console keeps (issue 13), as the storage interface's records: its accounts,
 * sessions, sign-in failures, the append-only audit log and the terminals' sync health. Times are
 * Unix seconds.
 */
import type { ConsoleRole, TerminalHealth } from '../../src/contract/console-api';

/** One entry of the console's audit log, as written: who did what to what, before and after. */
export interface AuditRecord {
  readonly at: number;
  /** A console user's email, or `cli` for `civicpass admin`. */
  readonly actor: string;
  readonly action: string;
  readonly target: string | null;
  /** JSON-able, without secrets (no LMS passwords, no enrolment codes, no password hashes). */
  readonly before: unknown;
  readonly after: unknown;
}

/** A stored audit entry: ids grow in the order entries were written. */
export interface AuditEntry extends AuditRecord {
  readonly id: number;
}

export interface ConsoleUserRecord {
  readonly id: number;
  /** Stored as given; looked up without regard to case. */
  readonly email: string;
  readonly role: ConsoleRole;
  /** A venue manager's venue; null for the other roles. */
  readonly venueId: string | null;
  /** `scrypt$N$r$p$salt$hash` (server/console/passwords.ts): the parameters and salt travel with it. */
  readonly passwordHash: string;
  readonly createdAt: number;
}

export type NewConsoleUser = Omit<ConsoleUserRecord, 'id'>;

export interface ConsoleSessionRecord {
  /** A hash of the cookie's token: the token itself is never stored. */
  readonly id: string;
  readonly userId: number;
  readonly csrf: string;
  readonly createdAt: number;
  readonly lastSeenAt: number;
  /** The absolute end (created + 12 h); the idle end is `lastSeenAt` + the idle limit. */
  readonly expiresAt: number;
}

/** When a terminal last made an authenticated request, and the health it last reported. */
export interface DeviceSyncRecord {
  readonly deviceId: string;
  readonly lastSyncAt: number;
  readonly health: TerminalHealth | null;
}

/** A stored scan event, reduced to what the usage figures count. */
export interface UsageScan {
  readonly venueId: string;
  readonly at: number;
  readonly service: string | null;
  readonly outcome: string;
  readonly cardRef: string | null;
}

/** A redemption that stands (not undone). */
export interface UsageRedemption {
  readonly venueId: string;
  readonly at: number;
}
