/**
 * Cards: found by id, or by library number through the registry's keyed hash (the server never
 * searches library numbers in the clear); status changes publish the status list at once; demo
 * cards in the demo deployment only.
 */
import type { CardStatusChange, ConsoleCard } from '../../../src/contract/console-api';
import { object, oneOf, str } from '../../../src/contract/validate';
import { KeyedHash } from '../../../src/node/store/keyed-hash';
import { DEMO_ISSUER } from '../../admin/demo-setup';
import type { CardRecord } from '../../storage/sync-storage';
import { conflict, invalid, notFound } from '../console-http';
import { ADMIN, ADMIN_AND_AUDITOR, auditBy, type ConsoleContext, type ConsoleRoute } from '../context';

const STATUS_NAMES = ['valid', 'revoked', 'suspended'] as const;
const STATUS_CODES: Record<CardStatusChange['status'], 0 | 1 | 2> = { valid: 0, revoked: 1, suspended: 2 };
const ACTIONS: Record<CardStatusChange['status'], string> = {
  valid: 'card.reinstate',
  revoked: 'card.revoke',
  suspended: 'card.suspend',
};
const SERVICE = /^[a-z0-9-]{1,32}$/;

const statusBody = object({ status: oneOf(STATUS_NAMES), reason: str({ min: 1, max: 500 }) });

function shown(card: CardRecord): ConsoleCard {
  const status = STATUS_NAMES[card.status];
  if (!status) throw new Error(`card ${card.id} has status ${card.status}`);
  return { id: card.id, status, services: card.services, statusIndex: card.statusIndex };
}

async function find(ctx: ConsoleContext): Promise<CardRecord | null> {
  const id = ctx.url.searchParams.get('id');
  const libraryNumber = ctx.url.searchParams.get('libraryNumber');
  if ((id === null) === (libraryNumber === null)) throw invalid('give id or libraryNumber', 'id');
  if (id !== null) return id.length <= 100 ? ctx.storage.getCard(id) : null;
  const number = libraryNumber!.trim();
  if (number.length === 0 || number.length > 64)
    throw invalid('libraryNumber must be 1-64 characters', 'libraryNumber');
  // The same keyed hash the registry is published under (Deployment.registerReference).
  const refHash = new KeyedHash(Buffer.from(ctx.deployment.registryKey, 'base64url')).ref(number);
  const entry = await ctx.storage.registryEntry(refHash);
  return entry && !entry.removed ? ctx.storage.cardByStatusIndex(entry.statusIndex) : null;
}

export const CARD_ROUTES: readonly ConsoleRoute[] = [
  {
    method: 'GET',
    path: /^\/cards$/,
    roles: ADMIN_AND_AUDITOR,
    async run(ctx) {
      const card = await find(ctx);
      if (!card) throw notFound('no such card');
      return { status: 200, body: shown(card) };
    },
  },
  {
    method: 'POST',
    path: /^\/cards\/demo$/,
    roles: ADMIN,
    async run(ctx) {
      if (ctx.deployment.info.issuer !== DEMO_ISSUER) throw notFound('demo cards exist only in the demo deployment');
      const body = object({
        services: (v, path) => {
          if (
            !Array.isArray(v) ||
            v.length === 0 ||
            v.length > 8 ||
            !v.every((s) => typeof s === 'string' && SERVICE.test(s))
          )
            throw invalid(`${path} must be 1-8 service codes`, 'services');
          return v as string[];
        },
      })(await ctx.body(), 'body');
      const card = await ctx.deployment.issueCard(
        { services: body.services, name: 'Demo resident', validDays: 30 },
        ctx.now,
      );
      await ctx.storage.appendAudit(auditBy(ctx, 'card.issue_demo', card.id, null, { services: body.services }));
      return { status: 201, body: { id: card.id, token: card.token } };
    },
  },
  {
    method: 'POST',
    path: /^\/cards\/([^/]{1,100})\/status$/,
    roles: ADMIN,
    async run(ctx) {
      const id = ctx.params[0]!;
      const { status, reason } = statusBody(await ctx.body(), 'body');
      const card = await ctx.storage.getCard(id);
      if (!card) throw notFound(`no card ${id}`);
      const before = shown(card).status;
      if (before === status) throw conflict(`card ${id} is ${status} already`);
      await ctx.deployment.setCardStatus(
        id,
        STATUS_CODES[status],
        auditBy(ctx, ACTIONS[status], id, { status: before }, { status, reason }),
      );
      // Signed now, so terminals get the new list at their next sync without waiting for a request.
      await ctx.deployment.statusList(ctx.now);
      return { status: 200, body: shown({ ...card, status: STATUS_CODES[status] }) };
    },
  },
];
