/**
 * The terminals' health report (issue 13): optional `health` in POST /v1/events, stored with the
 * device's last sync; an older terminal sends none; a malformed one is ignored with a log line and
 * never fails the sync. The console derives each terminal's state and the Overview from it.
 */
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConsoleOverview, ConsoleTerminal, TerminalHealth } from '../../src/contract/console-api';
import { DEMO_CONSOLE_USER } from '../../server/admin/demo-console-user';
import { SyncServer } from '../../server/app';
import { consoleTerminal } from '../../server/console/terminal-state';
import { uuid7 } from '../../src/node/store/uuid7';
import { streamLog } from '../../src/node/log/log';
import { startConsoleServer, type RunningConsoleServer } from '../support/console-server';
import { call, signIn } from './console-client';
import { enrolTestDevice } from './test-device';

const HEALTH: TerminalHealth = {
  appVersion: '0.1.0',
  trustListSeq: 1,
  statusListAges: [{ uri: 'https://id.demo.civicpass.example/status/1', ageSeconds: 600 }],
  queueDepth: 3,
  clockSkew: -1.5,
};
const staffCall = () => ({ type: 'staff_call', id: uuid7(), at: new Date().toISOString() });

let s: RunningConsoleServer;
let sync: SyncServer;
let url: string;
let logged: string;
beforeEach(async () => {
  s = await startConsoleServer();
  logged = '';
  const sink = new Writable({
    write(chunk: Buffer, _e, done) {
      logged += chunk.toString();
      done();
    },
  });
  // A second server on the same store, with a log to read.
  sync = new SyncServer({ storage: s.storage, deployment: s.deployment, log: streamLog(sink) });
  url = await sync.listen(0);
});
afterEach(async () => {
  await sync.close();
  await s.close();
});

async function terminals(): Promise<ConsoleTerminal[]> {
  const admin = await signIn(url, DEMO_CONSOLE_USER.email, DEMO_CONSOLE_USER.password);
  return (await call(url, 'GET', '/terminals', { session: admin })).json as ConsoleTerminal[];
}

describe('health ingest', () => {
  it('a valid report is stored with the sync time and shown', async () => {
    const device = await enrolTestDevice(url, s.codes['demo-library']!);
    expect((await terminals())[0]).toMatchObject({ id: device.id, state: 'never', lastSyncAt: null, health: null });
    const res = await device.postEvents({ events: [staffCall()], health: HEALTH });
    expect(res.status).toBe(200);
    const [t] = await terminals();
    expect(t).toMatchObject({ id: device.id, state: 'online', health: HEALTH, staleTrust: false, backlog: false });
    expect(t!.lastSyncAt).toBeCloseTo(Date.now() / 1000, -1);
  });

  it('a sync without one (an older terminal) counts as a sync and keeps the last report', async () => {
    const device = await enrolTestDevice(url, s.codes['demo-library']!);
    expect((await device.postEvents({ events: [] })).status).toBe(200);
    expect((await terminals())[0]).toMatchObject({ state: 'online', health: null });
    await device.postEvents({ events: [], health: HEALTH });
    await device.postEvents({ events: [staffCall()] });
    expect((await terminals())[0]!.health).toEqual(HEALTH);
  });

  it('any authenticated request is a sync, a failed one is not', async () => {
    const device = await enrolTestDevice(url, s.codes['demo-library']!);
    await fetch(`${url}/v1/time`, { headers: { authorization: 'Bearer not-a-token' } });
    expect((await terminals())[0]!.state).toBe('never');
    const res = await fetch(`${url}/v1/time`, { headers: { authorization: `Bearer ${await device.bearer()}` } });
    expect(res.status).toBe(200);
    expect((await terminals())[0]!.state).toBe('online');
  });

  it.each([
    ['not an object', 'fine'],
    ['a missing member', { ...HEALTH, queueDepth: undefined }],
    ['an unknown member', { ...HEALTH, secret: 'x' }],
    ['a negative queue', { ...HEALTH, queueDepth: -1 }],
    ['a fractional seq', { ...HEALTH, trustListSeq: 1.5 }],
    ['a huge version', { ...HEALTH, appVersion: 'x'.repeat(65) }],
    ['a control character', { ...HEALTH, appVersion: '1.0\n' }],
    [
      'too many status lists',
      { ...HEALTH, statusListAges: Array.from({ length: 17 }, () => HEALTH.statusListAges[0]) },
    ],
    ['a status list without uri', { ...HEALTH, statusListAges: [{ ageSeconds: 1 }] }],
    ['an infinite skew', { ...HEALTH, clockSkew: '1e999' }],
  ])('%s is ignored with a log line; the events are stored', async (_what, health) => {
    const device = await enrolTestDevice(url, s.codes['demo-library']!);
    const event = staffCall();
    const res = await device.postEvents({ events: [event], health });
    expect(res).toMatchObject({ status: 200, json: { results: [{ id: event.id, status: 'accepted' }] } });
    expect((await terminals())[0]).toMatchObject({ state: 'online', health: null });
    expect(logged).toContain('"event":"health_refused"');
  });
});

