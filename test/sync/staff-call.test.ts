/**
 * "Call staff" at a self-service kiosk: logged on the kiosk without personal data, sent with its
 * next sync, and shown to the venue's other terminals at theirs (never to other venues').
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { TerminalApiEvent } from '../../src/contract/terminal-api';
import { FaultProxy } from '../support/fault-proxy';
import { enrolledTerminal, startServer, type RunningServer } from '../support/sync-server';

let s: RunningServer;
beforeEach(async () => {
  s = await startServer();
});
afterEach(async () => {
  await s.close();
});

it('a kiosk call reaches the desk of the same venue at its next sync, once, and no other venue', async () => {
  const kiosk = await enrolledTerminal(s);
  const desk = await enrolledTerminal(s);
  const elsewhere = await enrolledTerminal(s, s.url, 'demo-restaurant');
  try {
    const first = await kiosk.service.callStaff();
    // People press twice: the second press within a minute is the same call.
    expect(await kiosk.service.callStaff()).toEqual(first);
    expect(kiosk.service.admin.queue().depth).toBe(1);
    const db = new Database(join(kiosk.dataDir, 'terminal.db'), { readonly: true });
    const audit = db.prepare("SELECT action, detail FROM audit_log WHERE action = 'staff_call'").all();
    const outbox = db.prepare('SELECT body FROM outbox').all() as { body: string }[];
    db.close();
    expect(audit).toHaveLength(1);
    expect(Object.keys(JSON.parse(outbox[0]!.body) as object).sort()).toEqual(['at', 'id', 'type']);

    const events: TerminalApiEvent[] = [];
    desk.service.subscribe((e) => events.push(e));
    await kiosk.service.admin.runSync();
    const summary = await desk.service.admin.runSync();
    expect(summary.pulled.staffCalls).toHaveLength(1);
    const calls = events.flatMap((e) => (e.type === 'staff-call' ? [e.call] : []));
    expect(calls).toEqual([
      { id: expect.any(String) as string, at: expect.closeTo(first.calledAt, 0) as number, from: 'test terminal' },
    ]);
    expect((await desk.service.getStatus()).staffCalls).toHaveLength(1);
    // Synced again: not a new call.
    expect((await desk.service.admin.runSync()).pulled.staffCalls).toHaveLength(0);
    // The kiosk does not call itself, and another venue hears nothing.
    expect((await kiosk.service.admin.runSync()).pulled.staffCalls).toHaveLength(0);
    expect((await elsewhere.service.admin.runSync()).pulled.staffCalls).toHaveLength(0);
  } finally {
    await kiosk.service.close();
    await desk.service.close();
    await elsewhere.service.close();
  }
});

it('a server from before staff calls (404 on the feed) still syncs', async () => {
  const proxy = new FaultProxy(s.url);
  await proxy.listen();
  const t = await enrolledTerminal(s, proxy.url);
  try {
    proxy.fault = { kind: 'status', status: 404, path: '/v1/staff-calls' };
    const summary = await t.service.admin.runSync();
    expect(summary.pulled.staffCalls).toEqual([]);
    expect(t.service.admin.syncState).toMatchObject({ online: 'online', problem: null });
  } finally {
    await t.service.close();
    await proxy.close();
  }
});
