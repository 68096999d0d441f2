import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserHost } from '../../src/host/browser-host';
import { makeTerminal, type TestTerminal } from '../support/terminal';

let t: TestTerminal;
let host: BrowserHost;
let origin = '';
const site = mkdtempSync(join(tmpdir(), 'civicpass-site-'));
writeFileSync(join(site, 'index.html'), '<!doctype html><title>kiosk</title>');
const sheet = join(mkdtempSync(join(tmpdir(), 'civicpass-sheet-')), 'demo-cards.html');
writeFileSync(sheet, '<!doctype html><title>cards</title>');

/** A raw HTTP request, so tests can send the headers a browser would never send. */
function raw(
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: string }> {
  const url = new URL(path, origin);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

beforeAll(async () => {
  t = await makeTerminal();
  host = new BrowserHost({ api: t.service, staticDir: site, extraFiles: { '/demo-cards.html': sheet } });
  ({ origin } = await host.listen());
});
afterAll(async () => {
  await host.close();
  await t.service.close();
});

describe('browser host', () => {
  it('listens on 127.0.0.1 only, and gives the secret only in the URL fragment', async () => {
    expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const page = await raw('/');
    expect(page.status).toBe(200);
    expect(page.body).not.toContain(host.secret);
  });

  it('serves the renderer and the configured extra files, nothing outside', async () => {
    expect((await raw('/demo-cards.html')).body).toContain('cards');
    expect((await raw('/../../../etc/passwd')).status).toBe(404);
    expect((await raw('/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
    expect((await raw('/', { method: 'DELETE' })).status).toBe(405);
  });

  it('answers API calls only with the secret, in envelopes with contract error codes', async () => {
    const call = (op: string, arg: unknown, secret = host.secret) =>
      raw(`/api/call/${op}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-civicpass-secret': secret },
        body: JSON.stringify({ arg }),
      });
    expect((await call('getSettings', undefined, 'wrong')).status).toBe(401);
    const ok = await call('getSettings', undefined);
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true, value: { language: 'en' } });
    expect(JSON.parse((await call('submitScan', { text: 'x', source: 'hid' })).body)).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument' },
    });
    expect((await call('dropEverything', {})).status).toBe(404);
  });

  it('refuses other origins and other Host names (DNS rebinding)', async () => {
    const headers = { 'content-type': 'application/json', 'x-civicpass-secret': host.secret };
    expect(
      (
        await raw('/api/call/getSettings', {
          method: 'POST',
          headers: { ...headers, origin: 'https://evil.example' },
          body: '{}',
        })
      ).status,
    ).toBe(403);
    expect((await raw('/', { headers: { host: 'evil.example' } })).status).toBe(421);
  });

  it('streams events only with the secret', async () => {
    expect((await raw('/api/events?secret=nope')).status).toBe(401);
    const events = await new Promise<string>((resolve, reject) => {
      const req = request(new URL(`/api/events?secret=${host.secret}`, origin), (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => {
          text += d;
          if (text.includes('"type":"scan"')) {
            req.destroy();
            resolve(text);
          }
        });
        void t.service.submit({ text: t.cards['valid']!.token, source: 'camera' });
      });
      req.on('error', (e) => (e.message.includes('aborted') ? undefined : reject(e)));
      req.end();
    });
    expect(events).toContain('"outcome":"valid"');
  });
});
