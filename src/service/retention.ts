import { DAY, type Clock } from '../core/time';
import type { Log } from '../node/log/log';
import type { ScanStore } from '../node/store/scan-store';

const PURGE_EVERY_MS = 60 * 60 * 1000;

/** Keeps the scan log to the venue's retention: uploaded rows older than it go, hourly. */
export class Retention {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly scans: ScanStore,
    private readonly system: Clock,
    private readonly retentionDays: () => number,
    private readonly log: Log,
  ) {}

  /** Purges now, then hourly (only once the terminal has started). */
  start(): void {
    this.purge();
    this.timer ??= setInterval(() => {
      try {
        this.purge();
      } catch (e) {
        // A purge that failed (a full disk) is tried again in an hour; scanning goes on.
        this.log.error({ event: 'purge_failed', detail: e instanceof Error ? e.message : String(e) }, 'purge failed');
      }
    }, PURGE_EVERY_MS);
    this.timer.unref();
  }

  /** Deletes uploaded scan log rows older than the retention; returns how many. */
  purge(): number {
    return this.scans.purge(this.system.now() - this.retentionDays() * DAY);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
