import type { ServerMigration } from './migration';

/**
 * The index behind the staff-call feed (a venue's `staff_call` events). The unnumbered schema
 * gained it late, so version-0 databases may or may not have it: hence `IF NOT EXISTS`.
 */
export const eventsByType: ServerMigration = {
  version: 2,
  name: 'index events by venue and type, for the staff-call feed',
  up(db) {
    db.exec('CREATE INDEX IF NOT EXISTS events_by_type ON events (venue_id, type)');
  },
};
