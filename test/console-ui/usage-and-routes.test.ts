/**
 * The console's pure parts: the usage pivot behind each chart and table, the hash routes, the
 * terminal filters and the API client's reading of answers (CSRF header, 401, error codes).
 */
import { describe, expect, it } from 'vitest';
import { ConsoleApiError, createClient } from '../../src/console/api/client';
import { matches, parseFilter } from '../../src/console/pages/terminal-filter';
import { pivot, totals } from '../../src/console/pages/usage-data';
import { href, parseRoute } from '../../src/console/route';
import type { ConsoleTerminal } from '../../src/contract/console-api';

describe('usage pivot', () => {
  it('puts periods down and groups across, summing and filling gaps with 0', () => {
    const rows = [
      { day: '2026-03-02', venue: 'b', n: 2 },
      { day: '2026-03-01', venue: 'a', n: 1 },
      { day: '2026-03-02', venue: 'a', n: 3 },
      { day: '2026-03-02', venue: 'a', n: 4 },
    ];
    const p = pivot(
      rows,
      (r) => r.day,
      (r) => r.venue,
      (r) => r.n,
    );
    expect(p).toEqual({
      x: ['2026-03-01', '2026-03-02'],
      series: [
        { name: 'a', values: [1, 7] },
        { name: 'b', values: [0, 2] },
      ],
    });
    expect(totals(p)).toEqual([1, 9]);
  });
});

describe('routes', () => {
  it('reads the page, the part after it and the query from the hash', () => {
    const r = parseRoute('#/venues/central%20library?x=1');
    expect(r.page).toBe('venues');
    expect(r.sub).toBe('central library');
    expect(r.params.get('x')).toBe('1');
    expect(parseRoute('').page).toBe('overview');
    expect(parseRoute('#/nowhere').page).toBe('overview');
    expect(parseRoute(href('terminals', null, { show: 'offline' })).params.get('show')).toBe('offline');
  });

  it('filters terminals as the Overview counts them, and ignores a filter it does not know', () => {
    const t = { state: 'offline', staleTrust: true, staleStatus: false } as ConsoleTerminal;
    expect(matches(parseFilter('offline'), t)).toBe(true);
    expect(matches(parseFilter('staleTrust'), t)).toBe(true);
    expect(matches(parseFilter('staleStatus'), t)).toBe(false);
    expect(parseFilter('constructor')).toBe('all');
  });
});

describe('the API client', () => {
  const answer = (status: number, body: unknown): Response =>
    new Response(body === null ? null : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });

  it('sends the CSRF token with changes only, and words errors by code', async () => {
    const seen: { method: string; csrf: string | null }[] = [];
    const client = createClient(async (_input, init) => {
      const headers = new Headers(init?.headers);
      seen.push({ method: init?.method ?? 'GET', csrf: headers.get('x-csrf-token') });
      return init?.method === 'POST' ? answer(409, { error: 'conflict', message: 'taken' }) : answer(200, { ok: 1 });
    });
    client.setCsrf('tok');
    await expect(client.get('overview')).resolves.toEqual({ ok: 1 });
    const failure = client.change('POST', 'venues', {});
    await expect(failure).rejects.toBeInstanceOf(ConsoleApiError);
    await expect(failure).rejects.toMatchObject({ code: 'conflict', status: 409 });
    expect(seen).toEqual([
      { method: 'GET', csrf: null },
      { method: 'POST', csrf: 'tok' },
    ]);
  });

  it('a 401 signs the page out, except a failed sign-in', async () => {
    let signedOut = 0;
    let reply = answer(401, { error: 'sign_in_failed', message: 'no' });
    const client = createClient(async () => reply);
    client.onSignedOut(() => signedOut++);
    await expect(client.change('POST', 'session', {})).rejects.toMatchObject({ code: 'sign_in_failed' });
    expect(signedOut).toBe(0);
    reply = answer(401, { error: 'unauthenticated', message: 'expired' });
    await expect(client.get('overview')).rejects.toMatchObject({ code: 'unauthenticated' });
    expect(signedOut).toBe(1);
  });

  it('a server that does not answer is a network problem, an HTML page a problem by status', async () => {
    await expect(
      createClient(async () => {
        throw new TypeError('fetch failed');
      }).get('overview'),
    ).rejects.toMatchObject({ code: 'network' });
    await expect(
      createClient(async () => new Response('<html>', { status: 502 })).get('overview'),
    ).rejects.toMatchObject({ code: 'internal', status: 502 });
  });
});
