import { baseline } from './001-baseline';
import { eventsByType } from './002-events-by-type';
import { consoleAccounts } from './003-console-accounts';
import { consoleAudit } from './004-console-audit';
import { deviceHealth } from './005-device-health';
import type { ServerMigration } from './migration';

/** Every server migration, in order; `migrate` refuses a list with a gap or a repeat. */
export const MIGRATIONS: readonly ServerMigration[] = [
  baseline,
  eventsByType,
  consoleAccounts,
  consoleAudit,
  deviceHealth,
];
