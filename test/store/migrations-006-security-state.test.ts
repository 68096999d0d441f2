import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/node/store/migrations/index';
import { columns, freshDatabaseFile, migratedTo, rowsOf, tables, userVersion } from './migrations-support';

describe('migration 6: the security state apart from the staff settings', () => {
  it('moves the enrolment, withdrawal, trusted time and time key out of settings, and leaves the rest', () => {
    const path = freshDatabaseFile();
    const db = migratedTo(path, 5);
    const insert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
    insert.run('enrolment', JSON.stringify({ deviceId: 'dev-1', venueId: 'v' }));
    insert.run('device_revoked', 'false');
    insert.run('trusted_time', '1790000000');
    insert.run('time_key', JSON.stringify({ kid: 't1' }));
    insert.run('terminal', JSON.stringify({ language: 'pl' }));
    insert.run('redemptions_cursor', '"42"');
    db.close();

    const next = migratedTo(path, 6);
    expect(userVersion(next)).toBe(6);
    expect(tables(next)).toContain('security_state');
    expect(columns(next, 'security_state')).toEqual(['key', 'value']);
    const security = next.prepare('SELECT key, value FROM security_state ORDER BY key').all();
    expect(security).toEqual([
      { key: 'device_revoked', value: 'false' },
      { key: 'enrolment', value: JSON.stringify({ deviceId: 'dev-1', venueId: 'v' }) },
      { key: 'time_key', value: JSON.stringify({ kid: 't1' }) },
      { key: 'trusted_time', value: '1790000000' },
    ]);
    expect(next.prepare('SELECT key FROM settings ORDER BY key').all()).toEqual([
      { key: 'redemptions_cursor' },
      { key: 'terminal' },
    ]);
  });

  it('refuses any key that is not security state', () => {
    const db = migratedTo(freshDatabaseFile(), 6);
    expect(() => db.prepare("INSERT INTO security_state (key, value) VALUES ('language', '\"en\"')").run()).toThrow(
      /CHECK constraint/,
    );
  });

  it('keeps the security state through every later migration', () => {
    const path = freshDatabaseFile();
    const db = migratedTo(path, 6);
    db.prepare("INSERT INTO security_state (key, value) VALUES ('trusted_time', '1790000000')").run();
    const before = rowsOf(db, ['security_state', 'settings']);
    db.close();

    const later = migratedTo(path, SCHEMA_VERSION);
    expect(rowsOf(later, ['security_state', 'settings'])).toEqual(before);
    expect(before.security_state).toHaveLength(1);
  });
});
