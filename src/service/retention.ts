import { DAY, type Clock } from '../core/time';
import type { ScanStore } from '../node/store/scan-store';

const PURGE_EVERY_MS = 60 * 60 * 1000;

/** Keeps the scan log to the venue's retention: uploaded rows older than it go, hourly. */
export class Retention {
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly scans: ScanStore,
    private readonly system: Clock,
    private readonly retentionDays: () => number,
  ) {
    this.timer = setInterval(() => this.purge(), PURGE_EVERY_MS);
    this.timer.unref();
  }

  /** Deletes uploaded scan log rows older than the retention; returns how many. */
  purge(): number {
    return this.scans.purge(this.system.now() - this.retentionDays() * DAY);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
