/**
 * Real server on 127.0.0.1, a real fault-injecting proxy in front of it, real terminal code.
 * Each test enrols a terminal of its own, so any one of them can run alone or in any order; the
 * server and the proxy are shared, and the proxy passes everything again after each test.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { backoffDelay } from '../../src/core/backoff';
import { generateSigningKey } from '../../src/issuer/keys';
import { signTrustList } from '../../src/issuer/sign';
import { SyncHttpError, SyncNetworkError } from '../../src/node/sync/sync-http';
import type { TerminalService } from '../../src/service/terminal-service';
import { FaultProxy } from '../support/fault-proxy';
import { enrolledTerminal, startServer, type RunningServer } from '../support/sync-server';

let s: RunningServer;
let proxy: FaultProxy;
let t: { service: TerminalService; dataDir: string };
const card = (id: string): string => readFileSync(join(s.dir, 'cards', `${id}.token`), 'utf8').trim();
let junk = 0;
/** Scans n distinct messages (receipts: unreadable, but logged and queued like any scan). */
async function scan(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await t.service.submit({ text: `receipt-${junk++}`, source: 'hid' });
}
const queue = (): number => t.service.admin.queue().depth;

/** A newly enrolled terminal behind the proxy, for this test only. */
async function freshTerminal(): Promise<void> {
  t = await enrolledTerminal(s, proxy.url);
  const mine = t.service;
  onTestFinished(() => mine.close());
}

/** The ids of the events the server holds from this test's terminal. */
function serverEventIds(): string[] {
  const deviceId = t.service.admin.enrolment!.deviceId;
  const db = new Database(join(s.dir, 'server.db'), { readonly: true });
  const ids = (db.prepare('SELECT id FROM events WHERE device_id = ?').all(deviceId) as { id: string }[]).map(
    (r) => r.id,
  );
  db.close();
  return ids;
}

beforeAll(async () => {
  s = await startServer();
  proxy = new FaultProxy(s.url);
  await proxy.listen();
});
afterEach(() => {
  proxy.fault = { kind: 'pass' };
});
afterAll(async () => {
  await proxy.close();
  await s.close();
});

describe('sync cycle against the reference server', () => {
  it('pushes first, then pulls with ETags (304 when unchanged)', async () => {
    await freshTerminal();
    await t.service.submit({ text: card('valid'), source: 'hid' });
    proxy.hits.length = 0;
    const summary = await t.service.admin.runSync();
    expect(summary.pushed).toEqual({ accepted: 1, duplicate: 0, rejected: 0, remaining: 0 });
    expect(summary.pulled).toMatchObject({
      trustList: 'unchanged',
      config: 'unchanged',
      statusLists: [{ result: 'unchanged' }],
    });
    expect(proxy.hits[0]).toBe('POST /v1/events');
    expect(proxy.hits.slice(1, 3)).toEqual(['GET /v1/public/trust', 'GET /v1/config']);
    expect(summary.serverTime).toBeGreaterThan(0);
  });

  it('server down: the queue is kept, the state is offline, scanning goes on', async () => {
    await freshTerminal();
    await scan(3);
    proxy.fault = { kind: 'status', status: 502 };
    await expect(t.service.admin.runSync()).rejects.toBeInstanceOf(SyncHttpError);
    expect(queue()).toBe(3);
    expect(t.service.admin.syncState).toMatchObject({ online: 'offline', queueDepth: 3 });
    expect(t.service.admin.syncState.nextAttemptAt).toBeGreaterThan(Date.now() / 1000);
    // Scanning never waits for the network.
    expect((await t.service.submit({ text: card('citysave'), source: 'camera' })).status).toBe('handled');
    expect(queue()).toBe(4);
  });

  it('500s are retried later; nothing is lost', async () => {
    await freshTerminal();
    await scan(2);
    proxy.fault = { kind: 'status', status: 500 };
    await expect(t.service.admin.runSync()).rejects.toMatchObject({ status: 500 });
    expect(queue()).toBe(2);
  });

  it('a slow server times out (the client never hangs), and the queue is kept', async () => {
    await freshTerminal();
    await scan(2);
    proxy.fault = { kind: 'slow', delayMs: 3000 };
    const started = Date.now();
    await expect(t.service.admin.runSync()).rejects.toBeInstanceOf(SyncNetworkError);
    expect(Date.now() - started).toBeLessThan(2900);
    expect(queue()).toBe(2);
  });

  it('429 with Retry-After: the next attempt is not before the server asked', async () => {
    await freshTerminal();
    proxy.fault = { kind: 'status', status: 429, retryAfter: 120 };
    await expect(t.service.admin.runSync()).rejects.toMatchObject({ status: 429, retryAfter: 120 });
    expect(t.service.admin.syncState.nextAttemptAt!).toBeGreaterThanOrEqual(Date.now() / 1000 + 119);
  });

  it('a cut mid-answer is a network error; once the server is back, everything arrives exactly once', async () => {
    await freshTerminal();
    await t.service.submit({ text: card('valid'), source: 'hid' });
    await scan(3);
    proxy.fault = { kind: 'cut' };
    await expect(t.service.admin.runSync()).rejects.toBeInstanceOf(SyncNetworkError);
    // The server may have stored the batch before the cut; the retry must not double it.
    expect(queue()).toBe(4);
    proxy.fault = { kind: 'pass' };
    const summary = await t.service.admin.runSync();
    expect(summary.pushed.accepted + summary.pushed.duplicate).toBe(4);
    expect(queue()).toBe(0);
    const ids = serverEventIds();
    expect(new Set(ids).size).toBe(ids.length);
    // One card and three receipts.
    expect(ids).toHaveLength(4);
  });

  it('backoff grows exponentially with jitter, capped, with Retry-After as a floor', () => {
    expect(backoffDelay(1, 0, null)).toBe(1);
    expect(backoffDelay(1, 0.999, null)).toBeCloseTo(2, 2);
    expect(backoffDelay(5, 0, null)).toBe(16);
    expect(backoffDelay(30, 0.5, null)).toBe(225);
    expect(backoffDelay(1, 0, 90)).toBe(90);
  });
});

