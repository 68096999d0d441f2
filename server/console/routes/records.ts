/** Read-mostly routes: staff calls, keys (and rotation), the audit log. */
import type { ConsoleAuditEntry, ConsoleCall } from '../../../src/contract/console-api';
import { invalid } from '../console-http';
import { ADMIN, ADMIN_AND_AUDITOR, auditBy, EVERYONE, type ConsoleRoute } from '../context';
import { venueFilter } from '../scope';
import { consoleKeys } from '../trust-info';

/** A whole-number query parameter within bounds, or the fallback when absent. */
function countParam(raw: string | null, name: string, max: number, fallback: number): number {
  if (raw === null) return fallback;
  const n = /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= 1 && n <= max)) throw invalid(`${name} must be a whole number from 1 to ${max}`, name);
  return n;
}

export const RECORD_ROUTES: readonly ConsoleRoute[] = [
  {
    method: 'GET',
    path: /^\/calls$/,
    roles: EVERYONE,
    async run(ctx) {
      const venue = venueFilter(ctx, ctx.url.searchParams.get('venue'));
      const limit = countParam(ctx.url.searchParams.get('limit'), 'limit', 1000, 200);
      const calls: ConsoleCall[] = (await ctx.storage.recentStaffCalls(venue, limit)).map((c) => ({
        id: c.id,
        venueId: c.venueId,
        from: c.from,
        at: c.at,
      }));
      return { status: 200, body: calls };
    },
  },
  {
    method: 'GET',
    path: /^\/keys$/,
    roles: ADMIN_AND_AUDITOR,
    async run(ctx) {
      return { status: 200, body: await consoleKeys(ctx.deployment, ctx.now) };
    },
  },
  {
    method: 'POST',
    path: /^\/keys\/rotate$/,
    roles: ADMIN,
    async run(ctx) {
      // Old cards stay valid: the retired key keeps its window in the next trust list.
      await ctx.deployment.rotateIssuerKey(ctx.now, auditBy(ctx, 'key.rotate', 'issuer', null, null));
      return { status: 200, body: await consoleKeys(ctx.deployment, ctx.now) };
    },
  },
  {
    method: 'GET',
    path: /^\/audit$/,
    roles: ADMIN_AND_AUDITOR,
    async run(ctx) {
      const limit = countParam(ctx.url.searchParams.get('limit'), 'limit', 1000, 200);
      const before = ctx.url.searchParams.get('before');
      const entries: ConsoleAuditEntry[] = await ctx.storage.auditEntries({
        limit,
        ...(before !== null ? { beforeId: countParam(before, 'before', Number.MAX_SAFE_INTEGER, 0) } : {}),
      });
      return { status: 200, body: entries };
    },
  },
];
