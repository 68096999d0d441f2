/** Times in core are NumericDate: seconds since the epoch, UTC, possibly fractional. */
export type Seconds = number;

export const MINUTE: Seconds = 60;
export const HOUR: Seconds = 3600;
export const DAY: Seconds = 86_400;

/** The system clock, injected so that tests and `--now` can fix it. */
export interface Clock {
  now(): Seconds;
}

export function fixedClock(at: Seconds): Clock {
  return { now: () => at };
}

export function isoFromSeconds(t: Seconds): string {
  return new Date(Math.round(t * 1000)).toISOString();
}
