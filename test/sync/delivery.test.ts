/**
 * Delivery guarantees with real processes: a terminal killed with SIGKILL in the middle of a
 * push, twenty times, still gets every event onto the server exactly once. Also: tills of one
 * venue agree on offer redemptions, and a revoked device wipes personal data (set-aside events
 * included) and stops.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CLI_ARGV, ROOT, runCli } from '../support/cli';
import { TerminalService } from '../../src/service/terminal-service';
import { enrolledTerminal, startServer, type RunningServer } from '../support/sync-server';

let s: RunningServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

function serverEventIds(): string[] {
  const db = new Database(join(s.dir, 'server.db'), { readonly: true });
  const ids = (db.prepare('SELECT id FROM events').all() as { id: string }[]).map((r) => r.id);
  db.close();
  return ids;
}

function outboxDepth(dataDir: string): number {
  const db = new Database(join(dataDir, 'terminal.db'), { readonly: true });
  const { n } = db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number };
  db.close();
  return n;
}

/** Starts `civicpass sync` and kills it with SIGKILL as soon as `when()` holds (or after 10 s). */
function syncKilledWhen(dataDir: string, when: () => Promise<boolean>): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...CLI_ARGV, 'sync', '--data-dir', dataDir], { cwd: ROOT, stdio: 'ignore' });
    const poll = setInterval(() => {
      void when().then((yes) => yes && child.kill('SIGKILL'));
    }, 1);
    const fallback = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('exit', () => {
      clearInterval(poll);
      clearTimeout(fallback);
      resolve();
    });
  });
}

