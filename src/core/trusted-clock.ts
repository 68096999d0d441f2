import type { StalenessPolicy } from './staleness';
import type { Clock, Seconds } from './time';

export interface ClockReading {
  /** What the system clock says. */
  readonly system: Seconds;
  /** The latest time vouched for by signed material or the sync server. */
  readonly trusted: Seconds;
  /**
   * The `clock_suspect` warning: the system clock lags the trusted time (`behind`), or the sync
   * server's unsigned `Date` differs from it by more than the tolerance either way.
   */
  readonly suspect: boolean;
  /** The system clock lags the trusted time by more than the tolerance: times are judged at the trusted time. */
  readonly behind: boolean;
  /** The server's `Date` minus the system clock at the last answer (unsigned: a warning at most). */
  readonly serverSkew: Seconds | null;
  /**
   * The time to judge validity at. When the clock is suspect we use the trusted time, so a
   * terminal whose clock was wound back never accepts a card that has already expired.
   */
  readonly effective: Seconds;
}

/**
 * Keeps the latest trusted time (docs/contract/credential-profile.md §5, as amended by issue 10,
 * decision 70): only signed times move it, and only forward (the `iat` of verified trust and
 * status lists, and the sync server's signed time statement); the owner persists `trusted` so a
 * restart does not forget it. The server's unsigned `Date` never moves it: one wrong proxy or
 * server clock must not stop every terminal.
 */
export class TrustedClock {
  private latest: Seconds;
  private skew: Seconds | null = null;

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

  /** Notes the server's unsigned `Date`: compared with the system clock, it can only warn. */
  noteServerTime(serverTime: Seconds): void {
    if (Number.isFinite(serverTime)) this.skew = serverTime - this.clock.now();
  }

  /**
   * Staff recovery for a trusted time that is ahead of the real one (a wrong signed time, or the
   * unsigned `Date` an earlier version trusted): sets it to `to`, also backwards.
   */
  reset(to: Seconds): void {
    this.latest = to;
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
    const tolerance = this.tolerance();
    const behind = system < this.latest - tolerance;
    const skewed = this.skew !== null && Math.abs(this.skew) > tolerance;
    return {
      system,
      trusted: this.latest,
      suspect: behind || skewed,
      behind,
      serverSkew: this.skew,
      effective: behind ? this.latest : system,
    };
  }
}
