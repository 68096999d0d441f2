/**
 * Usage figures (issue 13) from stored events: scans per London day by venue, service and
 * outcome; standing redemptions per ISO week; distinct card references per month; each table as
 * RFC 4180 CSV; a venue manager's own venue only.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleUsage } from '../../src/contract/console-api';
import type { ScanEvent, TerminalEvent } from '../../src/core/sync-protocol';
import { DEMO_CONSOLE_USER } from '../../server/admin/demo-console-user';
import { isoWeek } from '../../server/console/usage-figures';
import { toCsv } from '../../server/console/csv';
import { startConsoleServer, type RunningConsoleServer } from '../support/console-server';
import { call, signIn, type Signed } from './console-client';

const NOW = Date.parse('2026-07-10T12:00:00Z') / 1000;
let s: RunningConsoleServer;
let admin: Signed;
let manager: Signed;

function scan(at: string, overrides: Partial<ScanEvent> = {}): ScanEvent {
  return {
    type: 'scan',
    id: randomUUID(),
    at,
    service: 'citysave',
    offer: null,
    outcome: 'valid',
    reason: 'ok',
    source: 'hid',
    cardRef: 'ref-a',
    kid: null,
    trustSeq: 1,
    latencyMs: 5,
    ...overrides,
  };
}

beforeAll(async () => {
  s = await startConsoleServer({ now: () => NOW });
  await s.addUser('manager@bistro.example', 'venue_manager', 'a long enough password', 'demo-restaurant');
  admin = await signIn(s.url, DEMO_CONSOLE_USER.email, DEMO_CONSOLE_USER.password);
  manager = await signIn(s.url, 'manager@bistro.example', 'a long enough password');
  const redeemed = scan('2026-07-06T10:00:00Z', { offer: 'lunch-15', cardRef: 'ref-b' });
  const undone = scan('2026-07-06T11:00:00Z', { offer: 'lunch-15', cardRef: 'ref-c' });
  const bistro: TerminalEvent[] = [
    // 23:30 UTC on 30 June is 00:30 on 1 July in London (BST).
    scan('2026-06-30T23:30:00Z'),
    scan('2026-07-01T09:00:00Z'),
    scan('2026-07-01T09:05:00Z', { outcome: 'invalid', reason: 'revoked', cardRef: 'ref-x' }),
    redeemed,
    undone,
    {
      type: 'undo_redemption',
      id: randomUUID(),
      at: '2026-07-06T11:05:00Z',
      undoes: undone.id,
      offer: 'lunch-15',
      cardRef: 'ref-c',
    },
    scan('2026-06-29T22:59:00Z', { offer: 'lunch-15', cardRef: 'ref-a' }), // 23:59 on 29 June, ISO week 27
    { type: 'staff_call', id: randomUUID(), at: '2026-07-01T09:00:00Z' },
  ];
  await s.storage.ingestEvents('dev_bistro', 'demo-restaurant', bistro, NOW);
  await s.storage.ingestEvents(
    'dev_library',
    'demo-library',
    [
      scan('2026-07-01T10:00:00Z', { service: 'library', cardRef: 'ref-a' }),
      scan('2026-07-02T10:00:00Z', { service: null, outcome: 'invalid', reason: 'unreadable', cardRef: null }),
    ],
    NOW,
  );
});
afterAll(() => s.close());

describe('the figures', () => {
  it('counts scans per London day, standing redemptions per ISO week and distinct cards per month', async () => {
    const res = await call(s.url, 'GET', '/usage?from=2026-06-29&to=2026-07-10', { session: admin });
    expect(res.status).toBe(200);
    const usage = res.json as ConsoleUsage;
    expect(usage.scansPerDay).toEqual([
      { day: '2026-06-29', venueId: 'demo-restaurant', service: 'citysave', outcome: 'valid', count: 1 },
      { day: '2026-07-01', venueId: 'demo-library', service: 'library', outcome: 'valid', count: 1 },
      { day: '2026-07-01', venueId: 'demo-restaurant', service: 'citysave', outcome: 'invalid', count: 1 },
      { day: '2026-07-01', venueId: 'demo-restaurant', service: 'citysave', outcome: 'valid', count: 2 },
      { day: '2026-07-02', venueId: 'demo-library', service: null, outcome: 'invalid', count: 1 },
      { day: '2026-07-06', venueId: 'demo-restaurant', service: 'citysave', outcome: 'valid', count: 2 },
    ]);
    expect(usage.redemptionsPerWeek).toEqual([
      { week: '2026-W27', venueId: 'demo-restaurant', count: 1 },
      { week: '2026-W28', venueId: 'demo-restaurant', count: 1 },
    ]);
    expect(usage.cardsPerMonth).toEqual([
      { month: '2026-06', venueId: 'demo-restaurant', distinctCards: 1 },
      { month: '2026-07', venueId: 'demo-library', distinctCards: 1 },
      { month: '2026-07', venueId: 'demo-restaurant', distinctCards: 4 },
    ]);
  });

  it('keeps to the days asked for, and defaults to the last 30 days', async () => {
    const oneDay = (await call(s.url, 'GET', '/usage?from=2026-07-01&to=2026-07-01', { session: admin }))
      .json as ConsoleUsage;
    expect(oneDay.scansPerDay.map((r) => r.day)).toEqual(['2026-07-01', '2026-07-01', '2026-07-01']);
    const byDefault = (await call(s.url, 'GET', '/usage', { session: admin })).json as ConsoleUsage;
    expect(byDefault.scansPerDay).toHaveLength(6);
  });

  it('refuses days that are not days, backwards ranges and ranges over 400 days', async () => {
    for (const q of [
      'from=2026-02-30',
      'to=yesterday',
      'from=2026-07-02&to=2026-07-01',
      'from=2025-01-01&to=2026-07-01',
    ])
      expect((await call(s.url, 'GET', `/usage?${q}`, { session: admin })).json).toMatchObject({ error: 'invalid' });
  });

  it("gives a venue manager their own venue's figures only", async () => {
    const usage = (await call(s.url, 'GET', '/usage?from=2026-06-29&to=2026-07-10', { session: manager }))
      .json as ConsoleUsage;
    const venues = new Set(
      [...usage.scansPerDay, ...usage.redemptionsPerWeek, ...usage.cardsPerMonth].map((r) => r.venueId),
    );
    expect([...venues]).toEqual(['demo-restaurant']);
    const csv = await call(s.url, 'GET', '/usage/scans-per-day.csv?from=2026-06-29&to=2026-07-10', {
      session: manager,
    });
    expect(csv.text).not.toContain('demo-library');
  });

  it('weeks are ISO weeks, across a year end', () => {
    expect(isoWeek('2026-06-29')).toBe('2026-W27');
    expect(isoWeek('2027-01-01')).toBe('2026-W53');
    expect(isoWeek('2024-12-30')).toBe('2025-W01');
  });
});

describe('CSV', () => {
  it('each table with a header row, CRLF line ends, as an attachment', async () => {
    const res = await call(s.url, 'GET', '/usage/redemptions-per-week.csv?from=2026-06-29&to=2026-07-10', {
      session: admin,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="redemptions-per-week.csv"');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.text).toBe('week,venue,redemptions\r\n2026-W27,demo-restaurant,1\r\n2026-W28,demo-restaurant,1\r\n');
    const scans = await call(s.url, 'GET', '/usage/scans-per-day.csv?from=2026-07-02&to=2026-07-02', {
      session: admin,
    });
    expect(scans.text).toBe('day,venue,service,outcome,scans\r\n2026-07-02,demo-library,,invalid,1\r\n');
    const cards = await call(s.url, 'GET', '/usage/cards-per-month.csv?from=2026-06-29&to=2026-07-10', {
      session: admin,
    });
    expect(cards.text.split('\r\n')[0]).toBe('month,venue,distinct_cards');
    expect((await call(s.url, 'GET', '/usage/nothing.csv', { session: admin })).status).toBe(404);
  });

  it('quotes what must be quoted and defuses formulas', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x,y', 'say "hi"'],
          ['line\nbreak', '=SUM(A1)'],
          [null, 3],
        ],
      ),
    ).toBe('a,b\r\n"x,y","say ""hi"""\r\n"line\nbreak",\'=SUM(A1)\r\n,3\r\n');
  });
});
