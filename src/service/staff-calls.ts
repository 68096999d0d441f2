import { syncEvents, type StaffCallEvent } from '../core/sync-protocol';
import type { Clock, Seconds } from '../core/time';
import type { StaffCall } from '../contract/terminal-api';
import type { Log } from '../node/log/log';
import type { AuditStore } from '../node/store/audit-store';
import type { Db } from '../node/store/database';
import type { ScanStore } from '../node/store/scan-store';
import type { StaffCallStore } from '../node/store/staff-call-store';
import { uuid7 } from '../node/store/uuid7';

/** How long a kiosk's call for help stays on the staff screens. */
export const STAFF_CALL_SHOWN_SECONDS = 15 * 60;
/** A second "Call staff" within this time is the same call (people press twice). */
const STAFF_CALL_REPEAT_SECONDS = 60;

/**
 * "Call staff": a resident's call from this kiosk (one a minute, queued for the venue's other
 * terminals, audited, no personal data), and the calls of the venue's other kiosks pulled at sync.
 */
export class StaffCalls {
  private lastCall: Seconds | null = null;

  constructor(
    private readonly deps: {
      readonly db: Db;
      readonly scans: ScanStore;
      readonly received: StaffCallStore;
      readonly audit: AuditStore;
      readonly system: Clock;
      readonly log: Log;
    },
  ) {}

  call(): { calledAt: Seconds } {
    const now = this.deps.system.now();
    const since = this.lastCall === null ? Infinity : now - this.lastCall;
    if (since >= 0 && since < STAFF_CALL_REPEAT_SECONDS) return { calledAt: this.lastCall! };
    this.lastCall = now;
    const event: StaffCallEvent = syncEvents.staffCall({ id: uuid7(now * 1000), at: now });
    this.deps.db.transaction(() => {
      this.deps.scans.queueEvent(event, now);
      this.deps.audit.record(now, 'staff_call', { event: event.id });
    })();
    this.deps.log.info({ event: 'staff_call', id: event.id }, 'staff called');
    return { calledAt: now };
  }

  /** The venue's calls still worth showing to staff. */
  recent(): StaffCall[] {
    return this.deps.received.recent(this.deps.system.now() - STAFF_CALL_SHOWN_SECONDS);
  }

  /** Of calls just pulled, those still worth showing. */
  fresh(calls: readonly StaffCall[]): StaffCall[] {
    const since = this.deps.system.now() - STAFF_CALL_SHOWN_SECONDS;
    return calls.filter((c) => c.at >= since);
  }
}
