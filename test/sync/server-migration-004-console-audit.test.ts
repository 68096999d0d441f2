import { describe, expect, it } from 'vitest';
import { migrate } from '../../server/storage/migrate';
import { MIGRATIONS } from '../../server/storage/migrations';
import { freshServerDatabaseFile, pragma, rawDatabase, tables } from '../support/server-migrations';

describe('migration 4: the console audit log, append-only', () => {
  it('adds the table, which takes inserts and refuses every UPDATE and DELETE', () => {
    const db = rawDatabase(freshServerDatabaseFile());
    migrate(db, MIGRATIONS.slice(0, 3));
    migrate(db, MIGRATIONS.slice(0, 4));
    expect(pragma(db, 'user_version')).toBe(4);
    expect(tables(db)).toContain('console_audit');
    const add = db.prepare(
      "INSERT INTO console_audit (at, actor, action, target, before, after) VALUES (?, 'cli', 'card.revoke', 'card_1', 'null', '{}')",
    );
    add.run(1);
    add.run(2);
    expect(() => db.exec("UPDATE console_audit SET actor = 'x' WHERE id = 1")).toThrow(/append-only/);
    expect(() => db.exec('DELETE FROM console_audit WHERE id = 2')).toThrow(/append-only/);
    expect(() => db.exec('DELETE FROM console_audit')).toThrow(/append-only/);
    expect(db.prepare('SELECT id, actor FROM console_audit ORDER BY id').all()).toEqual([
      { id: 1, actor: 'cli' },
      { id: 2, actor: 'cli' },
    ]);
  });
});
