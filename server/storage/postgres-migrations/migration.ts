import type pg from 'pg';

/**
 * One step of the PostgreSQL schema. `version` is its place in the list (1, 2, 3...); the
 * `civicpass_schema` table records each that has run. Never edit one that has shipped: add the
 * next. The SQLite migrations (../migrations) are a separate list with their own numbers.
 */
export interface PostgresMigration {
  readonly version: number;
  readonly name: string;
  /** Runs inside the transaction that records it, so a failure leaves no trace. */
  up(client: pg.PoolClient): Promise<void>;
}
