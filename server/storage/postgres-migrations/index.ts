import { baseline } from './001-baseline';
import { consoleTables } from './002-console';
import { consoleAudit } from './003-console-audit';
import type { PostgresMigration } from './migration';

/** Every PostgreSQL migration, in order; `migratePostgres` refuses a list with a gap or a repeat. */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [baseline, consoleTables, consoleAudit];
