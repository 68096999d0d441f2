/**
 * The signed lists behind a caching reverse proxy (issue 14): Debian's nginx with proxy_cache in
 * front of a real reference server, a real terminal syncing through it. The status list's ttl is
 * a few seconds here (the deployment's hour in production), and time is real: the test waits for
 * the cache to expire rather than pretending it did.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TerminalService } from '../../src/service/terminal-service';
import { startNginx, type RunningNginx } from '../support/nginx';
import { enrolledTerminal, startServer, type RunningServer } from '../support/sync-server';

/** The status list's ttl for this test, in seconds: what nginx may keep it for. */
const TTL = 4;

let s: RunningServer;
let nginx: RunningNginx;
let terminal: TerminalService;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** How nginx answered the last request for `path` (HIT, MISS, EXPIRED, REVALIDATED, -). */
function lastCacheStatus(path: string): string | undefined {
  const line = nginx
    .accessLog()
    .filter((l) => l.split(' ')[1] === path)
    .at(-1);
  return line?.split(' ')[3];
}

beforeAll(async () => {
  s = await startServer();
  s.deployment.useStatusTtl(TTL);
  // Each scan below is checked afresh: no "same card again" answer from an earlier scan.
  const venue = await s.storage.getVenue('demo-library');
  if (!venue) throw new Error('the demo deployment has no demo-library venue');
  await s.storage.putVenue({ ...venue, config: { ...venue.config, repeatWindowSeconds: 0 } });
  // Without nginx this throws its one line: how to install it (CI installs it; never skipped).
  nginx = await startNginx(s.url);
  terminal = (await enrolledTerminal(s, nginx.url)).service;
});

afterAll(async () => {
  await terminal?.close();
  await nginx?.stop();
  await s?.close();
});

describe('status lists and the trust list through nginx proxy_cache', () => {
  it('serves the public lists from its cache and answers the terminal 304', async () => {
    // The enrolment's sync fetched the status list through nginx; the configuration now names
    // the public trust list path, which this sync uses without a device token.
    const first = await fetch(`${nginx.url}/v1/public/status/1`);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toMatch(new RegExp(`^public, max-age=[0-${TTL}]$`));
    const etag = first.headers.get('etag');
    const again = await fetch(`${nginx.url}/v1/public/status/1`, { headers: { 'if-none-match': etag ?? '' } });
    expect(again.status).toBe(304);

    const summary = await terminal.admin.runSync();
    expect(summary.pulled.trustList).toBe('unchanged');
    expect(lastCacheStatus('/v1/public/trust')).toMatch(/^(MISS|HIT)$/);
    const trust = await fetch(`${nginx.url}/v1/public/trust`);
    expect(trust.headers.get('cache-control')).toBe('public, max-age=300');
    expect(lastCacheStatus('/v1/public/trust')).toBe('HIT');
    // Authenticated answers are never kept: the device's requests pass through.
    expect(lastCacheStatus('/v1/config')).toBe('MISS');
  });

  it('a revocation is visible at the first fetch after the ttl, and not necessarily before', async () => {
    const { id, token } = await s.deployment.issueCard({ services: ['library'] }, Date.now() / 1000);
    // Let whatever nginx holds expire, so that the next sync refills it: the refill is no
    // earlier than `filledAt`, and stays fresh until at least filledAt + TTL. (nginx counts whole
    // seconds: an entry can stay fresh up to a second past its ttl, as below.)
    await sleep((TTL + 1) * 1000 + 200);
    const filledAt = Date.now();
    await terminal.admin.runSync();
    expect(lastCacheStatus('/v1/public/status/1')).toMatch(/^(MISS|EXPIRED|REVALIDATED)$/);
    const before = await terminal.submit({ text: token, source: 'keyboard' });
    expect(before.status === 'handled' && before.result.outcome).toBe('valid');

    await s.deployment.setCardStatus(id, 1);
    // The server signs the revocation at once, but nginx still holds the old list: while it is
    // fresh the terminal's If-None-Match gets a 304 from the cache, and the card still scans.
    const cachedSync = await terminal.admin.runSync();
    const stillFresh = Date.now() < filledAt + TTL * 1000;
    if (stillFresh) {
      expect(lastCacheStatus('/v1/public/status/1')).toBe('HIT');
      expect(cachedSync.pulled.statusLists).toEqual([expect.objectContaining({ result: 'unchanged' })]);
      const during = await terminal.submit({ text: token, source: 'keyboard' });
      expect(during.status === 'handled' && during.result.outcome).toBe('valid');
    }

    // After the ttl the first fetch goes to the server and brings the revocation. nginx counts
    // whole seconds (an entry stored at second S with max-age N is fresh through second S + N),
    // so its "after the ttl" is up to one second later than the ttl itself.
    await sleep(filledAt + (TTL + 1) * 1000 + 200 - Date.now());
    const after = await terminal.admin.runSync();
    expect(lastCacheStatus('/v1/public/status/1')).toBe('EXPIRED');
    expect(after.pulled.statusLists).toEqual([expect.objectContaining({ result: 'updated' })]);
    const revoked = await terminal.submit({ text: token, source: 'keyboard' });
    expect(revoked.status === 'handled' && revoked.result.reason).toBe('revoked');
  });
});
