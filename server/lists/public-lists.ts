/**
 * The public list paths (issue 14): the trust list and the status lists without device
 * authentication, so that a CDN or reverse proxy can cache them for every terminal. They are
 * signed documents with no personal data; what a terminal trusts is the signature, never the path.
 */
import type { IncomingMessage } from 'node:http';
import type { Deployment } from '../deployment';
import { HttpError, type Reply } from '../http/json-io';
import { listAnswer, listTimes, maxAgeFor } from './list-answer';

export const PUBLIC_TRUST_PATH = '/v1/public/trust';
const PUBLIC_STATUS_PREFIX = '/v1/public/status/';

export function publicStatusPath(id: string): string {
  return `${PUBLIC_STATUS_PREFIX}${id}`;
}

/**
 * `--trust-max-age`'s default: five minutes. The status list is signed with the newest issuer
 * key, so after a rotation a terminal refuses it (keeping its old copy) until a trust list with
 * that key reaches it; a short max-age keeps that gap short, and a 304 costs next to nothing.
 */
export const DEFAULT_TRUST_MAX_AGE = 300;

export interface PublicListContext {
  readonly deployment: Deployment;
  readonly now: number;
  readonly trustMaxAge?: number | undefined;
}

type PublicListHandler = (req: IncomingMessage, ctx: PublicListContext) => Promise<Reply>;

/**
 * The trust list may be cached for the configured time: a new one (a key rotation) reaches
 * terminals within it, which is why rotation keeps the old key valid for the cards it signed.
 */
async function trust(req: IncomingMessage, ctx: PublicListContext): Promise<Reply> {
  const jws = await ctx.deployment.trustList(ctx.now);
  const maxAge = maxAgeFor(ctx.trustMaxAge ?? DEFAULT_TRUST_MAX_AGE, listTimes(jws).exp, ctx.now);
  return listAnswer(req, jws, { maxAge });
}

/**
 * A status list may be cached for its own `ttl`, the time the issuer allows any holder to keep
 * it (Token Status List): a revocation is then at every terminal at most one ttl (plus one sync
 * interval) after it is made, through any single cache.
 */
function status(id: string): PublicListHandler {
  return async (req, ctx) => {
    if (id !== '1') throw new HttpError(404, 'not_found', `no status list ${id}`);
    const jws = await ctx.deployment.statusList(ctx.now);
    const { ttl, exp } = listTimes(jws);
    return listAnswer(req, jws, { maxAge: maxAgeFor(ttl ?? 0, exp, ctx.now) });
  };
}

/** The handler for a route (`GET /v1/public/...`), or null when the route is not a public list. */
export function publicListRoute(route: string): PublicListHandler | null {
  if (route === `GET ${PUBLIC_TRUST_PATH}`) return trust;
  if (!route.startsWith(`GET ${PUBLIC_STATUS_PREFIX}`)) return null;
  const id = route.slice(`GET ${PUBLIC_STATUS_PREFIX}`.length);
  if (!/^[a-z0-9-]{1,32}$/.test(id)) throw new HttpError(404, 'not_found', 'no such status list');
  return status(id);
}
