/**
 * The console's audit log (issue 13): every change, from the console or `civicpass admin`, is an
 * entry (who, what, when, before, after) without secrets, newest first; the table refuses UPDATE
 * and DELETE whoever asks.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleAuditEntry } from '../../src/contract/console-api';
import { DEMO_CONSOLE_USER } from '../../server/admin/demo-console-user';
import { runAdmin } from '../../server/admin/admin-command';
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

const latest = async (): Promise<ConsoleAuditEntry> =>
  ((await call(s.url, 'GET', '/audit?limit=1', { session: admin })).json as ConsoleAuditEntry[])[0]!;

async function admins(...args: string[]): Promise<number> {
  const out = new PassThrough();
  return runAdmin([...args, '--data-dir', s.dir], { stdin: new PassThrough(), stdout: out, stderr: new PassThrough() });
}

describe('console changes', () => {
  it('each change is an entry by the signed-in user, with before and after', async () => {
    const device = await enrolTestDevice(s.url, s.codes['demo-library']!);
    const card = await s.deployment.issueCard({ services: ['library'] }, Date.now() / 1000);
    const steps: [() => Promise<unknown>, Partial<ConsoleAuditEntry>][] = [
      [
        () => call(s.url, 'POST', `/terminals/${device.id}/revoke`, { session: admin, body: { reason: 'stolen' } }),
        { action: 'device.revoke', target: device.id, before: { revokedAt: null } },
      ],
      [
        () => call(s.url, 'POST', '/enrolment-codes', { session: admin, body: { venueId: 'demo-library', hours: 2 } }),
        { action: 'enrolment_code.add', target: 'demo-library', before: null },
      ],
      [
        () =>
          call(s.url, 'POST', '/venues', {
            session: admin,
            body: { config: { venueId: 'pool', name: 'Pool', role: 'partner', services: ['leisure'] } },
          }),
        { action: 'venue.add', target: 'pool', before: null },
      ],
      [
        () =>
          call(s.url, 'PUT', '/venues/pool', {
            session: admin,
            body: { config: { venueId: 'pool', name: 'Leisure pool', role: 'partner', services: ['leisure'] } },
          }),
        { action: 'venue.update', target: 'pool', before: expect.objectContaining({ name: 'Pool' }) as unknown },
      ],
      [
        () =>
          call(s.url, 'POST', `/cards/${card.id}/status`, {
            session: admin,
            body: { status: 'revoked', reason: 'fraud' },
          }),
        {
          action: 'card.revoke',
          target: card.id,
          before: { status: 'valid' },
          after: { status: 'revoked', reason: 'fraud' },
        },
      ],
      [
        () =>
          call(s.url, 'POST', `/cards/${card.id}/status`, {
            session: admin,
            body: { status: 'valid', reason: 'error' },
          }),
        { action: 'card.reinstate', target: card.id },
      ],
      [
        () => call(s.url, 'POST', '/cards/demo', { session: admin, body: { services: ['library'] } }),
        { action: 'card.issue_demo' },
      ],
      [
        () => call(s.url, 'POST', '/keys/rotate', { session: admin, body: {} }),
        { action: 'key.rotate', target: 'issuer' },
      ],
    ];
    for (const [change, expected] of steps) {
      const before = await latest();
      const res = (await change()) as { status: number };
      expect(res.status).toBeLessThan(300);
      const entry = await latest();
      expect(entry.id).toBeGreaterThan(before.id);
      expect(entry).toMatchObject({ actor: DEMO_CONSOLE_USER.email, ...expected });
    }
    const all = (await call(s.url, 'GET', '/audit', { session: admin })).json as ConsoleAuditEntry[];
    const ids = all.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    // The enrolment code is a secret: its entry says one was made, not which.
    const code = all.find((e) => e.action === 'enrolment_code.add' && e.actor !== 'demo')!;
    expect(Object.keys(code.after as object).sort()).toEqual(['expiresAt', 'venueId']);
  });

  it('a refused change leaves no entry', async () => {
    const before = await latest();
    await call(s.url, 'POST', '/venues', { session: admin, body: { config: { venueId: 'pool', services: ['x'] } } }); // 409
    await call(s.url, 'POST', '/cards/card_nobody/status', {
      session: admin,
      body: { status: 'revoked', reason: 'x' },
    }); // 404
    expect((await latest()).id).toBe(before.id);
  });

  it('LMS passwords are write-only: never answered, never logged, kept when a change leaves them out', async () => {
    const lms = {
      host: 'lms.example',
      port: 6001,
      institution: 'LIB',
      user: 'sip',
      password: 'hunter2-secret',
      terminalPassword: 'tp-secret',
    };
    const config = { venueId: 'branch', name: 'Branch', role: 'library_desk', services: ['library'], lms };
    expect((await call(s.url, 'POST', '/venues', { session: admin, body: { config } })).status).toBe(201);
    const listed = await call(s.url, 'GET', '/venues', { session: admin });
    expect(listed.text).not.toContain('secret');
    const shown = (listed.json as { id: string; config: Record<string, unknown> }[]).find((v) => v.id === 'branch')!;
    const renamed = { ...shown.config, name: 'Branch library' };
    expect((await call(s.url, 'PUT', '/venues/branch', { session: admin, body: { config: renamed } })).status).toBe(
      200,
    );
    const stored = (await s.storage.getVenue('branch'))!.config;
    expect(stored['lms']).toMatchObject({ password: 'hunter2-secret', terminalPassword: 'tp-secret' });
    expect(stored['name']).toBe('Branch library');
    expect((await call(s.url, 'GET', '/audit', { session: admin })).text).not.toContain('secret');
  });
});

describe('civicpass admin changes', () => {
  it('are entries by `cli`', async () => {
    const card = await s.deployment.issueCard({ services: ['library'] }, Date.now() / 1000);
    const device = await enrolTestDevice(
      s.url,
      await (async () => {
        const res = await call(s.url, 'POST', '/enrolment-codes', {
          session: admin,
          body: { venueId: 'demo-library' },
        });
        return (res.json as { code: string }).code;
      })(),
    );
    const cases: [string[], Partial<ConsoleAuditEntry>][] = [
      [
        ['suspend-card', '--card', card.id],
        { action: 'card.suspend', target: card.id, after: { status: 'suspended' } },
      ],
      [['reinstate-card', '--card', card.id], { action: 'card.reinstate', target: card.id }],
      [['revoke-card', '--card', card.id], { action: 'card.revoke', target: card.id, before: { status: 'valid' } }],
      [['revoke-device', '--device', device.id], { action: 'device.revoke', target: device.id }],
      [
        ['add-venue', '--id', 'gym', '--name', 'Gym', '--role', 'partner', '--services', 'leisure'],
        { action: 'venue.add', target: 'gym' },
      ],
      [
        [
          'add-offer',
          '--venue',
          'gym',
          '--id',
          'swim',
          '--service',
          'leisure',
          '--title',
          'Free swim',
          '--limit',
          '1/week',
        ],
        { action: 'venue.update', target: 'gym' },
      ],
      [['rotate-issuer-key'], { action: 'key.rotate' }],
      [['enrolment-code', '--venue', 'gym'], { action: 'enrolment_code.add', target: 'gym' }],
    ];
    for (const [args, expected] of cases) {
      expect(await admins(...args)).toBe(0);
      expect(await latest()).toMatchObject({ actor: 'cli', ...expected });
    }
    expect((await call(s.url, 'GET', '/overview', { session: admin })).json).toMatchObject({
      revocationsToday: expect.any(Number) as number,
    });
  });
});

describe('the table itself', () => {
  it('refuses UPDATE and DELETE, even typed by hand', () => {
    const db = new Database(join(s.dir, 'server.db'));
    try {
      expect(db.prepare('SELECT count(*) AS n FROM console_audit').get()).toMatchObject({
        n: expect.any(Number) as number,
      });
      expect(() => db.prepare("UPDATE console_audit SET actor = 'someone else'").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM console_audit').run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM console_audit WHERE id = 1').run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
  });
});
