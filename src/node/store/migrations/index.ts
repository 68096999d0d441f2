/**
 * The terminal's schema migrations, in order. Each lives in its own file, named after its
 * version (`NNN-what-it-adds.ts`), and has its own test (test/store/migrations-NNN-*.test.ts).
 * Adding one is a new file plus its import and its entry below. The list is checked as this
 * module loads, so a gap, a repeat or a wrong order stops the terminal at start-up with the
 * problem named, before any database is opened.
 */
import { migration001 } from './001-trust-material-scan-log';
import { migration002 } from './002-staff-pin';
import { migration003 } from './003-rejected-events';
import { migration004 } from './004-audit-log';
import { migration005 } from './005-staff-calls';
import { migration006 } from './006-security-state';
import { migration007 } from './007-unfreeze-default-settings';
import { migration008 } from './008-library-lookup-answered';
import { checkMigrations, type Migration } from './migration';

export { checkMigrations, MigrationListError, type Migration } from './migration';

export const MIGRATIONS: readonly Migration[] = checkMigrations([
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
  migration008,
]);

/** The version a database has once every migration has run. */
export const SCHEMA_VERSION: number = MIGRATIONS.at(-1)?.version ?? 0;
