/**
 * Venues and offers: the configuration documents terminals get at GET /v1/config (checked with
 * parseVenueConfig), their LMS passwords write-only. A venue manager may change the offers of
 * their own venue and nothing else of it.
 */
import { isDeepStrictEqual } from 'node:util';
import type { ConsoleVenue } from '../../../src/contract/console-api';
import { object, type Schema } from '../../../src/contract/validate';
import { parseVenueConfig } from '../../../src/core/venue-config';
import { KeyedHash } from '../../../src/node/store/keyed-hash';
import type { VenueRecord } from '../../storage/sync-storage';
import { conflict, forbidden, invalid, notFound } from '../console-http';
import { ADMIN, ADMIN_AND_MANAGER, auditBy, EVERYONE, type ConsoleContext, type ConsoleRoute } from '../context';
import { requireOwnVenue, venueFilter } from '../scope';
import { keepSecrets, withoutSecrets } from '../venue-secrets';

const configSchema: Schema<Record<string, unknown>> = (v, path) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw invalid(`${path} must be an object`, 'config');
  return v as Record<string, unknown>;
};
const changeBody = object({ config: configSchema });

const shown = (v: VenueRecord): ConsoleVenue => ({ id: v.id, config: withoutSecrets(v.config) });

/** A configuration terminals can use: parseVenueConfig's checks, a code for an id, offers of its own services. */
function checkedConfig(config: Record<string, unknown>): Record<string, unknown> {
  const parsed = parseVenueConfig(config);
  if (!/^[a-z0-9-]{1,32}$/.test(parsed.venueId))
    throw invalid('venueId must be 1-32 lowercase letters, digits or dashes', 'venueId');
  const stray = parsed.offers.find((o) => !parsed.services.includes(o.service));
  // An offer for a service the venue does not check could never be redeemed.
  if (stray) throw invalid(`offer ${stray.id} is for ${stray.service}, not a service of this venue`, 'offers');
  const ids = parsed.offers.map((o) => o.id);
  if (new Set(ids).size !== ids.length) throw invalid('two offers share an id', 'offers');
  return config;
}

const withoutOffers = ({ offers: _o, ...rest }: Record<string, unknown>): Record<string, unknown> => rest;

async function replace(ctx: ConsoleContext): Promise<ConsoleVenueAnswer> {
  const id = ctx.params[0]!;
  requireOwnVenue(ctx, id);
  const stored = await ctx.storage.getVenue(id);
  if (!stored) throw notFound(`no venue ${id}`);
  const { config: given } = changeBody(await ctx.body(), 'body');
  if (given['venueId'] !== id) throw invalid(`config.venueId must be ${id}`, 'venueId');
  const config = checkedConfig(keepSecrets(given, stored.config));
  if (ctx.user.role === 'venue_manager' && !isDeepStrictEqual(withoutOffers(config), withoutOffers(stored.config)))
    throw forbidden('a venue manager may change only the offers of their venue');
  await ctx.storage.putVenue(
    { ...stored, config },
    auditBy(ctx, 'venue.update', id, withoutSecrets(stored.config), withoutSecrets(config)),
  );
  return { status: 200, body: shown({ ...stored, config }) };
}

interface ConsoleVenueAnswer {
  readonly status: number;
  readonly body: ConsoleVenue;
}

export const VENUE_ROUTES: readonly ConsoleRoute[] = [
  {
    method: 'GET',
    path: /^\/venues$/,
    roles: EVERYONE,
    async run(ctx) {
      const only = venueFilter(ctx, null);
      const venues = (await ctx.storage.listVenues()).filter((v) => only === null || v.id === only);
      return { status: 200, body: venues.map(shown) };
    },
  },
  {
    method: 'POST',
    path: /^\/venues$/,
    roles: ADMIN,
    async run(ctx) {
      const { config: given } = changeBody(await ctx.body(), 'body');
      const config = checkedConfig(given);
      const id = config['venueId'] as string;
      const venue: VenueRecord = { id, config, cardRefKey: KeyedHash.generateKey().toString('base64url') };
      if (!(await ctx.storage.createVenue(venue, auditBy(ctx, 'venue.add', id, null, withoutSecrets(config)))))
        throw conflict(`venue ${id} exists already`);
      return { status: 201, body: shown(venue) };
    },
  },
  {
    method: 'PUT',
    path: /^\/venues\/([a-z0-9-]{1,32})$/,
    roles: ADMIN_AND_MANAGER,
    run: replace,
  },
];
