import type { StalenessPolicy } from './staleness';
import type { Clock, Seconds } from './time';

export interface ClockReading {
  /** What the system clock says. */
  readonly system: Seconds;
  /** The latest time vouched for by signed material or the sync server. */
  readonly trusted: Seconds;
  /** True when the system clock lags the trusted time by more than the tolerance. */
  readonly suspect: boolean;
  /**
   * The time to judge validity at. When the clock is suspect we use the trusted time, so a
   * terminal whose clock was wound back never accepts a card that has already expired.
   */
  readonly effective: Seconds;
}

/**
 * Keeps the latest trusted time (section 5). It only ever moves forward; the owner persists
 * `trusted` so that a restart does not forget it.
 */
export class TrustedClock {
  private latest: Seconds;

  constructor(
    private readonly clock: Clock,
    private readonly tolerance: () => Seconds,
    initialTrusted: Seconds = 0,
  ) {
    this.latest = Number.isFinite(initialTrusted) ? initialTrusted : 0;
  }

  static fromPolicy(clock: Clock, policy: () => StalenessPolicy, initial: Seconds = 0): TrustedClock {
    return new TrustedClock(clock, () => policy().clockTolerance, initial);
  }

  /** Records a time vouched for by signed material; returns true if it advanced the clock. */
  observe(time: Seconds): boolean {
    if (!Number.isFinite(time) || time <= this.latest) return false;
    this.latest = time;
    return true;
  }

  get trusted(): Seconds {
    return this.latest;
  }

  read(): ClockReading {
    const system = this.clock.now();
    const suspect = system < this.latest - this.tolerance();
    return { system, trusted: this.latest, suspect, effective: suspect ? this.latest : system };
  }
}
