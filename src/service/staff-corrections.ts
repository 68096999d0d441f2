import { syncEvents } from '../core/sync-protocol';
import { uuid7 } from '../node/store/uuid7';
import type { TerminalParts } from './compose';

/**
 * Corrections staff make behind the PIN, as records: the compensating event of an undone
 * redemption, and a trusted time set back to the system clock (audited). The facade checks the
 * PIN and tells the rest (repeat window, status) what changed.
 */

/** Undoes this terminal's redemption `eventId`: true when there was one to undo (queued for the server). */
export function undoRedemption(parts: Pick<TerminalParts, 'clock' | 'scans'>, eventId: string): boolean {
  const now = parts.clock.read().effective;
  const event = parts.scans.undoRedemptionOf(
    eventId,
    (r) =>
      syncEvents.undoRedemption({
        id: uuid7(now * 1000),
        at: now,
        undoes: eventId,
        offer: r.offerId,
        cardRef: r.cardRef,
      }),
    now,
  );
  return event !== null;
}

/** Sets a trusted time that ran ahead back to this computer's clock, kept and audited. */
export function resetTrustedClock(parts: Pick<TerminalParts, 'clock' | 'system' | 'security' | 'audit' | 'log'>): {
  from: number;
  to: number;
} {
  const { clock, system, security, audit, log } = parts;
  const from = clock.trusted;
  const to = system.now();
  clock.reset(to);
  security.set('trusted_time', to);
  audit.record(to, 'trusted_clock_reset', { from, to });
  log.warn({ event: 'trusted_clock_reset', from, to }, 'staff reset the trusted time');
  return { from, to };
}