describe('delivery', () => {
  it(
    'kill -9 during a push, 20 times: afterwards every event is on the server exactly once',
    { timeout: 240_000 },
    async () => {
      const { dataDir, service } = await enrolledTerminal(s);
      await service.close();
      const scanned: string[] = [];
      let cutMidPush = 0;
      for (let round = 0; round < 20; round++) {
        // Each round queues 600 new scans (two batches), then kills the sync as soon as the server
        // has stored its first batch: the client may or may not have settled it.
        const terminal = await TerminalService.open({ dataDir, autoSync: false });
        for (let i = 0; i < 600; i++) {
          const r = await terminal.submit({ text: `receipt-${round}-${i}`, source: 'hid' });
          if (r.status === 'handled') scanned.push(r.result.eventId);
        }
        await terminal.close();
        const before = await s.storage.eventCount();
        await syncKilledWhen(dataDir, async () => (await s.storage.eventCount()) > before);
        if ((await s.storage.eventCount()) > before && outboxDepth(dataDir) > 0) cutMidPush++;
      }
      expect(cutMidPush, 'rounds killed with part of the queue delivered').toBeGreaterThan(10);
      const final = await runCli(['sync', '--data-dir', dataDir]);
      expect(final.status).toBe(0);
      expect(final.lines[0]).toMatchObject({ ok: true, pushed: { remaining: 0 } });
      const onServer = serverEventIds();
      const mine = new Set(scanned);
      expect(scanned).toHaveLength(12_000);
      expect(onServer.filter((id) => mine.has(id))).toHaveLength(12_000);
      expect(new Set(onServer).size).toBe(onServer.length);
      const db = new Database(join(dataDir, 'terminal.db'), { readonly: true });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
      expect(outboxDepth(dataDir)).toBe(0);
    },
  );

  it('two tills of one venue agree: an offer redeemed at one is already used at the other', async () => {
    const a = await enrolledTerminal(s);
    const b = await enrolledTerminal(s);
    const token = readFileSync(join(s.dir, 'cards', 'citysave.token'), 'utf8').trim();
    for (const t of [a, b]) {
      await t.service.setPin({ next: '482916' });
      await t.service.unlock({ pin: '482916' });
      await t.service.updateSettings({ offerId: 'cafe-10' });
    }
    const first = await a.service.submit({ text: token, source: 'hid' });
    expect(first.status === 'handled' && first.result.outcome).toBe('valid');
    await a.service.admin.runSync();
    await b.service.admin.runSync();
    const second = await b.service.submit({ text: token, source: 'hid' });
    expect(second.status === 'handled' && second.result.reason).toBe('already_used');
    // Staff at till A undo the redemption; after a sync, till B may redeem again.
    if (first.status === 'handled') await a.service.undoRedemption({ eventId: first.result.eventId });
    await a.service.admin.runSync();
    await b.service.admin.runSync();
    const third = await b.service.submit({ text: token, source: 'camera' });
    expect(third.status === 'handled' && third.result.outcome).toBe('valid');
    await a.service.close();
    await b.service.close();
  });

  it('a revoked device wipes every card reference, key and registry hash, stops verifying, and says why', async () => {
    const t = await enrolledTerminal(s);
    const token = readFileSync(join(s.dir, 'cards', 'valid.token'), 'utf8').trim();
    await t.service.setPin({ next: '482916' });
    await t.service.unlock({ pin: '482916' });
    await t.service.updateSettings({ offerId: 'cafe-10' });
    // An event the server refuses (an impossible date) is set aside with its card reference in
    // its body: that body must go too.
    const setAsideRef = randomBytes(32).toString('base64url');
    const refused = {
      type: 'scan',
      id: '01900000-0000-7000-8000-0000000000aa',
      at: '2026-02-31T25:61:00Z',
      service: 'library',
      offer: null,
      outcome: 'valid',
      reason: 'ok',
      source: 'hid',
      cardRef: setAsideRef,
      kid: null,
      trustSeq: null,
      latencyMs: 5,
    };
    const queue = new Database(join(t.dataDir, 'terminal.db'));
    queue
      .prepare('INSERT INTO outbox (event_id, body, queued_at) VALUES (?, ?, ?)')
      .run(refused.id, JSON.stringify(refused), Date.now() / 1000);
    queue.close();
    expect((await t.service.admin.runSync()).pushed).toMatchObject({ rejected: 1, remaining: 0 });
    expect((await t.service.getStatus()).sync.setAside).toBe(1);
    // Queued after that sync, so the outbox holds card references at the wipe as well.
    await t.service.submit({ text: token, source: 'hid' });
    await t.service.submitManualEntry({ libraryNumber: '29876000000017' });
    // What must not survive: references, registry hashes, the keys, the venue configuration.
    const before = new Database(join(t.dataDir, 'terminal.db'), { readonly: true });
    const refs = before.prepare('SELECT card_ref FROM scan_log WHERE card_ref IS NOT NULL').all() as {
      card_ref: string;
    }[];
    const hashes = before.prepare('SELECT ref_hash FROM registry').all() as { ref_hash: string }[];
    const setAside = before.prepare('SELECT body FROM rejected_events').all() as { body: string }[];
    const queued = before.prepare('SELECT body FROM outbox').all() as { body: string }[];
    before.close();
    expect(setAside).toHaveLength(1);
    expect(setAside[0]!.body).toContain(setAsideRef);
    expect(queued.some((q) => refs.some((r) => q.body.includes(r.card_ref)))).toBe(true);
    const secrets = Object.values(
      JSON.parse(readFileSync(join(t.dataDir, 'secrets.json'), 'utf8')) as Record<string, string>,
    );
    const needles = [
      ...refs.map((r) => r.card_ref),
      ...hashes.map((h) => h.ref_hash),
      ...secrets,
      '29876000000017',
      setAsideRef,
    ];
    expect(refs.length).toBeGreaterThan(0);
    expect(hashes.length).toBeGreaterThan(0);
    expect(secrets.length).toBeGreaterThanOrEqual(2);
    await s.storage.revokeDevice(t.service.admin.enrolment!.deviceId, Date.now() / 1000);
    await expect(t.service.admin.runSync()).rejects.toThrow(/revoked/);
    const status = await t.service.getStatus();
    expect(status).toMatchObject({ usable: false, sync: { revoked: true } });
    expect(status.unusableReason).toBe('withdrawn');
    await expect(t.service.submit({ text: 'another-message', source: 'hid' })).rejects.toMatchObject({
      code: 'withdrawn',
    });
    const db = new Database(join(t.dataDir, 'terminal.db'), { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM scan_log WHERE card_ref IS NOT NULL').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM redemptions').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM rejected_events').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM scan_log').get()).toEqual({ n: 2 });
    db.close();
    // Byte by byte: not in the database file, its write-ahead log, or any file left beside them.
    const files = readdirSync(t.dataDir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    expect(files.filter((f) => /secrets|device-key/.test(f.name))).toEqual([]);
    const bytes = Buffer.concat(files.map((f) => readFileSync(join(f.parentPath, f.name))));
    for (const needle of needles) expect(bytes.includes(needle), needle.slice(0, 12)).toBe(false);
    await t.service.close();
    // The command line says so in one line (it used to end in a stack trace, exit 70).
    const scan = await runCli(['scan', '--data-dir', t.dataDir], `${token}\n`);
    expect(scan.status).toBe(2);
    expect(scan.lines).toEqual([
      { error: 'terminal_withdrawn', message: expect.stringMatching(/withdrawn/) as string },
    ]);
    expect(scan.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});
