import { startOfLocalDay, startOfLocalWeek } from './calendar';
import type { UsageHistory } from './ports';
import { makeResult, type ResultDetail, type VerificationResult } from './result';
import { HOUR, type Seconds } from './time';
import type { CardCheck } from './verifier';

export type LimitPeriod = 'day' | 'week' | 'visit';

export interface Offer {
  readonly id: string;
  readonly service: string;
  readonly title: string;
  readonly limit: { readonly count: number; readonly per: LimitPeriod } | null;
}

/** What a terminal checks (docs/contract/credential-profile.md §8). */
export interface VenuePolicy {
  readonly services: readonly string[];
  readonly offers: readonly Offer[];
  /** The venue's time zone: "per day" and "per week" follow its calendar. */
  readonly timeZone: string;
  /** How long a "visit" lasts: a second use within this time of the last is the same visit. */
  readonly visitWindow: Seconds;
}

export const DEFAULT_VISIT_WINDOW: Seconds = 4 * HOUR;

/** What this particular scan is for: a service, or an offer (which implies its service). */
export interface CheckRequest {
  readonly service?: string;
  readonly offerId?: string;
}

/** The instant from which earlier uses count against the limit. */
export function periodStart(
  per: LimitPeriod,
  now: Seconds,
  venue: Pick<VenuePolicy, 'timeZone' | 'visitWindow'>,
): Seconds {
  if (per === 'day') return startOfLocalDay(now, venue.timeZone);
  if (per === 'week') return startOfLocalWeek(now, venue.timeZone);
  return now - venue.visitWindow;
}

export class UnknownOfferError extends Error {}

/**
 * Applies the venue policy to a valid card: `not_entitled` when the card lacks the service,
 * `already_used` when an offer's limit is reached in its period. Anything but `valid` passes
 * through untouched: the first failure decides.
 */
export function applyVenuePolicy(
  check: CardCheck,
  venue: VenuePolicy,
  request: CheckRequest,
  usage: UsageHistory | null,
  now: Seconds,
): VerificationResult {
  const { result, claims } = check;
  if (result.outcome !== 'valid' || !claims) return result;
  const offer = request.offerId === undefined ? undefined : venue.offers.find((o) => o.id === request.offerId);
  if (request.offerId !== undefined && !offer) throw new UnknownOfferError(`unknown offer ${request.offerId}`);
  const service = offer?.service ?? request.service;
  const detail: { -readonly [K in keyof ResultDetail]: ResultDetail[K] } = { ...result.detail };
  if (service) detail.service = service;
  if (offer) detail.offerId = offer.id;
  const { card, warnings } = result;
  if (service !== undefined && !claims.services.includes(service)) {
    return makeResult('not_entitled', { card, detail, warnings });
  }
  if (offer?.limit && usage) {
    const since = periodStart(offer.limit.per, now, venue);
    const used = usage.usesSince(claims.sub, offer.id, since);
    if (used.count >= offer.limit.count) {
      if (used.lastAt !== null) detail.lastUsedAt = used.lastAt;
      return makeResult('already_used', { card, detail, warnings });
    }
  }
  return makeResult('ok', { card, detail, warnings });
}
