/**
 * A terminal as the console shows it: its state from its last sync, and the problems its last
 * health report shows (the lists the Overview counts and links to). Pure.
 */
import type { ConsoleOverview, ConsoleTerminal } from '../../src/contract/console-api';
import type { DeviceRecord, DeviceSyncRecord } from '../storage/sync-storage';

export const ONLINE_SECONDS = 15 * 60;
export const STALE_STATUS_SECONDS = 24 * 3600;
export const CLOCK_SUSPECT_SECONDS = 300;
export const BACKLOG_EVENTS = 100;

export function consoleTerminal(
  device: DeviceRecord,
  sync: DeviceSyncRecord | undefined,
  currentTrustSeq: number | null,
  now: number,
): ConsoleTerminal {
  const lastSyncAt = sync?.lastSyncAt ?? null;
  const health = sync?.health ?? null;
  const state =
    device.revokedAt !== null
      ? 'revoked'
      : lastSyncAt === null
        ? 'never'
        : now - lastSyncAt <= ONLINE_SECONDS
          ? 'online'
          : 'offline';
  // A withdrawn terminal's problems are nobody's to fix: only live ones are flagged.
  const live = state !== 'revoked' && health !== null;
  return {
    id: device.id,
    label: device.label,
    venueId: device.venueId,
    enrolledAt: device.enrolledAt,
    revokedAt: device.revokedAt,
    lastSyncAt,
    state,
    health,
    staleTrust:
      live && currentTrustSeq !== null && (health.trustListSeq === null || health.trustListSeq < currentTrustSeq),
    staleStatus: live && health.statusListAges.some((s) => s.ageSeconds > STALE_STATUS_SECONDS),
    clockSuspect: live && health.clockSkew !== null && Math.abs(health.clockSkew) > CLOCK_SUSPECT_SECONDS,
    backlog: live && health.queueDepth > BACKLOG_EVENTS,
  };
}

export function overviewOf(terminals: readonly ConsoleTerminal[], revocationsToday: number): ConsoleOverview {
  const count = (test: (t: ConsoleTerminal) => boolean): number => terminals.filter(test).length;
  return {
    terminals: {
      online: count((t) => t.state === 'online'),
      offline: count((t) => t.state === 'offline'),
      never: count((t) => t.state === 'never'),
      revoked: count((t) => t.state === 'revoked'),
    },
    staleTrust: count((t) => t.staleTrust),
    staleStatus: count((t) => t.staleStatus),
    clockSuspect: count((t) => t.clockSuspect),
    backlog: count((t) => t.backlog),
    revocationsToday,
  };
}
