import type { CardClaims } from './card-claims';
import { outcomeOf, type Outcome, type Reason, type Warning } from './reasons';
import type { Seconds } from './time';

/** The card fields staff may see; present only once the signature verified. */
export interface CardView {
  readonly name: string | null;
  readonly libraryNumber: string | null;
  readonly services: readonly string[];
  readonly concessions: readonly string[];
  readonly expires: Seconds;
}

/** Facts about the check itself, for the log and the UI's wording; never shown as card data. */
export interface ResultDetail {
  readonly iss?: string;
  readonly kid?: string;
  readonly trustSeq?: number;
  /** The service or offer the venue policy checked. */
  readonly service?: string;
  readonly offerId?: string;
  /** For `already_used`: when the offer was last used inside its period. */
  readonly lastUsedAt?: Seconds;
  /** For `not_yet_valid`: from when the card is valid. */
  readonly validFrom?: Seconds;
}

export interface VerificationResult {
  readonly outcome: Outcome;
  readonly reason: Reason;
  readonly warnings: readonly Warning[];
  readonly card?: CardView;
  readonly detail: ResultDetail;
}

export function cardViewOf(claims: CardClaims): CardView {
  return {
    name: claims.name,
    libraryNumber: claims.libraryNumber,
    services: claims.services,
    concessions: claims.concessions,
    expires: claims.exp,
  };
}

/** Builds a result whose outcome always follows from its reason. */
export function makeResult(
  reason: Reason,
  parts: { warnings?: readonly Warning[]; card?: CardView; detail?: ResultDetail } = {},
): VerificationResult {
  const outcome = outcomeOf(reason);
  // Warnings qualify a genuine card; on a refusal they would only distract.
  const warnings = outcome === 'valid' || outcome === 'limited' ? (parts.warnings ?? []) : [];
  const detail = parts.detail ?? {};
  // Two literals rather than a conditional spread: this runs on every scan, and V8 builds a
  // literal of fixed shape several times faster (docs/benchmarks.md).
  return parts.card ? { outcome, reason, warnings, detail, card: parts.card } : { outcome, reason, warnings, detail };
}
