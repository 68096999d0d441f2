/**
 * What the console's changes do (issue 13): a revoked terminal is refused at its next request, an
 * enrolment code enrols, a new venue reaches GET /v1/config, a card's status change is in the
 * status list at once, a rotation keeps old cards valid, a card is found by library number.
 */
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleCard, ConsoleKeys, ConsoleTerminal, EnrolmentCode } from '../../src/contract/console-api';
import { decodeStatusList } from '../../src/core/status-list';
import { zlibInflater } from '../../src/node/zlib-inflater';
import { uuid7 } from '../../src/node/store/uuid7';
import { DEMO_CONSOLE_USER } from '../../server/admin/demo-console-user';
import { startConsoleServer, type RunningConsoleServer } from '../support/console-server';
import { call, signIn, type Signed } from './console-client';
import { enrolTestDevice } from './test-device';

let s: RunningConsoleServer;
let admin: Signed;
beforeAll(async () => {
  s = await startConsoleServer();
  admin = await signIn(s.url, DEMO_CONSOLE_USER.email, DEMO_CONSOLE_USER.password);
});
afterAll(() => s.close());

describe('terminals and enrolment codes', () => {
  it('a code is text and an SVG QR code, and enrols a terminal once', async () => {
    const res = await call(s.url, 'POST', '/enrolment-codes', {
      session: admin,
      body: { venueId: 'demo-restaurant', hours: 1 },
    });
    expect(res.status).toBe(201);
    const code = res.json as EnrolmentCode;
    expect(code.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(code.qrSvg).toMatch(/^<svg [^>]*viewBox/);
    expect(code.qrSvg).not.toMatch(/<script|href=/i);
    const device = await enrolTestDevice(s.url, code.code);
    await expect(enrolTestDevice(s.url, code.code)).rejects.toThrow(/403/);
    const list = (await call(s.url, 'GET', '/terminals?venue=demo-restaurant', { session: admin }))
      .json as ConsoleTerminal[];
    expect(list.map((t) => t.id)).toContain(device.id);
  });

  it('refuses a code for an unknown venue and bad hours', async () => {
    expect(
      (await call(s.url, 'POST', '/enrolment-codes', { session: admin, body: { venueId: 'nowhere' } })).status,
    ).toBe(404);
    const bad = await call(s.url, 'POST', '/enrolment-codes', {
      session: admin,
      body: { venueId: 'demo-library', hours: 500 },
    });
    expect(bad.json).toMatchObject({ error: 'invalid', field: 'hours' });
  });

  it('a revoked terminal is refused (and so wipes) at its next request; a second revoke conflicts', async () => {
    const device = await enrolTestDevice(s.url, s.codes['demo-library']!);
    const res = await call(s.url, 'POST', `/terminals/${device.id}/revoke`, {
      session: admin,
      body: { reason: 'stolen' },
    });
    expect(res.json).toMatchObject({ id: device.id, state: 'revoked' });
    const time = await fetch(`${s.url}/v1/time`, { headers: { authorization: `Bearer ${await device.bearer()}` } });
    expect(time.status).toBe(403);
    const again = await call(s.url, 'POST', `/terminals/${device.id}/revoke`, {
      session: admin,
      body: { reason: 'again' },
    });
    expect(again).toMatchObject({ status: 409, json: { error: 'conflict' } });
    expect(
      (await call(s.url, 'POST', '/terminals/dev_nobody/revoke', { session: admin, body: { reason: 'x' } })).status,
    ).toBe(404);
    expect((await call(s.url, 'POST', `/terminals/${device.id}/revoke`, { session: admin, body: {} })).status).toBe(
      400,
    );
  });
});

describe('venues', () => {
  it('a new venue is checked, and reaches its terminals', async () => {
    const config = { venueId: 'museum', name: 'Museum', role: 'partner', services: ['culture'], offers: [] };
    const bad = [
      { ...config, venueId: 'Not A Code' },
      { ...config, services: [] },
      { ...config, timeZone: 'Mars/Olympus' },
      { ...config, offers: [{ id: 'x', service: 'library', title: 'Not our service' }] },
    ];
    for (const c of bad)
      expect((await call(s.url, 'POST', '/venues', { session: admin, body: { config: c } })).json).toMatchObject({
        error: 'invalid',
      });
    expect((await call(s.url, 'POST', '/venues', { session: admin, body: { config } })).status).toBe(201);
    expect((await call(s.url, 'POST', '/venues', { session: admin, body: { config } })).status).toBe(409);
    const code = (await call(s.url, 'POST', '/enrolment-codes', { session: admin, body: { venueId: 'museum' } }))
      .json as EnrolmentCode;
    const device = await enrolTestDevice(s.url, code.code);
    const served = await fetch(`${s.url}/v1/config`, { headers: { authorization: `Bearer ${await device.bearer()}` } });
    expect(await served.json()).toMatchObject({ venueId: 'museum', services: ['culture'] });
  });

  it('a PUT must name the venue it changes, and an unknown venue is 404', async () => {
    const library = (await s.storage.getVenue('demo-library'))!.config;
    expect(
      (await call(s.url, 'PUT', '/venues/demo-restaurant', { session: admin, body: { config: library } })).json,
    ).toMatchObject({ error: 'invalid', field: 'venueId' });
    expect(
      (
        await call(s.url, 'PUT', '/venues/nowhere', {
          session: admin,
          body: { config: { ...library, venueId: 'nowhere' } },
        })
      ).status,
    ).toBe(404);
  });
});

describe('cards', () => {
  it('found by id or library number (through the registry hash); 404 when none', async () => {
    const card = await s.deployment.issueCard(
      { services: ['library'], libraryNumber: '29876000009999' },
      Date.now() / 1000,
    );
    const byId = await call(s.url, 'GET', `/cards?id=${card.id}`, { session: admin });
    expect(byId.json).toMatchObject({ id: card.id, status: 'valid', services: ['library'] });
    const byNumber = await call(s.url, 'GET', '/cards?libraryNumber=29876000009999', { session: admin });
    expect(byNumber.json).toEqual(byId.json);
    expect((await call(s.url, 'GET', '/cards?libraryNumber=11111111111111', { session: admin })).status).toBe(404);
    expect((await call(s.url, 'GET', '/cards', { session: admin })).status).toBe(400);
  });

  it('a status change is in the status list at once; the same status again conflicts', async () => {
    const card = await s.deployment.issueCard({ services: ['library'] }, Date.now() / 1000);
    const res = await call(s.url, 'POST', `/cards/${card.id}/status`, {
      session: admin,
      body: { status: 'revoked', reason: 'fraud' },
    });
    const shown = res.json as ConsoleCard;
    expect(shown.status).toBe('revoked');
    const list = decodeJwt(await s.deployment.statusList(Date.now() / 1000)) as { status_list: { lst: string } };
    expect(decodeStatusList(2, list.status_list.lst, zlibInflater).get(shown.statusIndex)).toBe(1);
    expect(
      (
        await call(s.url, 'POST', `/cards/${card.id}/status`, {
          session: admin,
          body: { status: 'revoked', reason: 'again' },
        })
      ).status,
    ).toBe(409);
    expect(
      (await call(s.url, 'POST', `/cards/${card.id}/status`, { session: admin, body: { status: 'lost', reason: 'x' } }))
        .status,
    ).toBe(400);
  });

  it('a demo card in the demo deployment', async () => {
    const res = await call(s.url, 'POST', '/cards/demo', { session: admin, body: { services: ['citysave'] } });
    expect(res.status).toBe(201);
    const { id, token } = res.json as { id: string; token: string };
    expect(token.split('.')).toHaveLength(3);
    expect((await call(s.url, 'GET', `/cards?id=${id}`, { session: admin })).json).toMatchObject({
      services: ['citysave'],
    });
  });
});

describe('keys', () => {
  it('lists the issuer keys, trust list and anchor; a rotation keeps the old key with its window', async () => {
    const before = (await call(s.url, 'GET', '/keys', { session: admin })).json as ConsoleKeys;
    expect(before.issuerKeys.filter((k) => k.current)).toHaveLength(1);
    expect(before.anchorThumbprint).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const after = (await call(s.url, 'POST', '/keys/rotate', { session: admin, body: {} })).json as ConsoleKeys;
    expect(after.issuerKeys).toHaveLength(before.issuerKeys.length + 1);
    const old = after.issuerKeys.find((k) => k.kid === before.issuerKeys.find((b) => b.current)!.kid)!;
    expect(old).toMatchObject({ current: false, notAfter: expect.any(Number) as number });
    expect(after.issuerKeys.at(-1)).toMatchObject({ current: true, notAfter: null });
    expect(after.trustList!.seq).toBeGreaterThan(before.trustList!.seq);
    expect(after.anchorThumbprint).toBe(before.anchorThumbprint);
  });
});

describe('calls', () => {
  it('newest first, with the kiosk label, per venue', async () => {
    const code = (await call(s.url, 'POST', '/enrolment-codes', { session: admin, body: { venueId: 'demo-library' } }))
      .json as EnrolmentCode;
    const kiosk = await enrolTestDevice(s.url, code.code, 'Kiosk by the door');
    const first = { type: 'staff_call', id: uuid7(), at: new Date(Date.now() - 60_000).toISOString() };
    const second = { type: 'staff_call', id: uuid7(), at: new Date().toISOString() };
    await kiosk.postEvents({ events: [first] });
    await kiosk.postEvents({ events: [second] });
    const calls = (await call(s.url, 'GET', '/calls?venue=demo-library', { session: admin })).json as {
      id: string;
      from: string;
      venueId: string;
    }[];
    expect(calls.slice(0, 2).map((c) => c.id)).toEqual([second.id, first.id]);
    expect(calls[0]).toMatchObject({ from: 'Kiosk by the door', venueId: 'demo-library' });
    expect((await call(s.url, 'GET', '/calls?venue=demo-restaurant', { session: admin })).json).toEqual([]);
  });
});
