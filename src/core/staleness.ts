import { DAY, HOUR, MINUTE, type Seconds } from './time';

/** Staleness and clock policy (docs/contract/credential-profile.md §5); venues may override each value. */
export interface StalenessPolicy {
  /** Freshness of a status list that carries no `ttl`. */
  readonly statusDefaultTtl: Seconds;
  /** A status list older than `iat` + this is unusable, whatever its `exp`. */
  readonly statusHardLimit: Seconds;
  /** A trust list past `exp` + this is unusable. */
  readonly trustHardLimit: Seconds;
  /** The system clock may lag the trusted time by this much before `clock_suspect`. */
  readonly clockTolerance: Seconds;
  /** Leeway for the token's `nbf` and `exp`. */
  readonly leeway: Seconds;
}

export const DEFAULT_STALENESS: StalenessPolicy = {
  statusDefaultTtl: 6 * HOUR,
  statusHardLimit: 72 * HOUR,
  trustHardLimit: 7 * DAY,
  clockTolerance: 5 * MINUTE,
  leeway: 120,
};

export type Freshness = 'fresh' | 'stale' | 'unusable';

export interface StatusListTimes {
  readonly iat: Seconds;
  readonly exp: Seconds | null;
  readonly ttl: Seconds | null;
}

export function statusListFreshness(list: StatusListTimes, now: Seconds, policy: StalenessPolicy): Freshness {
  if (list.exp !== null && now > list.exp) return 'unusable';
  if (now > list.iat + policy.statusHardLimit) return 'unusable';
  if (now > list.iat + (list.ttl ?? policy.statusDefaultTtl)) return 'stale';
  return 'fresh';
}

export function trustListFreshness(list: { readonly exp: Seconds }, now: Seconds, policy: StalenessPolicy): Freshness {
  if (now > list.exp + policy.trustHardLimit) return 'unusable';
  if (now > list.exp) return 'stale';
  return 'fresh';
}
