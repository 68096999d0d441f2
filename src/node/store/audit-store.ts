import type { Seconds } from '../../core/time';
import type { Db } from './database';

/** What staff did that changes how cards are judged or the terminal behaves (no personal data, no PIN). */
export type AuditAction = 'staleness_override' | 'staff_call' | 'trusted_clock_reset' | 'lms_password_set';

/** The terminal's audit log: append only. */
export class AuditStore {
  private readonly insert;

  constructor(db: Db) {
    this.insert = db.prepare('INSERT INTO audit_log (at, action, detail) VALUES (?, ?, ?)');
  }

  record(at: Seconds, action: AuditAction, detail: Readonly<Record<string, unknown>>): void {
    this.insert.run(at, action, JSON.stringify(detail));
  }
}
