/** Overview, terminals (list, revoke) and enrolment codes. */
import type { ConsoleTerminal, EnrolmentCode } from '../../../src/contract/console-api';
import { num, object, str } from '../../../src/contract/validate';
import { renderBarcode } from '../../../src/node/barcode-writer';
import { makeEnrolmentCode } from '../../admin/demo-setup';
import { conflict, notFound } from '../console-http';
import { ADMIN_AND_MANAGER, auditBy, EVERYONE, type ConsoleContext, type ConsoleRoute } from '../context';
import { requireOwnVenue, venueFilter } from '../scope';
import { consoleTerminal, overviewOf } from '../terminal-state';
import { trustListNow } from '../trust-info';
import { revocationsToday } from '../revocations';

const REASON = str({ min: 1, max: 500 });
const revokeBody = object({ reason: REASON });
const codeBody = object({ venueId: str({ min: 1, max: 32 }) }, { hours: num(1, 168) });

async function terminalsOf(ctx: ConsoleContext, venueId: string | null): Promise<ConsoleTerminal[]> {
  const [devices, syncs, trust] = await Promise.all([
    ctx.storage.listDevices(venueId),
    ctx.storage.deviceSyncs(),
    trustListNow(ctx.deployment, ctx.now),
  ]);
  const byDevice = new Map(syncs.map((s) => [s.deviceId, s]));
  return devices.map((d) => consoleTerminal(d, byDevice.get(d.id), trust.seq, ctx.now));
}

export const TERMINAL_ROUTES: readonly ConsoleRoute[] = [
  {
    method: 'GET',
    path: /^\/overview$/,
    roles: EVERYONE,
    async run(ctx) {
      const venue = venueFilter(ctx, null);
      // Cards are the council's: a venue manager's overview counts no revocations.
      const revoked = ctx.user.role === 'venue_manager' ? 0 : await revocationsToday(ctx.storage, ctx.now);
      return { status: 200, body: overviewOf(await terminalsOf(ctx, venue), revoked) };
    },
  },
  {
    method: 'GET',
    path: /^\/terminals$/,
    roles: EVERYONE,
    async run(ctx) {
      return { status: 200, body: await terminalsOf(ctx, venueFilter(ctx, ctx.url.searchParams.get('venue'))) };
    },
  },
  {
    method: 'POST',
    path: /^\/terminals\/([^/]{1,100})\/revoke$/,
    roles: ADMIN_AND_MANAGER,
    async run(ctx) {
      const id = ctx.params[0]!;
      const { reason } = revokeBody(await ctx.body(), 'body');
      const device = await ctx.storage.getDevice(id);
      if (!device) throw notFound(`no terminal ${id}`);
      requireOwnVenue(ctx, device.venueId);
      const before = { revokedAt: device.revokedAt };
      const audit = auditBy(ctx, 'device.revoke', id, before, { revokedAt: ctx.now, reason });
      if (!(await ctx.storage.revokeDevice(id, ctx.now, audit))) throw conflict(`terminal ${id} is already revoked`);
      const [terminal] = (await terminalsOf(ctx, device.venueId)).filter((t) => t.id === id);
      return { status: 200, body: terminal };
    },
  },
  {
    method: 'POST',
    path: /^\/enrolment-codes$/,
    roles: ADMIN_AND_MANAGER,
    async run(ctx) {
      const { venueId, hours = 24 } = codeBody(await ctx.body(), 'body');
      requireOwnVenue(ctx, venueId);
      if (!(await ctx.storage.getVenue(venueId))) throw notFound(`no venue ${venueId}`);
      const code = await makeEnrolmentCode(ctx.storage, venueId, ctx.now, hours, ctx.user.email);
      const answer: EnrolmentCode = {
        code,
        venueId,
        expiresAt: ctx.now + hours * 3600,
        qrSvg: (await renderBarcode(code, 'QRCode')).svg,
      };
      return { status: 201, body: answer };
    },
  },
];
