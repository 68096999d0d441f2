/**
 * The venue configuration a terminal works to (sync API: GET /v1/config): which services it
 * checks, the offers of discount schemes, staleness overrides, languages, retention, and the
 * role that decides which card fields staff see.
 */
import { isValidTimeZone } from './calendar';
import { LmsLinkError, parseLmsLink, type LmsLink } from './lms-link';
import { DEFAULT_STALENESS, type StalenessPolicy } from './staleness';
import { DEFAULT_VISIT_WINDOW, type LimitPeriod, type Offer, type VenuePolicy } from './venue-policy';

export const ROLES = ['library_desk', 'partner', 'self_service'] as const;
export type Role = (typeof ROLES)[number];

export interface VenueConfig extends VenuePolicy {
  readonly venueId: string;
  readonly name: string;
  readonly role: Role;
  readonly staleness: StalenessPolicy;
  readonly languages: readonly string[];
  /** Scan log rows older than this, once uploaded, are deleted. */
  readonly retentionDays: number;
  /** Messages matching this are legacy library numbers, checked against the card registry. */
  readonly libraryNumberPattern: string;
  /**
   * A re-scan of the same code within this many seconds of its last read shows the earlier
   * result again (a repeat) and logs and redeems nothing; 0 turns this off.
   */
  readonly repeatWindowSeconds: number;
  /** The library system to ask about a patron's account (library venues), or null for none. */
  readonly lms: LmsLink | null;
}

export const DEFAULT_REPEAT_WINDOW_SECONDS = 10;

export const DEFAULT_VENUE: VenueConfig = {
  venueId: 'standalone',
  name: 'Standalone terminal',
  role: 'library_desk',
  services: ['library'],
  offers: [],
  timeZone: 'Europe/London',
  visitWindow: DEFAULT_VISIT_WINDOW,
  staleness: DEFAULT_STALENESS,
  languages: ['en', 'ar', 'pl', 'bn'],
  retentionDays: 30,
  libraryNumberPattern: '^[0-9]{14}$',
  repeatWindowSeconds: DEFAULT_REPEAT_WINDOW_SECONDS,
  lms: null,
};

export class VenueConfigError extends Error {}

const CODE = /^[a-z0-9-]{1,32}$/;
const PERIODS: readonly LimitPeriod[] = ['day', 'week', 'visit'];

function fail(message: string): never {
  throw new VenueConfigError(message);
}

function obj(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(`${what} is not an object`);
  return v as Record<string, unknown>;
}

function positive(v: unknown, what: string, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) fail(`${what} is not a positive number`);
  return v;
}

function within(v: unknown, what: string, min: number, max: number, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) fail(`${what} must be from ${min} to ${max}`);
  return v;
}

function parseOffer(raw: unknown, i: number): Offer {
  const o = obj(raw, `offer ${i}`);
  if (typeof o['id'] !== 'string' || !CODE.test(o['id'])) fail(`offer ${i} has no valid id`);
  if (typeof o['service'] !== 'string' || !CODE.test(o['service'])) fail(`offer ${o['id']} has no valid service`);
  if (typeof o['title'] !== 'string' || o['title'].length === 0 || o['title'].length > 80)
    fail(`offer ${o['id']} has no title`);
  let limit: Offer['limit'] = null;
  if (o['limit'] !== undefined && o['limit'] !== null) {
    const l = obj(o['limit'], `offer ${o['id']} limit`);
    if (typeof l['count'] !== 'number' || !Number.isInteger(l['count']) || l['count'] < 1)
      fail(`offer ${o['id']} limit count`);
    if (!PERIODS.includes(l['per'] as LimitPeriod)) fail(`offer ${o['id']} limit per must be day, week or visit`);
    limit = { count: l['count'], per: l['per'] as LimitPeriod };
  }
  return { id: o['id'], service: o['service'], title: o['title'], limit };
}

/** Validates a venue configuration document, filling defaults; throws VenueConfigError. */
export function parseVenueConfig(raw: unknown): VenueConfig {
  const c = obj(raw, 'venue configuration');
  const venueId = typeof c['venueId'] === 'string' && c['venueId'] !== '' ? c['venueId'] : fail('venueId is missing');
  const name = typeof c['name'] === 'string' ? c['name'] : venueId;
  const role = c['role'] ?? DEFAULT_VENUE.role;
  if (!ROLES.includes(role as Role)) fail(`role must be one of ${ROLES.join(', ')}`);
  const services = c['services'];
  if (
    !Array.isArray(services) ||
    services.length === 0 ||
    !services.every((s) => typeof s === 'string' && CODE.test(s))
  ) {
    fail('services must be a non-empty list of service codes');
  }
  const offers = Array.isArray(c['offers']) ? c['offers'].map(parseOffer) : [];
  const timeZone = typeof c['timeZone'] === 'string' ? c['timeZone'] : DEFAULT_VENUE.timeZone;
  if (!isValidTimeZone(timeZone)) fail(`unknown time zone ${timeZone}`);
  const s = c['staleness'] === undefined ? {} : obj(c['staleness'], 'staleness');
  const staleness: StalenessPolicy = {
    statusDefaultTtl: positive(s['statusDefaultTtl'], 'staleness.statusDefaultTtl', DEFAULT_STALENESS.statusDefaultTtl),
    statusHardLimit: positive(s['statusHardLimit'], 'staleness.statusHardLimit', DEFAULT_STALENESS.statusHardLimit),
    trustHardLimit: positive(s['trustHardLimit'], 'staleness.trustHardLimit', DEFAULT_STALENESS.trustHardLimit),
    clockTolerance: positive(s['clockTolerance'], 'staleness.clockTolerance', DEFAULT_STALENESS.clockTolerance),
    leeway: positive(s['leeway'], 'staleness.leeway', DEFAULT_STALENESS.leeway),
  };
  const languages =
    Array.isArray(c['languages']) && c['languages'].every((l) => typeof l === 'string')
      ? c['languages']
      : DEFAULT_VENUE.languages;
  const pattern =
    typeof c['libraryNumberPattern'] === 'string' ? c['libraryNumberPattern'] : DEFAULT_VENUE.libraryNumberPattern;
  try {
    new RegExp(pattern);
  } catch {
    fail('libraryNumberPattern is not a regular expression');
  }
  let lms: LmsLink | null;
  try {
    lms = parseLmsLink(c['lms']);
  } catch (e) {
    if (e instanceof LmsLinkError) fail(e.message);
    throw e;
  }
  return {
    venueId,
    name,
    role: role as Role,
    services: services as string[],
    offers,
    timeZone,
    visitWindow: positive(c['visitWindowSeconds'], 'visitWindowSeconds', DEFAULT_VENUE.visitWindow),
    staleness,
    languages,
    retentionDays: positive(c['retentionDays'], 'retentionDays', 30),
    libraryNumberPattern: pattern,
    repeatWindowSeconds: within(c['repeatWindowSeconds'], 'repeatWindowSeconds', 0, 300, DEFAULT_REPEAT_WINDOW_SECONDS),
    lms,
  };
}
