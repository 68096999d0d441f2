/**
 * The public list paths (issue 14) over real HTTP on 127.0.0.1: no device token, a strong ETag
 * of the exact bytes, Last-Modified from `iat`, Cache-Control bounded by `ttl` (status) or the
 * configured max-age (trust) and by `exp`; the old authenticated paths answer the same bytes.
 * A recording proxy shows what the terminal sends where.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncServer } from '../../server/app';
import { listAnswer, matchesIfNoneMatch, maxAgeFor } from '../../server/lists/list-answer';
import { enrolledTerminal, startServer, type RunningServer } from '../support/sync-server';

let s: RunningServer;

beforeAll(async () => {
  s = await startServer();
});
afterAll(async () => {
  await s.close();
});

/** A proxy that records each request's path and whether it carried a device token. */
async function recordingProxy(
  target: string,
  refusePublicTrust: () => boolean,
): Promise<{ url: string; seen: { path: string; auth: boolean }[]; close(): Promise<void> }> {
  const seen: { path: string; auth: boolean }[] = [];
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    seen.push({ path, auth: req.headers.authorization !== undefined });
    if (refusePublicTrust() && path === '/v1/public/trust') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not_found","message":"old server"}');
      return;
    }
    const up = request(new URL(path, target), { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

describe('public lists', () => {
  it('serve the trust list without a token, cacheable for the configured time', async () => {
    const res = await fetch(`${s.url}/v1/public/trust`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/jwt');
    const jws = await res.text();
    const { iat } = decodeJwt(jws);
    expect(res.headers.get('last-modified')).toBe(new Date(iat! * 1000).toUTCString());
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);

    const again = await fetch(`${s.url}/v1/public/trust`, { headers: { 'if-none-match': `"x", W/${etag}` } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('cache-control')).toBe('public, max-age=300');
    expect(await again.text()).toBe('');
  });

  it('take the trust max-age from the server option', async () => {
    const server = new SyncServer({ storage: s.storage, deployment: s.deployment, trustMaxAge: 120 });
    const url = await server.listen();
    try {
      expect((await fetch(`${url}/v1/public/trust`)).headers.get('cache-control')).toBe('public, max-age=120');
    } finally {
      await server.close();
    }
  });

  it('serve the status list for its ttl, with the same ETag as the authenticated path', async () => {
    const res = await fetch(`${s.url}/v1/public/status/1`);
    expect(res.status).toBe(200);
    const { ttl } = decodeJwt(await res.text()) as { ttl: number };
    expect(res.headers.get('cache-control')).toBe(`public, max-age=${ttl}`);
    expect((await fetch(`${s.url}/v1/public/status/2`)).status).toBe(404);
    // A second server process on the same storage serves the same stored list: same ETag.
    const other = new SyncServer({ storage: s.storage, deployment: s.deployment });
    const url = await other.listen();
    try {
      expect((await fetch(`${url}/v1/public/status/1`)).headers.get('etag')).toBe(res.headers.get('etag'));
    } finally {
      await other.close();
    }
  });

  it('bound max-age by the list’s exp, and answer 304 only to If-None-Match', () => {
    expect(maxAgeFor(3600, 1000 + 60, 1000)).toBe(60);
    expect(maxAgeFor(3600, 900, 1000)).toBe(0);
    expect(maxAgeFor(3600, null, 1000)).toBe(3600);
    expect(matchesIfNoneMatch('*', '"a"')).toBe(true);
    expect(matchesIfNoneMatch('"b", W/"a"', '"a"')).toBe(true);
    expect(matchesIfNoneMatch('"b"', '"a"')).toBe(false);
    const jws = 'eyJhbGciOiJub25lIn0.eyJpYXQiOjEwMH0.';
    const since = { headers: { 'if-modified-since': new Date(200_000).toUTCString() } };
    expect(listAnswer(since, jws, { maxAge: 10 }).status).toBe(200);
  });
});

describe('the terminal and the public lists', () => {
  it('fetches them without its token once the configuration names them, and falls back on an old server', async () => {
    let refuse = false;
    const proxy = await recordingProxy(s.url, () => refuse);
    const { service } = await enrolledTerminal(s, proxy.url);
    try {
      proxy.seen.length = 0;
      await service.admin.runSync();
      const lists = proxy.seen.filter((r) => r.path.includes('/trust') || r.path.includes('/status/'));
      expect(lists).toEqual([
        { path: '/v1/public/trust', auth: false },
        { path: '/v1/public/status/1', auth: false },
      ]);
      expect(proxy.seen.filter((r) => r.path === '/v1/config')).toEqual([{ path: '/v1/config', auth: true }]);

      // A server put back to one without the public trust path: the list comes from /v1/trust.
      refuse = true;
      proxy.seen.length = 0;
      const summary = await service.admin.runSync();
      expect(proxy.seen.slice(1, 3)).toEqual([
        { path: '/v1/public/trust', auth: false },
        { path: '/v1/trust', auth: true },
      ]);
      expect(summary.pulled.trustList).toBe('unchanged');
      expect(summary.warnings).toEqual([]);
    } finally {
      await service.close();
      await proxy.close();
    }
  });
});
