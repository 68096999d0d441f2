/**
 * Migration 6: the terminal's security state (its enrolment, whether it was withdrawn, the
 * trusted time, the server's time key) in a table of its own, out of the staff's settings, so no
 * settings code path can write it (issue 11). Existing rows move; the staff settings stay.
 */
import type { Migration } from './migration';

export const migration006: Migration = {
  version: 6,
  name: 'security state apart from settings',
  up(db) {
    db.exec(`
      CREATE TABLE security_state (
        key TEXT PRIMARY KEY CHECK (key IN ('enrolment', 'device_revoked', 'trusted_time', 'time_key')),
        value TEXT NOT NULL
      ) STRICT;
      INSERT INTO security_state (key, value)
        SELECT key, value FROM settings
        WHERE key IN ('enrolment', 'device_revoked', 'trusted_time', 'time_key');
      DELETE FROM settings WHERE key IN ('enrolment', 'device_revoked', 'trusted_time', 'time_key');
    `);
  },
};
