/**
 * The figures flag an offer given twice by two tills at once (issue 14): each till decided alone,
 * offline, both redemptions are kept, and the console counts the overlap.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_CONSOLE_USER } from '../../server/admin/demo-console-user';
import { toCsv } from '../../server/console/csv';
import { isoWeek } from '../../server/console/usage-figures';
import type { ConsoleUsage } from '../../src/contract/console-api';
import type { ScanEvent } from '../../src/core/sync-protocol';
import { startConsoleServer, type RunningConsoleServer } from '../support/console-server';
import { call, signIn } from './console-client';

const NOW = Date.parse('2026-07-10T12:00:00Z') / 1000;
let s: RunningConsoleServer;
beforeAll(async () => {
  s = await startConsoleServer({ now: () => NOW });
});
afterAll(() => s.close());

const redemption = (at: string): ScanEvent => ({
  type: 'scan',
  id: randomUUID(),
  at,
  service: 'citysave',
  offer: 'lunch-15',
  outcome: 'valid',
  reason: 'ok',
  source: 'hid',
  cardRef: 'ref-twice',
  kid: null,
  trustSeq: 1,
  latencyMs: 5,
});

it('counts them per venue per week of the later one, and exports them as CSV', async () => {
  // Two tills, both offline, accept the same card for the same offer 3 minutes apart; a third
  // redemption a day later is no overlap (the tills had synced by then).
  await s.storage.ingestEvents('dev_till_1', 'demo-restaurant', [redemption('2026-07-08T12:00:00Z')], NOW);
  await s.storage.ingestEvents('dev_till_2', 'demo-restaurant', [redemption('2026-07-08T12:03:00Z')], NOW);
  await s.storage.ingestEvents('dev_till_1', 'demo-restaurant', [redemption('2026-07-09T12:00:00Z')], NOW);
  const admin = await signIn(s.url, DEMO_CONSOLE_USER.email, DEMO_CONSOLE_USER.password);
  const res = await call(s.url, 'GET', '/usage?from=2026-07-06&to=2026-07-10', { session: admin });
  const week = isoWeek('2026-07-08');
  expect((res.json as ConsoleUsage).overlapsPerWeek).toEqual([{ week, venueId: 'demo-restaurant', count: 1 }]);
  // Both redemptions are kept and counted as redemptions too.
  expect((res.json as ConsoleUsage).redemptionsPerWeek).toEqual([{ week, venueId: 'demo-restaurant', count: 3 }]);
  const csv = await call(s.url, 'GET', '/usage/overlaps-per-week.csv?from=2026-07-06&to=2026-07-10', {
    session: admin,
  });
  expect(csv.text).toBe(toCsv(['week', 'venue', 'overlapping_redemptions'], [[week, 'demo-restaurant', 1]]));
});
