import type { ServerMigration } from './migration';

/**
 * Each terminal's last authenticated request and the health it last reported with a sync
 * (issue 13), for the console's terminal list. One row a device, replaced at each sync.
 */
export const deviceHealth: ServerMigration = {
  version: 5,
  name: 'device last sync and health report',
  up(db) {
    db.exec(`
      CREATE TABLE device_health (
        device_id TEXT PRIMARY KEY REFERENCES devices (id),
        last_sync_at REAL NOT NULL,
        health TEXT
      ) STRICT;
    `);
  },
};
