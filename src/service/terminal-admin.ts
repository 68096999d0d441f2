import type { TrustMaterial } from '../core/trust-material';
import type { VenueConfig } from '../core/venue-config';
import type { SyncState } from '../contract/terminal-api';
import type { Enrolment } from '../node/sync/enrol';
import type { SyncSummary } from '../node/sync/sync-client';
import type { TerminalParts } from './compose';
import type { RecentResults } from './recent-results';
import type { Retention } from './retention';
import type { SyncCoordinator } from './sync-coordinator';
import type { TrustFilesInput } from './trust-state';
import type { MaterialProblem } from '../core/trust-material';

/**
 * What the terminal's owner may do without the staff PIN, because they run the machine: the
 * command line (`civicpass enrol`, `sync`, `trust import`, `scan`), the demo deployment's
 * composition, and tests. Never served to a page: the hosts serve only the TerminalApi.
 */
export interface TerminalAdmin {
  /** Enrols with a one-time code, pins the anchor and the time key, and runs a first sync. */
  enrol(serverUrl: string, code: string, label: string): Promise<SyncState>;
  /** One sync cycle now; rejects with what the cycle threw. */
  runSync(): Promise<SyncSummary>;
  /** Verified trust material from files, all or nothing. */
  importTrust(input: TrustFilesInput): Promise<{ problems: MaterialProblem[] }>;
  readonly enrolment: Enrolment | null;
  readonly syncState: SyncState;
  /** Why the terminal may not verify at all (withdrawn), or null. */
  readonly withdrawn: string | null;
  queue(): { depth: number; oldestQueuedAt: number | null; setAside: number };
  readonly material: TrustMaterial;
  readonly venue: VenueConfig;
  readonly registryKey: string | null;
  /** Deletes uploaded scan log rows older than the venue's retention; returns how many. */
  purge(): number;
}

/** The admin side over the terminal's parts (TerminalService.admin). */
export function adminFor(
  parts: Pick<TerminalParts, 'trust' | 'scans' | 'system'>,
  deps: {
    readonly sync: SyncCoordinator;
    readonly recent: RecentResults;
    readonly retention: Retention;
    readonly observeMaterialTime: () => void;
  },
): TerminalAdmin {
  const { trust, scans, system } = parts;
  const { sync, recent } = deps;
  return {
    enrol: (serverUrl, code, label) => sync.enrol(serverUrl, code, label),
    runSync: () => sync.runNow(),
    async importTrust(input) {
      const result = await trust.importFiles(input, system.now());
      deps.observeMaterialTime();
      // New material: earlier answers no longer apply.
      recent.clear();
      return result;
    },
    get enrolment() {
      return sync.enrolment;
    },
    get syncState() {
      return sync.state;
    },
    get withdrawn() {
      return sync.blockedMessage;
    },
    queue: () => scans.queue(),
    get material() {
      return trust.material;
    },
    get venue() {
      return trust.venue;
    },
    get registryKey() {
      return trust.registryKey;
    },
    purge: () => deps.retention.purge(),
  };
}