describe("a terminal's state", () => {
  const device = { id: 'dev_1', venueId: 'v', label: 'Desk', publicJwk: {}, enrolledAt: 0, revokedAt: null };
  const NOW = 1_800_000_000;
  const at = (lastSyncAt: number, health: Partial<TerminalHealth> = {}) => ({
    deviceId: 'dev_1',
    lastSyncAt,
    health: { ...HEALTH, ...health },
  });

  it('online within 15 minutes, offline after, never without a sync, revoked above all', () => {
    expect(consoleTerminal(device, at(NOW - 900), 1, NOW).state).toBe('online');
    expect(consoleTerminal(device, at(NOW - 901), 1, NOW).state).toBe('offline');
    expect(consoleTerminal(device, undefined, 1, NOW).state).toBe('never');
    expect(consoleTerminal({ ...device, revokedAt: NOW - 5 }, at(NOW), 1, NOW).state).toBe('revoked');
  });

  it('flags stale trust, stale status (over 24 h), a suspect clock (over 300 s) and a backlog (over 100)', () => {
    const flags = (h: Partial<TerminalHealth>, seq = 1) => {
      const t = consoleTerminal(device, at(NOW, h), seq, NOW);
      return { staleTrust: t.staleTrust, staleStatus: t.staleStatus, clockSuspect: t.clockSuspect, backlog: t.backlog };
    };
    const none = { staleTrust: false, staleStatus: false, clockSuspect: false, backlog: false };
    expect(flags({})).toEqual(none);
    expect(flags({}, 2)).toEqual({ ...none, staleTrust: true });
    expect(flags({ trustListSeq: null })).toEqual({ ...none, staleTrust: true });
    expect(flags({ statusListAges: [{ uri: 'u', ageSeconds: 86_400 }] })).toEqual(none);
    expect(flags({ statusListAges: [{ uri: 'u', ageSeconds: 86_401 }] })).toEqual({ ...none, staleStatus: true });
    expect(flags({ clockSkew: 300 })).toEqual(none);
    expect(flags({ clockSkew: -301 })).toEqual({ ...none, clockSuspect: true });
    expect(flags({ queueDepth: 100 })).toEqual(none);
    expect(flags({ queueDepth: 101 })).toEqual({ ...none, backlog: true });
  });

  it('the Overview counts them', async () => {
    const a = await enrolTestDevice(url, s.codes['demo-library']!);
    await enrolTestDevice(url, s.codes['demo-restaurant']!);
    await a.postEvents({ events: [], health: { ...HEALTH, queueDepth: 500, clockSkew: 900, trustListSeq: 0 } });
    const admin = await signIn(url, DEMO_CONSOLE_USER.email, DEMO_CONSOLE_USER.password);
    const overview = (await call(url, 'GET', '/overview', { session: admin })).json as ConsoleOverview;
    expect(overview).toEqual({
      terminals: { online: 1, offline: 0, never: 1, revoked: 0 },
      staleTrust: 1,
      staleStatus: 0,
      clockSuspect: 1,
      backlog: 1,
      revocationsToday: 0,
    });
  });
});
