/**
 * Issue 13's security tests, route by route: every console API route answers 401 without a
 * session, 403 `forbidden` to a role outside it, and (for changes) 403 `csrf` without the
 * session's CSRF token, with a forged one, or from another origin; a venue manager reaches only
 * their own venue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleRole } from '../../src/contract/console-api';
import { DEMO_CONSOLE_USER } from '../../server/admin/demo-console-user';
import { startConsoleServer, type RunningConsoleServer } from '../support/console-server';
import { call, signIn, type Signed } from './console-client';
import { enrolTestDevice } from './test-device';

const PASSWORD = 'correct horse battery';
let s: RunningConsoleServer;
const as = {} as Record<ConsoleRole, Signed>;
let ownDevice: string;
let otherDevice: string;
let cardId: string;
let restaurant: Record<string, unknown>;

beforeAll(async () => {
  s = await startConsoleServer();
  await s.addUser('manager@bistro.example', 'venue_manager', PASSWORD, 'demo-restaurant');
  await s.addUser('auditor@council.example', 'auditor', PASSWORD);
  as.council_admin = await signIn(s.url, DEMO_CONSOLE_USER.email, DEMO_CONSOLE_USER.password);
  as.venue_manager = await signIn(s.url, 'manager@bistro.example', PASSWORD);
  as.auditor = await signIn(s.url, 'auditor@council.example', PASSWORD);
  ownDevice = (await enrolTestDevice(s.url, s.codes['demo-restaurant']!)).id;
  otherDevice = (await enrolTestDevice(s.url, s.codes['demo-library']!)).id;
  cardId = (await s.deployment.issueCard({ services: ['library'] }, Date.now() / 1000)).id;
  restaurant = (await s.storage.getVenue('demo-restaurant'))!.config;
});
afterAll(() => s.close());

interface RouteCase {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: () => string;
  readonly body?: () => unknown;
  readonly roles: readonly ConsoleRole[];
}

const ALL: readonly ConsoleRole[] = ['council_admin', 'venue_manager', 'auditor'];
const ROUTES: readonly RouteCase[] = [
  { method: 'GET', path: () => '/session', roles: ALL },
  { method: 'GET', path: () => '/overview', roles: ALL },
  { method: 'GET', path: () => '/terminals', roles: ALL },
  {
    method: 'POST',
    path: () => `/terminals/${ownDevice}/revoke`,
    body: () => ({ reason: 'stolen' }),
    roles: ['council_admin', 'venue_manager'],
  },
  {
    method: 'POST',
    path: () => '/enrolment-codes',
    body: () => ({ venueId: 'demo-restaurant' }),
    roles: ['council_admin', 'venue_manager'],
  },
  { method: 'GET', path: () => '/venues', roles: ALL },
  {
    method: 'POST',
    path: () => '/venues',
    body: () => ({ config: { venueId: 'pool', name: 'Pool', role: 'partner', services: ['leisure'] } }),
    roles: ['council_admin'],
  },
  {
    method: 'PUT',
    path: () => '/venues/demo-restaurant',
    body: () => ({ config: restaurant }),
    roles: ['council_admin', 'venue_manager'],
  },
  { method: 'GET', path: () => `/cards?id=${cardId}`, roles: ['council_admin', 'auditor'] },
  {
    method: 'POST',
    path: () => `/cards/${cardId}/status`,
    body: () => ({ status: 'suspended', reason: 'reported lost' }),
    roles: ['council_admin'],
  },
  { method: 'POST', path: () => '/cards/demo', body: () => ({ services: ['library'] }), roles: ['council_admin'] },
  { method: 'GET', path: () => '/calls', roles: ALL },
  { method: 'GET', path: () => '/keys', roles: ['council_admin', 'auditor'] },
  { method: 'POST', path: () => '/keys/rotate', body: () => ({}), roles: ['council_admin'] },
  { method: 'GET', path: () => '/usage', roles: ALL },
  { method: 'GET', path: () => '/usage/scans-per-day.csv', roles: ALL },
  { method: 'GET', path: () => '/usage/redemptions-per-week.csv', roles: ALL },
  { method: 'GET', path: () => '/usage/cards-per-month.csv', roles: ALL },
  { method: 'GET', path: () => '/audit', roles: ['council_admin', 'auditor'] },
];
const CHANGES = ROUTES.filter((r) => r.method !== 'GET');
const name = (r: RouteCase): string => `${r.method} ${r.path().replace(/dev_[\w-]+|card_[\w-]+/, ':id')}`;

describe('without a session', () => {
  it.each(ROUTES.map((r) => [name(r), r] as const))('%s answers 401 unauthenticated', async (_n, r) => {
    for (const cookie of [
      undefined,
      'civicpass_console=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      'civicpass_console=junk',
    ]) {
      const res = await call(s.url, r.method, r.path(), {
        ...(r.body ? { body: r.body() } : {}),
        headers: cookie ? { cookie } : {},
      });
      expect(res.status).toBe(401);
      expect(res.json).toMatchObject({ error: 'unauthenticated' });
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('an unknown API path is 401 too: nothing is told before a session', async () => {
    expect((await call(s.url, 'GET', '/no-such-thing')).status).toBe(401);
    expect((await call(s.url, 'GET', '/no-such-thing', { session: as.auditor })).status).toBe(404);
  });
});

describe('roles', () => {
  // Forbidden roles first: a refused change must change nothing the allowed roles then meet.
  it.each(ROUTES.map((r) => [name(r), r] as const))(
    '%s: 403 forbidden outside its roles, answered within',
    async (_n, r) => {
      for (const role of ALL.filter((x) => !r.roles.includes(x))) {
        const res = await call(s.url, r.method, r.path(), { session: as[role], ...(r.body ? { body: r.body() } : {}) });
        expect({ role, status: res.status, body: res.json }).toMatchObject({
          role,
          status: 403,
          body: { error: 'forbidden' },
        });
      }
      for (const role of r.roles) {
        const res = await call(s.url, r.method, r.path(), { session: as[role], ...(r.body ? { body: r.body() } : {}) });
        // A repeated change may conflict (409): the point is that the role got past the door.
        expect({ role, status: res.status, text: res.text }).toMatchObject({
          role,
          status: expect.toBeOneOf([200, 201, 409]) as unknown,
        });
      }
    },
  );
});

describe('CSRF', () => {
  const cases = [...CHANGES, { method: 'DELETE', path: () => '/session', roles: ALL } as RouteCase];
  it.each(cases.map((r) => [name(r), r] as const))(
    '%s: 403 csrf without the token, with a forged one, or cross-site',
    async (_n, r) => {
      const admin = as.council_admin;
      const attempts: { csrf: string | null; headers?: Record<string, string> }[] = [
        { csrf: null },
        { csrf: 'forged-token-forged-token-forged-token-forg' },
        { csrf: as.auditor.csrf }, // another session's token
        { csrf: admin.csrf, headers: { origin: 'https://evil.example' } },
        { csrf: admin.csrf, headers: { 'sec-fetch-site': 'cross-site' } },
        { csrf: admin.csrf, headers: { 'sec-fetch-site': 'same-site' } },
      ];
      for (const attempt of attempts) {
        const res = await call(s.url, r.method, r.path(), {
          session: admin,
          csrf: attempt.csrf,
          ...(r.body ? { body: r.body() } : {}),
          ...(attempt.headers ? { headers: attempt.headers } : {}),
        });
        expect({ attempt, status: res.status, body: res.json }).toMatchObject({ status: 403, body: { error: 'csrf' } });
      }
      // The session survived every refused attempt (sign-out included).
      expect((await call(s.url, 'GET', '/session', { session: admin })).status).toBe(200);
    },
  );

  it('the same origin, as a browser states it, is accepted', async () => {
    const origin = s.url;
    const res = await call(s.url, 'POST', '/enrolment-codes', {
      session: as.council_admin,
      body: { venueId: 'demo-library' },
      headers: { origin, 'sec-fetch-site': 'same-origin' },
    });
    expect(res.status).toBe(201);
  });

  it('sign-in from another origin is refused (login CSRF)', async () => {
    const res = await call(s.url, 'POST', '/session', {
      body: { email: DEMO_CONSOLE_USER.email, password: DEMO_CONSOLE_USER.password },
      headers: { origin: 'https://evil.example' },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie')).toBeNull();
  });
});

describe("a venue manager's reach", () => {
  const vm = () => as.venue_manager;

  it("sees only their venue's terminals, venue and figures, and may not ask for another's", async () => {
    const terminals = (await call(s.url, 'GET', '/terminals', { session: vm() })).json as { venueId: string }[];
    expect(terminals.length).toBeGreaterThan(0);
    expect(terminals.every((t) => t.venueId === 'demo-restaurant')).toBe(true);
    const venues = (await call(s.url, 'GET', '/venues', { session: vm() })).json as { id: string }[];
    expect(venues.map((v) => v.id)).toEqual(['demo-restaurant']);
    for (const path of ['/terminals?venue=demo-library', '/calls?venue=demo-library', '/usage?venue=demo-library'])
      expect((await call(s.url, 'GET', path, { session: vm() })).status).toBe(403);
  });

  it("may not revoke another venue's terminal, make its codes or change its configuration", async () => {
    const revoke = await call(s.url, 'POST', `/terminals/${otherDevice}/revoke`, {
      session: vm(),
      body: { reason: 'x' },
    });
    expect(revoke.status).toBe(403);
    expect((await s.storage.getDevice(otherDevice))?.revokedAt).toBeNull();
    const code = await call(s.url, 'POST', '/enrolment-codes', { session: vm(), body: { venueId: 'demo-library' } });
    expect(code.status).toBe(403);
    const library = (await s.storage.getVenue('demo-library'))!.config;
    expect(
      (await call(s.url, 'PUT', '/venues/demo-library', { session: vm(), body: { config: library } })).status,
    ).toBe(403);
  });

  it('may change the offers of their venue and nothing else of it', async () => {
    const renamed = { ...restaurant, name: 'Renamed by the manager' };
    const refused = await call(s.url, 'PUT', '/venues/demo-restaurant', { session: vm(), body: { config: renamed } });
    expect(refused).toMatchObject({ status: 403, json: { error: 'forbidden' } });
    const offers = [{ id: 'tea', service: 'citysave', title: 'Free tea', limit: { count: 1, per: 'visit' } }];
    const changed = await call(s.url, 'PUT', '/venues/demo-restaurant', {
      session: vm(),
      body: { config: { ...restaurant, offers } },
    });
    expect(changed.status).toBe(200);
    expect((await s.storage.getVenue('demo-restaurant'))!.config).toEqual({ ...restaurant, offers });
    expect((await s.storage.getVenue('demo-restaurant'))!.config['name']).toBe(restaurant['name']);
  });
});
