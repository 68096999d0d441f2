import { isoFromSeconds, type Clock } from '../core/time';
import type { VerificationResult } from '../core/result';
import { DEFAULT_STALENESS } from '../core/staleness';
import { TrustedClock } from '../core/trusted-clock';
import { applyVenuePolicy, DEFAULT_VISIT_WINDOW, type VenuePolicy } from '../core/venue-policy';
import { CardVerifier } from '../core/verifier';
import type { TrustMaterial } from '../core/trust-material';
import type { SignatureVerifier } from '../core/signatures';
import { nodeSignatures } from '../node/node-signatures';

/*
 * What `verify` judges a token by and prints for it, the same in the main thread and in each
 * `verify --batch` worker (which load this and not the command).
 */

/** The last expiry worded: a batch's cards share few expiry times, and wording one costs ~1 µs. */
let lastExpires = Number.NaN;
let lastExpiresIso = '';

function expiresIso(t: number): string {
  if (t !== lastExpires) {
    lastExpiresIso = isoFromSeconds(t);
    lastExpires = t;
  }
  return lastExpiresIso;
}

/** The CLI's result: exactly the members of the command-line contract, in its order. */
export function cliResult(r: VerificationResult): Record<string, unknown> {
  const out: Record<string, unknown> = { outcome: r.outcome, reason: r.reason, warnings: r.warnings };
  const card = r.card;
  if (card) {
    const { services, concessions } = card;
    const expires = expiresIso(card.expires);
    out['card'] =
      card.name !== null ? { name: card.name, services, concessions, expires } : { services, concessions, expires };
  }
  return out;
}

/** What a batch is judged by, besides the trust material: the same in every thread. */
export interface CheckOptions {
  /** `--now`, in seconds; null: the system clock, checked against the signed material. */
  readonly fixedNow: number | null;
  /** `--service`; null: any service on the card. */
  readonly service: string | null;
}

/**
 * One message in, its result out: verification, then venue policy for the service asked. Built
 * once per thread (the main one, or each batch worker) from the same material and options.
 */
export function makeChecker(
  material: TrustMaterial,
  options: CheckOptions,
  signatures: SignatureVerifier = nodeSignatures,
): (message: string) => Promise<VerificationResult> {
  const { fixedNow, service } = options;
  const clock: Clock = { now: () => fixedNow ?? Date.now() / 1000 };
  // With --now the operator states the time, so signed material does not overrule it.
  const trustedClock = new TrustedClock(
    clock,
    () => DEFAULT_STALENESS.clockTolerance,
    fixedNow === null ? material.latestSignedTime : 0,
  );
  const verifier = new CardVerifier(
    { material: () => material, clock: trustedClock, policy: () => DEFAULT_STALENESS },
    signatures,
  );
  const venue: VenuePolicy = {
    services: service !== null ? [service] : [],
    offers: [],
    timeZone: 'Europe/London',
    visitWindow: DEFAULT_VISIT_WINDOW,
  };
  const asked = service !== null ? { service } : {};
  return async (message) => {
    const c = await verifier.verify(message);
    return applyVenuePolicy(c, venue, asked, null, trustedClock.read().effective);
  };
}
