import { statusListFreshness, trustListFreshness, type StalenessPolicy } from '../core/staleness';
import type { TrustMaterial } from '../core/trust-material';
import type { ClockReading } from '../core/trusted-clock';
import type { VenueConfig } from '../core/venue-config';
import type {
  DataAges,
  DeviceState,
  LibraryLinkStatus,
  StaffCall,
  SyncState,
  TerminalSettings,
  TerminalStatus,
} from '../contract/terminal-api';

export interface StatusInputs {
  readonly venue: VenueConfig;
  readonly settings: Omit<TerminalSettings, 'pinSet'>;
  readonly material: TrustMaterial;
  readonly clock: ClockReading;
  readonly staleness: StalenessPolicy;
  readonly sync: SyncState;
  readonly devices: readonly DeviceState[];
  readonly staffUnlocked: boolean;
  readonly scansToday: number;
  readonly staffCalls: readonly StaffCall[];
  readonly storageFull: boolean;
  readonly library: LibraryLinkStatus;
}

/** Why this terminal cannot verify at all; null when it can. */
function unusableReason(sync: SyncState, data: DataAges): TerminalStatus['unusableReason'] {
  if (sync.revoked) return 'withdrawn';
  if (data.trustListFreshness === 'missing') return 'no_trust_list';
  if (data.trustListFreshness === 'unusable') return 'trust_list_too_old';
  return null;
}

/** The Status screen's view of the terminal, assembled from the service's parts. */
export function buildStatus(i: StatusInputs): TerminalStatus {
  const trust = i.material.trust;
  const now = i.clock.effective;
  const data: DataAges = {
    trustListSeq: trust?.seq ?? null,
    trustListIssuedAt: trust?.iat ?? null,
    trustListFreshness: trust ? trustListFreshness(trust, now, i.staleness) : 'missing',
    statusLists: [...i.material.statusLists.values()].map((l) => ({
      uri: l.uri,
      issuedAt: l.iat,
      freshness: statusListFreshness(l, now, i.staleness),
    })),
  };
  const reason = unusableReason(i.sync, data);
  const offer = i.settings.offerId === null ? null : (i.venue.offers.find((o) => o.id === i.settings.offerId) ?? null);
  return {
    venue: {
      id: i.venue.venueId,
      name: i.venue.name,
      role: i.venue.role,
      services: i.venue.services,
      offers: i.venue.offers.map((o) => ({ id: o.id, service: o.service, title: o.title })),
      languages: i.venue.languages,
    },
    checking: {
      service: offer?.service ?? i.settings.service,
      offer: offer ? { id: offer.id, title: offer.title } : null,
    },
    usable: reason === null,
    unusableReason: reason,
    storage: i.storageFull ? 'full' : 'ok',
    scansToday: i.scansToday,
    nfcConfigured: i.settings.nfcPrefix !== '' || i.devices.some((d) => d.kind === 'nfc'),
    data,
    clock: {
      system: i.clock.system,
      trusted: i.clock.trusted,
      suspect: i.clock.suspect,
      behind: i.clock.behind,
      serverSkew: i.clock.serverSkew,
    },
    sync: i.sync,
    devices: i.devices,
    library: i.library,
    staffUnlocked: i.staffUnlocked,
    staffCalls: i.staffCalls,
  };
}
