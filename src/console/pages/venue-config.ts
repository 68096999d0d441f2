/**
 * A venue's configuration (the document terminals get at GET /v1/config, checked by
 * src/core/venue-config.ts) as the form edits it, and back. The form holds text as typed; the
 * document keeps every member the form does not show (staleness, languages, retention, the LMS
 * link's TLS...), so saving a venue changes only what was edited.
 */
import type { ConsoleVenue } from '../../contract/console-api';
import { isValidTimeZone } from '../../core/calendar';
import { LMS_CHARSETS, type LmsCharset } from '../../core/lms-link';
import { ROLES, type Role } from '../../core/venue-config';
import type { LimitPeriod } from '../../core/venue-policy';

export const KNOWN_SERVICES = ['library', 'citysave', 'leisure'] as const;
export const LIMIT_PERIODS: readonly LimitPeriod[] = ['day', 'week', 'visit'];
export { LMS_CHARSETS, ROLES };

export interface OfferDraft {
  /** React's key for the row; not sent. */
  readonly key: string;
  readonly id: string;
  readonly service: string;
  readonly title: string;
  /** Empty for no limit. */
  readonly limitCount: string;
  readonly limitPer: LimitPeriod;
}

export interface LmsDraft {
  readonly enabled: boolean;
  /** The venue had a link when the form opened: its password is held, and may be left as it is. */
  readonly existed: boolean;
  readonly host: string;
  readonly port: string;
  readonly institution: string;
  readonly user: string;
  /** Write-only: empty keeps the password the terminals hold. */
  readonly password: string;
  readonly charset: LmsCharset;
}

export interface VenueDraft {
  readonly venueId: string;
  readonly name: string;
  readonly role: Role;
  readonly services: readonly string[];
  /** Codes typed by hand, separated by commas. */
  readonly otherServices: string;
  readonly timeZone: string;
  readonly libraryNumberPattern: string;
  readonly lms: LmsDraft;
  readonly offers: readonly OfferDraft[];
}

/** What is wrong with a field, by the catalogue's key (venues.problems); the page words it. */
export type VenueProblem =
  | 'idMissing'
  | 'idFormat'
  | 'nameMissing'
  | 'servicesMissing'
  | 'serviceFormat'
  | 'timeZone'
  | 'pattern'
  | 'host'
  | 'port'
  | 'sipField'
  | 'passwordMissing'
  | 'offerId'
  | 'offerIdTaken'
  | 'offerService'
  | 'offerTitle'
  | 'limitCount';

/** Problems by field: `venueId`, `lms.host`, `offer.<key>.title`... */
export type VenueProblems = Readonly<Record<string, VenueProblem>>;

const CODE = /^[a-z0-9-]{1,32}$/;
const HOST = /^[A-Za-z0-9.-]{1,253}$|^\[[0-9A-Fa-f:.]{2,45}\]$/;

function str(v: unknown, fallback = ''): string {
  return typeof v === 'string' ? v : fallback;
}

