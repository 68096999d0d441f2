import type Database from 'better-sqlite3';

/**
 * One step of the server database's schema. `version` is its place in the list (1, 2, 3...);
 * the database's `user_version` says how many have run. Never edit one that has shipped: add
 * the next.
 */
export interface ServerMigration {
  readonly version: number;
  readonly name: string;
  /** Runs inside the transaction that records the new version, so a failure leaves no trace. */
  up(db: Database.Database): void;
}
