import type { ClockReading } from '../core/trusted-clock';
import type { TrustMaterial } from '../core/trust-material';
import { APP_VERSION } from '../contract/app-version';
import type { TerminalHealth } from '../contract/console-api';

/**
 * What a terminal tells the council console at each sync (issue 13): its version, the age of its
 * trust and status data, its queue and its clock's distance from the server's. No personal data.
 */
export function terminalHealth(material: TrustMaterial, clock: ClockReading, queueDepth: number): TerminalHealth {
  return {
    appVersion: APP_VERSION,
    trustListSeq: material.trust?.seq ?? null,
    statusListAges: [...material.statusLists.values()].map((l) => ({
      uri: l.uri,
      ageSeconds: Math.max(0, Math.round(clock.system - l.iat)),
    })),
    queueDepth,
    // The server's clock minus this one was measured at the last answer; the report is the other way round.
    clockSkew: clock.serverSkew === null ? null : -Math.round(clock.serverSkew),
  };
}
