/**
 * Migration 8: whether the library system answered the account lookup of a scan (issue 12).
 * Nothing the LMS says is stored: not the account, not a block, not a name; only that it was
 * asked and answered (1), or asked and did not answer (0). NULL: no lookup was made.
 *
 * Shipped: never edit it, add the next migration instead.
 */
import type { Migration } from './migration';

export const migration008: Migration = {
  version: 8,
  name: 'library lookup answered',
  up(db) {
    db.exec(`
        ALTER TABLE scan_log ADD COLUMN lms_answered INTEGER CHECK (lms_answered IN (0, 1));
      `);
  },
};
