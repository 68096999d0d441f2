/**
 * Outcomes and reason codes, exactly as in the credential profile (docs/contract/credential-profile.md §7).
 * These strings are stable: logs, the sync API, UI messages and tests all use them.
 */

export const OUTCOMES = ['valid', 'limited', 'invalid', 'unverifiable'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const REASONS_BY_OUTCOME = {
  valid: ['ok'],
  limited: ['not_entitled', 'already_used'],
  invalid: [
    'malformed',
    'header_rejected',
    'unsupported_alg',
    'bad_signature',
    'key_not_valid',
    'expired',
    'not_yet_valid',
    'revoked',
    'suspended',
  ],
  unverifiable: [
    'unreadable',
    'unknown_issuer',
    'unknown_key',
    'unknown_card',
    'status_unavailable',
    'trust_unavailable',
  ],
} as const satisfies Record<Outcome, readonly string[]>;

export type Reason = (typeof REASONS_BY_OUTCOME)[Outcome][number];

export const REASONS: readonly Reason[] = OUTCOMES.flatMap((o) => REASONS_BY_OUTCOME[o]);

export const WARNINGS = ['status_stale', 'trust_stale', 'clock_suspect'] as const;
export type Warning = (typeof WARNINGS)[number];

const outcomeOfReason = new Map<Reason, Outcome>(
  OUTCOMES.flatMap((o) => REASONS_BY_OUTCOME[o].map((r): [Reason, Outcome] => [r, o])),
);

/** The outcome a reason belongs to; the table above is the only source of truth. */
export function outcomeOf(reason: Reason): Outcome {
  const outcome = outcomeOfReason.get(reason);
  if (outcome === undefined) throw new Error(`unknown reason ${String(reason)}`);
  return outcome;
}

export function isReason(value: unknown): value is Reason {
  return typeof value === 'string' && outcomeOfReason.has(value as Reason);
}
