/**
 * The server's numbered migrations as a whole (server/storage/migrate.ts): the list is checked
 * for gaps and repeats on every start, a new file gets them all, an up-to-date one runs none, and
 * a database this server must not touch (a newer server's, another program's) is refused with a
 * message that says so. Each migration has its own test file beside this one.
 */
import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkMigrations, migrate, SERVER_APPLICATION_ID, StorageSchemaError } from '../../server/storage/migrate';
import { MIGRATIONS } from '../../server/storage/migrations';
import type { ServerMigration } from '../../server/storage/migrations/migration';
import { openServerData, ServerDataError } from '../../server/open-server';
import { SqliteSyncStorage } from '../../server/storage/sqlite-storage';
import { freshServerDatabaseFile, pragma, rawDatabase, tables } from '../support/server-migrations';

const LATEST = MIGRATIONS.length;

/** How many of this process's file descriptors point at `path` (Linux). */
function openHandles(path: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === path;
    } catch {
      return false; // the descriptor readdir itself used, gone by now
    }
  }).length;
}
const step = (version: number, name = `step ${version}`): ServerMigration => ({
  version,
  name,
  up: (db) => db.exec(`CREATE TABLE t${version} (x INTEGER) STRICT`),
});

describe('the migration list', () => {
  it('runs 1, 2, 3... and holds every file of server/storage/migrations, in the order of their numbers', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(Array.from({ length: LATEST }, (_, i) => i + 1));
    expect(() => checkMigrations(MIGRATIONS)).not.toThrow();
    const folder = join(dirname(new URL(import.meta.url).pathname), '../../server/storage/migrations');
    const numbered = readdirSync(folder)
      .map((f) => /^(\d{3})-.+\.ts$/.exec(f)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number);
    expect(numbered.sort((x, y) => x - y)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it.each([
    ['a gap', [step(1), step(3)], /"step 3" holds version 3 where 2 belongs/],
    ['a repeat', [step(1), step(1, 'again')], /"again" repeats version 1/],
    ['the wrong order', [step(2), step(1)], /"step 2" holds version 2 where 1 belongs/],
    ['a start other than 1', [step(0)], /"step 0" holds version 0 where 1 belongs/],
  ])('with %s fails before the database is touched', (_what, list, message) => {
    const db = rawDatabase(freshServerDatabaseFile());
    expect(() => migrate(db, list)).toThrow(message);
    expect(pragma(db, 'user_version')).toBe(0);
    expect(tables(db)).toEqual([]);
  });

  it('fails just as loudly on a database that is already up to date', () => {
    const path = freshServerDatabaseFile();
    const db = rawDatabase(path);
    migrate(db, [step(1), step(2)]);
    expect(() => migrate(db, [step(1), step(1), step(2)])).toThrow(/repeats version 1/);
  });
});

describe('running the migrations', () => {
  it("gives a new file every migration, the latest version and the server's application id", async () => {
    const path = freshServerDatabaseFile();
    await new SqliteSyncStorage(path).close();
    const db = rawDatabase(path);
    expect(pragma(db, 'user_version')).toBe(LATEST);
    expect(pragma(db, 'application_id')).toBe(SERVER_APPLICATION_ID);
  });

  it('runs only the pending ones, and none on a database that is up to date', () => {
    const db = rawDatabase(freshServerDatabaseFile());
    migrate(db, [step(1)]);
    migrate(db, [{ ...step(1), up: () => expect.fail('migration 1 ran twice') }, step(2)]);
    expect(tables(db)).toEqual(['t1', 't2']);
    expect(pragma(db, 'user_version')).toBe(2);
    migrate(db, [step(1), { ...step(2), up: () => expect.fail('migration 2 ran twice') }]);
  });

  it('a migration that fails leaves the database as it was, its version included', () => {
    const db = rawDatabase(freshServerDatabaseFile());
    migrate(db, [step(1)]);
    const broken: ServerMigration = { version: 3, name: 'broken', up: (d) => d.exec('CREATE TABLE nonsense (') };
    expect(() => migrate(db, [step(1), step(2), broken])).toThrow();
    expect(pragma(db, 'user_version')).toBe(1);
    expect(tables(db)).toEqual(['t1']);
  });
});

describe('databases the server must not use', () => {
  it("a newer server's database is refused with its version, untouched and not left open", async () => {
    const path = freshServerDatabaseFile();
    await new SqliteSyncStorage(path).close();
    const db = rawDatabase(path);
    db.pragma(`user_version = ${LATEST + 1}`);
    db.close();

    const refusal = (() => {
      try {
        return new SqliteSyncStorage(path);
      } catch (e) {
        return e;
      }
    })();
    expect(refusal).toBeInstanceOf(StorageSchemaError);
    expect(refusal).toMatchObject({
      code: 'newer_schema',
      message: `the database has schema version ${LATEST + 1}, newer than this server's ${LATEST}: run the newer server, or restore a backup made by this one`,
    });
    // Nothing changed, and the refused connection was closed, not left holding the file.
    expect(pragma(rawDatabase(path), 'user_version')).toBe(LATEST + 1);
    if (existsSync('/proc/self/fd')) expect(openHandles(path)).toBe(1);
  });

  it('the command line says so in one line: a database problem, with the path', async () => {
    const path = freshServerDatabaseFile();
    await new SqliteSyncStorage(path).close();
    rawDatabase(path).pragma(`user_version = ${LATEST + 5}`);
    const refused = await openServerData(dirname(path)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ServerDataError);
    const { code, message } = refused as ServerDataError;
    expect(code).toBe('database');
    expect(message.startsWith(`cannot open the server database ${path}: `)).toBe(true);
    expect(message).toContain(`schema version ${LATEST + 5}, newer than this server's ${LATEST}`);
  });

  it("another program's numbered database (a terminal's) is refused for what it is", () => {
    const path = freshServerDatabaseFile();
    const db = rawDatabase(path);
    db.exec('CREATE TABLE scan_log (id TEXT PRIMARY KEY) STRICT');
    db.pragma('user_version = 6');
    db.close();
    expect(() => new SqliteSyncStorage(path)).toThrow(
      /^not a CivicPass server database: schema version 6 of another program \(application id 0\)$/,
    );
  });

  it('an unnumbered database with tables the server never made is refused, not adopted', () => {
    const path = freshServerDatabaseFile();
    const db = rawDatabase(path);
    db.exec('CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT; CREATE TABLE photos (id INTEGER)');
    db.close();
    expect(() => new SqliteSyncStorage(path)).toThrow(/tables the server never made \(photos\)/);
    expect(pragma(rawDatabase(path), 'user_version')).toBe(0);
  });
});
