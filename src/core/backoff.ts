import type { Seconds } from './time';

export interface BackoffPolicy {
  /** Delay after the first failure. */
  readonly base: Seconds;
  /** Longest delay, however many failures. */
  readonly max: Seconds;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { base: 2, max: 300 };

/**
 * Exponential backoff with jitter ("equal jitter": half fixed, half random), so a fleet of
 * terminals that lost the network together does not come back in lockstep. A server's
 * Retry-After is a floor. `random` is in [0, 1).
 */
export function backoffDelay(
  failures: number,
  random: number,
  retryAfter: Seconds | null,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): Seconds {
  const exp = Math.min(policy.max, policy.base * 2 ** Math.max(0, failures - 1));
  const delay = exp / 2 + (exp / 2) * random;
  return retryAfter === null ? delay : Math.max(delay, retryAfter);
}