function record(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

export function venueName(venues: readonly ConsoleVenue[], id: string): string {
  const v = venues.find((venue) => venue.id === id);
  const name = v ? str(v.config['name']) : '';
  return name === '' ? id : name;
}

let nextKey = 0;
export function newOffer(service: string): OfferDraft {
  nextKey += 1;
  return { key: `offer-${nextKey}`, id: '', service, title: '', limitCount: '', limitPer: 'day' };
}

/** The form's starting point: the venue's configuration, or a new venue's defaults. */
export function draftFromConfig(config: Readonly<Record<string, unknown>> | null): VenueDraft {
  const c = config ?? {};
  const lms = record(c['lms']);
  const services = Array.isArray(c['services']) ? c['services'].filter((s): s is string => typeof s === 'string') : [];
  const offers = Array.isArray(c['offers']) ? c['offers'] : [];
  const role = ROLES.includes(c['role'] as Role) ? (c['role'] as Role) : 'library_desk';
  const charset = lms && LMS_CHARSETS.includes(lms['charset'] as LmsCharset) ? (lms['charset'] as LmsCharset) : 'utf-8';
  return {
    venueId: str(c['venueId']),
    name: str(c['name']),
    role,
    services: config === null ? ['library'] : services,
    otherServices: '',
    timeZone: str(c['timeZone'], 'Europe/London'),
    libraryNumberPattern: str(c['libraryNumberPattern'], '^[0-9]{14}$'),
    lms: {
      enabled: lms !== null,
      existed: lms !== null,
      host: lms ? str(lms['host']) : '',
      port: lms && typeof lms['port'] === 'number' ? String(lms['port']) : '',
      institution: lms ? str(lms['institution']) : '',
      user: lms ? str(lms['user']) : '',
      password: '',
      charset,
    },
    offers: offers.map((raw): OfferDraft => {
      const o = record(raw) ?? {};
      const limit = record(o['limit']);
      const per = LIMIT_PERIODS.includes(limit?.['per'] as LimitPeriod) ? (limit?.['per'] as LimitPeriod) : 'day';
      return {
        ...newOffer(str(o['service'])),
        id: str(o['id']),
        title: str(o['title']),
        limitCount: typeof limit?.['count'] === 'number' ? String(limit['count']) : '',
        limitPer: per,
      };
    }),
  };
}

/** Every service the venue checks: the ticked ones and the typed ones, once each. */
export function allServices(draft: VenueDraft): string[] {
  const typed = draft.otherServices
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return [...new Set([...draft.services, ...typed])];
}

function isSipField(v: string): boolean {
  return v.length >= 1 && v.length <= 64 && [...v].every((c) => c !== '|' && c.charCodeAt(0) >= 0x20 && c !== '\u007f');
}

function isPattern(p: string): boolean {
  try {
    new RegExp(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * The form's problems before anything is sent, by the rules terminals apply
 * (parseVenueConfig, parseLmsLink). `isNew`: the venue id is being chosen.
 */
export function validateDraft(draft: VenueDraft, isNew: boolean): VenueProblems {
  const p: Record<string, VenueProblem> = {};
  if (isNew) {
    if (draft.venueId.trim() === '') p['venueId'] = 'idMissing';
    else if (!CODE.test(draft.venueId.trim())) p['venueId'] = 'idFormat';
  }
  if (draft.name.trim() === '') p['name'] = 'nameMissing';
  const services = allServices(draft);
  if (services.length === 0) p['services'] = 'servicesMissing';
  else if (!services.every((s) => CODE.test(s))) p['otherServices'] = 'serviceFormat';
  if (!isValidTimeZone(draft.timeZone.trim())) p['timeZone'] = 'timeZone';
  if (!isPattern(draft.libraryNumberPattern)) p['libraryNumberPattern'] = 'pattern';
  if (draft.lms.enabled) {
    const l = draft.lms;
    if (!HOST.test(l.host.trim())) p['lms.host'] = 'host';
    const port = Number(l.port);
    if (!/^\d+$/.test(l.port.trim()) || port < 1 || port > 65535) p['lms.port'] = 'port';
    if (!isSipField(l.institution)) p['lms.institution'] = 'sipField';
    if (!isSipField(l.user)) p['lms.user'] = 'sipField';
    if (!l.existed && l.password === '') p['lms.password'] = 'passwordMissing';
  }
  const seen = new Set<string>();
  for (const o of draft.offers) {
    const id = o.id.trim();
    if (!CODE.test(id)) p[`offer.${o.key}.id`] = 'offerId';
    else if (seen.has(id)) p[`offer.${o.key}.id`] = 'offerIdTaken';
    seen.add(id);
    if (!services.includes(o.service)) p[`offer.${o.key}.service`] = 'offerService';
    const title = o.title.trim();
    if (title.length === 0 || title.length > 80) p[`offer.${o.key}.title`] = 'offerTitle';
    if (o.limitCount.trim() !== '' && !(/^\d+$/.test(o.limitCount.trim()) && Number(o.limitCount) >= 1))
      p[`offer.${o.key}.limitCount`] = 'limitCount';
  }
  return p;
}

function offersOf(draft: VenueDraft): Record<string, unknown>[] {
  return draft.offers.map((o) => ({
    id: o.id.trim(),
    service: o.service,
    title: o.title.trim(),
    limit: o.limitCount.trim() === '' ? null : { count: Number(o.limitCount), per: o.limitPer },
  }));
}

/**
 * The document to send: the venue's configuration as it was (`base`), with what the form edits
 * put in. `offersOnly` (a venue manager) changes the offers and nothing else.
 */
export function configFromDraft(
  base: Readonly<Record<string, unknown>>,
  draft: VenueDraft,
  offersOnly: boolean,
): Record<string, unknown> {
  if (offersOnly) return { ...base, offers: offersOf(draft) };
  const l = draft.lms;
  const baseLms = record(base['lms']) ?? {};
  const lms = l.enabled
    ? {
        ...baseLms,
        protocol: 'sip2',
        host: l.host.trim(),
        port: Number(l.port),
        institution: l.institution,
        user: l.user,
        charset: l.charset,
        // Write-only: sent when typed; left out, the terminals keep the one they hold.
        ...(l.password !== '' ? { password: l.password } : {}),
      }
    : null;
  return {
    ...base,
    venueId: base['venueId'] ?? draft.venueId.trim(),
    name: draft.name.trim(),
    role: draft.role,
    services: allServices(draft),
    timeZone: draft.timeZone.trim(),
    libraryNumberPattern: draft.libraryNumberPattern,
    lms,
    offers: offersOf(draft),
  };
}
