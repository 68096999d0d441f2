/**
 * Rows that both backends read alike (the same columns and types in SQLite and PostgreSQL: no
 * JSON, no booleans), and their mapping to the storage interface's records. Rows that differ
 * (JSON as text or parsed) stay in sqlite-rows.ts and postgres-rows.ts.
 */
import { CONSOLE_ROLES, type ConsoleRole } from '../../src/contract/console-api';
import type { ConsoleSessionRecord, ConsoleUserRecord } from './console-records';
import type { RedemptionRecord } from './sync-storage';

export interface UserRow {
  id: number;
  email: string;
  role: string;
  venue_id: string | null;
  password_hash: string;
  created_at: number;
}

export interface SessionRow {
  id: string;
  user_id: number;
  csrf: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
}

export function userOf(r: UserRow): ConsoleUserRecord {
  // The table's CHECK keeps the role to these; a stray value would be a corrupt database.
  if (!(CONSOLE_ROLES as readonly string[]).includes(r.role)) throw new Error(`unknown console role ${r.role}`);
  return {
    id: r.id,
    email: r.email,
    role: r.role as ConsoleRole,
    venueId: r.venue_id,
    passwordHash: r.password_hash,
    createdAt: r.created_at,
  };
}

export function sessionOf(r: SessionRow): ConsoleSessionRecord {
  return {
    id: r.id,
    userId: r.user_id,
    csrf: r.csrf,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    expiresAt: r.expires_at,
  };
}

export interface RedemptionRow {
  id: string;
  feed_seq: number;
  venue_id: string;
  device_id: string;
  card_ref: string;
  offer_id: string;
  at: number;
  undone_at: number | null;
}

export function redemptionOf(r: RedemptionRow): RedemptionRecord {
  return {
    seq: r.feed_seq,
    id: r.id,
    venueId: r.venue_id,
    deviceId: r.device_id,
    cardRef: r.card_ref,
    offerId: r.offer_id,
    at: r.at,
    undoneAt: r.undone_at,
  };
}