describe('pulled material is verified before it replaces the cache', () => {
  it('a trust list with a lower seq is refused, the cached one kept, and a warning given', async () => {
    await freshTerminal();
    const held = t.service.admin.material.trust!;
    // An older list, genuinely signed by the anchor: seq 1 while the terminal holds a newer one.
    await s.deployment.rotateIssuerKey(Date.now() / 1000);
    const newer = await t.service.admin.runSync();
    expect(newer.pulled.trustList).toBe('updated');
    proxy.fault = { kind: 'replace', path: '/v1/public/trust', body: held.compact };
    const summary = await t.service.admin.runSync();
    proxy.fault = { kind: 'pass' };
    expect(summary.pulled.trustList).toBe('refused');
    expect(summary.warnings.map((w) => `${w.code}: ${w.message}`).join()).toMatch(/trust list refused \(rollback\)/);
    expect(t.service.admin.material.trust!.seq).toBe(held.seq + 1);
    // Status words the code for staff (test/renderer/sync-problem-words.test.ts); the developer
    // message is only the detail for support.
    const { problem } = t.service.admin.syncState;
    expect(problem).toMatchObject({ code: 'trust_list_refused', detail: expect.stringMatching(/rollback/) as unknown });
    // The next clean sync clears the problem.
    await t.service.admin.runSync();
    expect(t.service.admin.syncState.problem).toBeNull();
  });

  it('a tampered status list is refused and the cached copy kept', async () => {
    await freshTerminal();
    const before = [...t.service.admin.material.statusLists.values()][0]!;
    const [h, p, sig] = before.compact.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    payload['iat'] = (payload['iat'] as number) + 60;
    const tampered = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${sig}`;
    proxy.fault = { kind: 'replace', path: '/v1/public/status/', body: tampered };
    const summary = await t.service.admin.runSync();
    proxy.fault = { kind: 'pass' };
    expect(summary.pulled.statusLists[0]).toMatchObject({ result: 'refused' });
    expect(summary.warnings.map((w) => `${w.code}: ${w.message}`).join()).toMatch(
      /status list .* refused \(bad_signature\)/,
    );
    expect([...t.service.admin.material.statusLists.values()][0]!.compact).toBe(before.compact);
    const { problem } = t.service.admin.syncState;
    expect(problem).toMatchObject({
      code: 'status_list_refused',
      detail: expect.stringMatching(/bad_signature/) as unknown,
    });
  });

  it('a trust list signed by the wrong key is refused', async () => {
    await freshTerminal();
    const rogue = await signTrustList(await generateSigningKey(), {
      iss: 'x',
      seq: 999,
      iat: Date.now() / 1000,
      exp: Date.now() / 1000 + 86400,
      issuers: [],
    });
    proxy.fault = { kind: 'replace', path: '/v1/public/trust', body: rogue };
    const summary = await t.service.admin.runSync();
    proxy.fault = { kind: 'pass' };
    expect(summary.pulled.trustList).toBe('refused');
    expect(summary.warnings.map((w) => `${w.code}: ${w.message}`).join()).toMatch(/unknown_anchor/);
    expect((await t.service.getStatus()).usable).toBe(true);
  });

  it('revocations reach the terminal at the next sync', async () => {
    await freshTerminal();
    const valid = card('valid');
    const validId = (JSON.parse(Buffer.from(valid.split('.')[1]!, 'base64url').toString()) as { sub: string }).sub;
    await s.deployment.setCardStatus(validId, 1);
    await t.service.admin.runSync();
    onTestFinished(() => s.deployment.setCardStatus(validId, 0));
    const r = await t.service.submit({ text: valid, source: 'keyboard' });
    expect(r.status === 'handled' && r.result.reason).toBe('revoked');
  });
});
