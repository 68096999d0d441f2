/**
 * The PostgreSQL storage's rows as `pg` answers them (jsonb parsed, booleans as booleans), and
 * each as the record the interface answers.
 */
import type { CardRecord, DeviceRecord, RegistryChange, StaffCallRecord, VenueRecord } from './sync-storage';

export interface DeviceRow {
  id: string;
  venue_id: string;
  public_jwk: Record<string, unknown>;
  label: string;
  enrolled_at: number;
  revoked_at: number | null;
}

export interface CardRow {
  id: string;
  status_idx: number;
  status: number;
  services: string[];
  library_number: string | null;
}

export interface RegistryRow {
  seq: number;
  ref_hash: string;
  services: string[];
  iss: string;
  status_uri: string;
  status_idx: number;
  removed: boolean;
}

export interface StaffCallRow {
  seq: number;
  id: string;
  device_id: string;
  venue_id: string;
  label: string | null;
  at: number;
}

export const deviceOf = (r: DeviceRow): DeviceRecord => ({
  id: r.id,
  venueId: r.venue_id,
  publicJwk: r.public_jwk,
  label: r.label,
  enrolledAt: r.enrolled_at,
  revokedAt: r.revoked_at,
});

export const cardOf = (r: CardRow): CardRecord => ({
  id: r.id,
  statusIndex: r.status_idx,
  status: r.status,
  services: r.services,
  libraryNumber: r.library_number,
});

export const registryOf = (r: RegistryRow): RegistryChange => ({
  seq: r.seq,
  refHash: r.ref_hash,
  services: r.services,
  iss: r.iss,
  statusUri: r.status_uri,
  statusIndex: r.status_idx,
  removed: r.removed,
});

export const venueOf = (r: { id: string; config: Record<string, unknown>; card_ref_key: string }): VenueRecord => ({
  id: r.id,
  config: r.config,
  cardRefKey: r.card_ref_key,
});

export const callOf = (r: StaffCallRow): StaffCallRecord => ({
  seq: r.seq,
  id: r.id,
  deviceId: r.device_id,
  from: r.label ?? 'kiosk',
  at: r.at,
});
