import { describe, expect, it } from 'vitest';
import { migrate } from '../../server/storage/migrate';
import { MIGRATIONS } from '../../server/storage/migrations';
import {
  freshServerDatabaseFile,
  pragma,
  rawDatabase,
  rowsOf,
  tables,
  writeLegacyRows,
  UNNUMBERED_SCHEMA,
} from '../support/server-migrations';

describe('migration 5: device last sync and health', () => {
  it('adds the table empty (no device has reported yet), keeping the devices', () => {
    const db = rawDatabase(freshServerDatabaseFile());
    db.exec(UNNUMBERED_SCHEMA);
    writeLegacyRows(db);
    migrate(db, MIGRATIONS.slice(0, 4));
    const before = rowsOf(db, ['devices']);
    migrate(db, MIGRATIONS.slice(0, 5));
    expect(pragma(db, 'user_version')).toBe(5);
    expect(tables(db)).toContain('device_health');
    expect(rowsOf(db, ['devices', 'device_health'])).toEqual({ ...before, device_health: [] });
    db.pragma('foreign_keys = ON');
    db.exec(`INSERT INTO device_health (device_id, last_sync_at, health) VALUES ('dev_legacy', 1, NULL)`);
    expect(() => db.exec(`INSERT INTO device_health (device_id, last_sync_at) VALUES ('dev_nobody', 1)`)).toThrow(
      /FOREIGN KEY/,
    );
  });
});
