import type Database from 'better-sqlite3';
import { BASELINE_TABLES } from './migrations/001-baseline';
import { MIGRATIONS } from './migrations';
import type { ServerMigration } from './migrations/migration';

/**
 * Marks a file as a CivicPass server database (`PRAGMA application_id`, "CPSV"), so that a
 * numbered database of another program (a terminal's `terminal.db`) is refused for what it is,
 * not as one from a newer server.
 */
export const SERVER_APPLICATION_ID = 0x43505356;

/** A database this server must not use as it is; the message says why and what to do. */
export class StorageSchemaError extends Error {
  constructor(
    message: string,
    readonly code: 'newer_schema' | 'not_server_database',
  ) {
    super(message);
    this.name = 'StorageSchemaError';
  }
}

/**
 * Versions must run 1, 2, 3... in list order. A gap or a repeat is a mistake in the code, not
 * in the data, so it stops every start at once, whatever version the database is at.
 */
export function checkMigrations(migrations: readonly { version: number; name: string }[]): void {
  migrations.forEach((m, i) => {
    if (m.version === i + 1) return;
    const seen = migrations.slice(0, i).some((earlier) => earlier.version === m.version);
    const problem = seen ? `repeats version ${m.version}` : `holds version ${m.version} where ${i + 1} belongs`;
    throw new Error(`server migration list: "${m.name}" ${problem}; versions must run 1, 2, 3... without a gap`);
  });
}

interface SchemaState {
  readonly version: number;
  readonly applicationId: number;
}

function schemaState(db: Database.Database): SchemaState {
  return {
    version: Number(db.pragma('user_version', { simple: true })),
    applicationId: Number(db.pragma('application_id', { simple: true })),
  };
}

/** Refuses what is not a server database, or is one from a newer server. */
function checkUsable(db: Database.Database, state: SchemaState, latest: number): void {
  if (state.version === 0) {
    // Empty, or made by the unnumbered schema (which set neither pragma): adopted by migration 1.
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .all()
      .map((r) => r.name)
      .filter((name) => !BASELINE_TABLES.includes(name));
    if (tables.length > 0)
      throw new StorageSchemaError(
        `not a CivicPass server database: it has no schema version and tables the server never made (${tables.join(', ')})`,
        'not_server_database',
      );
    return;
  }
  if (state.applicationId !== SERVER_APPLICATION_ID)
    throw new StorageSchemaError(
      `not a CivicPass server database: schema version ${state.version} of another program (application id ${state.applicationId})`,
      'not_server_database',
    );
  if (state.version > latest)
    throw new StorageSchemaError(
      `the database has schema version ${state.version}, newer than this server's ${latest}: run the newer server, or restore a backup made by this one`,
      'newer_schema',
    );
}

/**
 * Brings the database to the latest schema: the pending migrations and the new `user_version`
 * in one immediate transaction, the state read again inside it, so that two server processes
 * starting together run each migration once.
 */
export function migrate(db: Database.Database, migrations: readonly ServerMigration[] = MIGRATIONS): void {
  checkMigrations(migrations);
  const latest = migrations.length;
  const before = schemaState(db);
  checkUsable(db, before, latest);
  if (before.version === latest) return;
  db.transaction(() => {
    const state = schemaState(db);
    checkUsable(db, state, latest);
    for (const m of migrations.slice(state.version)) m.up(db);
    db.pragma(`user_version = ${latest}`);
    db.pragma(`application_id = ${SERVER_APPLICATION_ID}`);
  }).immediate();
}
