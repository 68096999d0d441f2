import type { IncomingMessage } from 'node:http';
import type { ConsoleRole } from '../../src/contract/console-api';
import type { Log } from '../../src/node/log/log';
import type { Deployment } from '../deployment';
import type { AuditRecord, ConsoleSessionRecord, ConsoleUserRecord, SyncStorage } from '../storage/sync-storage';
import type { ConsoleReply } from './console-http';

/** What every console route works with. */
export interface ConsoleDeps {
  readonly storage: SyncStorage;
  readonly deployment: Deployment;
  readonly log: Log;
}

/** One signed-in request. */
export interface ConsoleContext extends ConsoleDeps {
  readonly req: IncomingMessage;
  readonly url: URL;
  /** The server's clock, Unix seconds, read once per request. */
  readonly now: number;
  readonly user: ConsoleUserRecord;
  readonly session: ConsoleSessionRecord;
  /** The path's captured parts (an id), decoded. */
  readonly params: readonly string[];
  /** The JSON body (once; refused when not JSON or too large). */
  body(): Promise<unknown>;
}

export interface ConsoleRoute {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Matched against the path after `/console/api`. */
  readonly path: RegExp;
  /** Who may call it at all (finer rules, like a venue manager's own venue, are the route's). */
  readonly roles: readonly ConsoleRole[];
  run(ctx: ConsoleContext): Promise<ConsoleReply>;
}

export const EVERYONE: readonly ConsoleRole[] = ['council_admin', 'venue_manager', 'auditor'];
export const ADMIN: readonly ConsoleRole[] = ['council_admin'];
export const ADMIN_AND_MANAGER: readonly ConsoleRole[] = ['council_admin', 'venue_manager'];
export const ADMIN_AND_AUDITOR: readonly ConsoleRole[] = ['council_admin', 'auditor'];

/** An audit entry for a change by the signed-in user. */
export function auditBy(
  ctx: ConsoleContext,
  action: string,
  target: string | null,
  before: unknown,
  after: unknown,
): AuditRecord {
  return { at: ctx.now, actor: ctx.user.email, action, target, before, after };
}
