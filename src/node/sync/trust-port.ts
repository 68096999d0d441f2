import type { RegistryEntry } from '../../core/registry';
import type { MaterialProblem } from '../../core/trust-material';
import type { VenueConfig } from '../../core/venue-config';

/**
 * What the sync client needs of the terminal's trust state: the held copies' ETags and cursors,
 * and a way to offer each pulled piece (verified before it replaces the held one). The service's
 * TrustState implements it; the client knows nothing else of the service.
 */
export interface SyncTrustPort {
  etag(kind: 'trust_list' | 'venue_config'): string | null;
  statusEtag(uri: string): string | null;
  readonly registryKey: string | null;
  readonly registryCursor: string | null;
  readonly venueCardRefKey: string | null;
  storedVenueDocument(): Record<string, unknown> | null;
  /** Throws TrustListError (and keeps the held list) when refused. */
  applyTrustList(compact: string, etag: string | null, now: number): Promise<MaterialProblem[]>;
  /** Throws VenueConfigError when the document does not parse. */
  applyVenueConfig(document: Record<string, unknown>, etag: string | null, now: number): VenueConfig;
  /** The problem when refused (the held copy kept), else null. */
  applyStatusList(compact: string, etag: string | null, now: number): Promise<MaterialProblem | null>;
  applyRegistryPage(
    key: string,
    page: { upsert: readonly RegistryEntry[]; remove: readonly string[]; cursor: string },
    now: number,
  ): void;
}
