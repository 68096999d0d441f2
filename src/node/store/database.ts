import { existsSync, renameSync } from 'node:fs';
import Database from 'better-sqlite3';
import { checkMigrations, MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations/index';

export type Db = Database.Database;

/** The database cannot be used as it is; the message says why and where the file went. */
export class DatabaseOpenError extends Error {
  constructor(
    message: string,
    readonly code: 'corrupt' | 'newer_schema' | 'unreadable' | 'migration_failed',
    readonly movedTo: string | null = null,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'DatabaseOpenError';
  }
}

function moveAside(path: string): string {
  const aside = `${path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  renameSync(path, aside);
  for (const suffix of ['-wal', '-shm']) if (existsSync(path + suffix)) renameSync(path + suffix, aside + suffix);
  return aside;
}

/**
 * Runs the migrations whose version is above the database's `user_version`, in order, all in one
 * transaction with the version each one reaches: a failing migration leaves the database as it
 * was. The list is checked first (versions 1..N, no gaps or repeats), since the versions alone
 * decide what has run.
 */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): void {
  checkMigrations(migrations);
  const current = db.pragma('user_version', { simple: true }) as number;
  const target = migrations.at(-1)?.version ?? 0;
  if (current > target) {
    throw new DatabaseOpenError(
      `the database has schema version ${current}, newer than this terminal's ${target}: update the terminal software`,
      'newer_schema',
    );
  }
  const pending = migrations.filter((m) => m.version > current);
  if (pending.length === 0) return;
  const attempt = { version: 0 };
  try {
    db.transaction(() => {
      for (const m of pending) {
        attempt.version = m.version;
        m.up(db);
        // A checked version is a whole number, so it can be written into the pragma as it is.
        db.pragma(`user_version = ${m.version}`);
      }
    }).immediate();
  } catch (e) {
    // Rolled back: the file is as it was, so it is not damaged and must not be moved aside.
    throw new DatabaseOpenError(
      `migration ${attempt.version} could not run (${(e as Error).message}); the database was left at schema version ${current}`,
      'migration_failed',
      null,
      e,
    );
  }
}

/** SQLite's own words for a file that is not (or no longer) a database. */
const DAMAGE_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB']);

/** The integrity check found damage the file opened with. */
class IntegrityError extends Error {}

/**
 * Opens (or creates) the terminal's database: WAL, full fsync on commit (a kiosk loses power),
 * foreign keys, migrations. A file that is not a readable SQLite database is renamed aside and
 * reported, never silently replaced.
 */
export function openDatabase(path: string, options: { readonly?: boolean } = {}): Db {
  let db: Db | null = null;
  try {
    db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new IntegrityError(`integrity check: ${String(check)}`);
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      migrate(db);
    }
    return db;
  } catch (e) {
    db?.close();
    if (e instanceof DatabaseOpenError) throw e;
    const code = (e as { code?: string }).code ?? '';
    const damaged = e instanceof IntegrityError || DAMAGE_CODES.has(code);
    // Anything else (no permission, a full disk, another process holding a lock, an I/O error)
    // says nothing about the file: it is reported and left where it is.
    if (!damaged || options.readonly || !existsSync(path)) {
      throw new DatabaseOpenError(`cannot open the database ${path}: ${(e as Error).message}`, 'unreadable', null, e);
    }
    const movedTo = moveAside(path);
    throw new DatabaseOpenError(
      `the database ${path} is damaged (${(e as Error).message}); it was moved to ${movedTo} and kept for inspection. Start again to create a new one, then re-import trust material or re-enrol.`,
      'corrupt',
      movedTo,
    );
  }
}

export { SCHEMA_VERSION };
