/** The SQLite storage's rows as the store reads them, and each as the record the interface answers. */
import type { CardRecord, DeviceRecord, RegistryChange, VenueRecord } from './sync-storage';

export interface DeviceRow {
  id: string;
  venue_id: string;
  public_jwk: string;
  label: string;
  enrolled_at: number;
  revoked_at: number | null;
}

export interface CardRow {
  id: string;
  status_idx: number;
  status: number;
  services: string;
  library_number: string | null;
}

export interface RegistryRow {
  seq: number;
  ref_hash: string;
  services: string;
  iss: string;
  status_uri: string;
  status_idx: number;
  removed: number;
}

export const deviceOf = (r: DeviceRow): DeviceRecord => ({
  id: r.id,
  venueId: r.venue_id,
  publicJwk: JSON.parse(r.public_jwk) as Record<string, unknown>,
  label: r.label,
  enrolledAt: r.enrolled_at,
  revokedAt: r.revoked_at,
});

export const cardOf = (r: CardRow): CardRecord => ({
  id: r.id,
  statusIndex: r.status_idx,
  status: r.status,
  services: JSON.parse(r.services) as string[],
  libraryNumber: r.library_number,
});

export const registryOf = (r: RegistryRow): RegistryChange => ({
  seq: r.seq,
  refHash: r.ref_hash,
  services: JSON.parse(r.services) as string[],
  iss: r.iss,
  statusUri: r.status_uri,
  statusIndex: r.status_idx,
  removed: r.removed === 1,
});

export const venueOf = (r: { id: string; config: string; card_ref_key: string }): VenueRecord => ({
  id: r.id,
  config: JSON.parse(r.config) as Record<string, unknown>,
  cardRefKey: r.card_ref_key,
});
