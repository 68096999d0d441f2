import { describe, expect, it } from 'vitest';
import { migrate } from '../../server/storage/migrate';
import { MIGRATIONS } from '../../server/storage/migrations';
import {
  freshServerDatabaseFile,
  indexes,
  pragma,
  rawDatabase,
  rowsOf,
  tables,
  writeLegacyRows,
  UNNUMBERED_SCHEMA,
} from '../support/server-migrations';

const KEPT = ['kv', 'venues', 'devices', 'cards', 'events', 'redemptions'];

describe('migration 3: console users, sessions and sign-in failures', () => {
  it('adds the three tables, keeping every row', () => {
    const path = freshServerDatabaseFile();
    const db = rawDatabase(path);
    db.exec(UNNUMBERED_SCHEMA);
    writeLegacyRows(db);
    migrate(db, MIGRATIONS.slice(0, 2));
    const before = rowsOf(db, KEPT);
    migrate(db, MIGRATIONS.slice(0, 3));
    expect(pragma(db, 'user_version')).toBe(3);
    expect(tables(db)).toEqual(
      expect.arrayContaining(['console_users', 'console_sessions', 'console_sign_in_failures']),
    );
    expect(indexes(db)).toEqual(expect.arrayContaining(['console_sessions_expires', 'console_sign_in_failures_email']));
    expect(rowsOf(db, KEPT)).toEqual(before);
  });

  it('one account per email in any case; a venue manager has an existing venue and nobody else has one', () => {
    const db = rawDatabase(freshServerDatabaseFile());
    migrate(db, MIGRATIONS.slice(0, 3));
    db.pragma('foreign_keys = ON');
    db.exec(`INSERT INTO venues (id, config, card_ref_key) VALUES ('bistro', '{}', 'k')`);
    const add = db.prepare(
      'INSERT INTO console_users (email, role, venue_id, password_hash, created_at) VALUES (?, ?, ?, ?, 1)',
    );
    add.run('a@council.example', 'council_admin', null, 'h');
    expect(() => add.run('A@Council.Example', 'auditor', null, 'h')).toThrow(/UNIQUE/);
    expect(() => add.run('m@bistro.example', 'venue_manager', null, 'h')).toThrow(/CHECK/);
    expect(() => add.run('m@bistro.example', 'auditor', 'bistro', 'h')).toThrow(/CHECK/);
    expect(() => add.run('m@bistro.example', 'venue_manager', 'nowhere', 'h')).toThrow(/FOREIGN KEY/);
    expect(() => add.run('r@council.example', 'root', null, 'h')).toThrow(/CHECK/);
    add.run('m@bistro.example', 'venue_manager', 'bistro', 'h');
    // A user's sessions go with the user.
    db.exec(`INSERT INTO console_sessions VALUES ('s1', 1, 'c', 1, 1, 2)`);
    db.exec('DELETE FROM console_users WHERE id = 1');
    expect(db.prepare('SELECT count(*) AS n FROM console_sessions').get()).toEqual({ n: 0 });
  });
});
