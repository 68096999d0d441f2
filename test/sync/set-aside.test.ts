/**
 * An event the server refuses for good is set aside on the terminal: kept (for support), shown
 * on Status, and never in the way of the events queued behind it.
 */
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { enrolledTerminal, startServer, type RunningServer } from '../support/sync-server';

let s: RunningServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

it('a refused event is set aside and shown; the scans queued around it are delivered', async () => {
  const t = await enrolledTerminal(s);
  try {
    const token = readFileSync(join(s.dir, 'cards', 'valid.token'), 'utf8').trim();
    await t.service.submit({ text: token, source: 'hid' });
    // An event with an impossible date (as a terminal with a broken clock, or older software,
    // might queue), between two good ones.
    const db = new Database(join(t.dataDir, 'terminal.db'));
    const bad = {
      type: 'staff_call',
      id: '01900000-0000-7000-8000-000000000001',
      at: '2026-02-31T25:61:00Z',
    };
    db.prepare('INSERT INTO outbox (event_id, body, queued_at) VALUES (?, ?, ?)').run(
      bad.id,
      JSON.stringify(bad),
      Date.now() / 1000,
    );
    db.close();
    await t.service.submit({ text: 'TOTAL-1250-GBP', source: 'hid' });
    const summary = await t.service.admin.runSync();
    expect(summary.pushed).toMatchObject({ accepted: 2, rejected: 1, remaining: 0 });
    const state = (await t.service.getStatus()).sync;
    expect(state).toMatchObject({ queueDepth: 0, setAside: 1, problem: { code: 'events_refused' } });
    const check = new Database(join(t.dataDir, 'terminal.db'), { readonly: true });
    expect(check.prepare('SELECT event_id FROM rejected_events').all()).toEqual([{ event_id: bad.id }]);
    check.close();
  } finally {
    await t.service.close();
  }
});
