/**
 * Console sessions (issue 13): the cookie's flags (Secure only over TLS, directly or from a
 * trusted proxy), a new session at every sign-in (no fixation), sign-out, the idle (30 min) and
 * absolute (12 h) limits on the server's clock, and only a hash of the token in storage.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_CONSOLE_USER } from '../../server/admin/demo-console-user';
import { startConsoleServer, type RunningConsoleServer } from '../support/console-server';
import { makeTestCertificates } from '../support/tls-certs';
import { call, httpsCall, signIn } from './console-client';

const { email, password } = DEMO_CONSOLE_USER;
const T0 = 1_800_000_000;
let running: RunningConsoleServer[] = [];
afterEach(async () => {
  await Promise.all(running.map((s) => s.close()));
  running = [];
});

async function server(options: Parameters<typeof startConsoleServer>[0] = {}): Promise<RunningConsoleServer> {
  const s = await startConsoleServer(options);
  running.push(s);
  return s;
}

const attributes = (setCookie: string): string[] => setCookie.split(';').map((p) => p.trim());

describe('the session cookie', () => {
  it('is HttpOnly, SameSite=Strict, Path=/console and not Secure over plain HTTP', async () => {
    const s = await server();
    const { setCookie } = await signIn(s.url, email, password);
    const parts = attributes(setCookie);
    expect(parts[0]).toMatch(/^civicpass_console=[A-Za-z0-9_-]{43}$/);
    expect(parts).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/console']));
    expect(parts).not.toContain('Secure');
  });

  it('believes X-Forwarded-Proto only from a trusted proxy', async () => {
    const plain = await server();
    const spoofed = await signIn(plain.url, email, password, { 'x-forwarded-proto': 'https' });
    expect(attributes(spoofed.setCookie)).not.toContain('Secure');

    const proxied = await server({ trustProxy: ['127.0.0.1'] });
    const secure = await signIn(proxied.url, email, password, { 'x-forwarded-proto': 'https' });
    expect(attributes(secure.setCookie)).toContain('Secure');
    const overHttp = await signIn(proxied.url, email, password, { 'x-forwarded-proto': 'http' });
    expect(attributes(overHttp.setCookie)).not.toContain('Secure');
    // A proxy elsewhere is trusted, not this client.
    const other = await server({ trustProxy: ['10.9.8.7'] });
    expect(
      attributes((await signIn(other.url, email, password, { 'x-forwarded-proto': 'https' })).setCookie),
    ).not.toContain('Secure');
  });

  it('is Secure over TLS', async () => {
    const certs = makeTestCertificates();
    const s = await server({ tls: { key: certs.serverKey, cert: certs.serverCert } });
    expect(s.url).toMatch(/^https:/);
    const res = await httpsCall(`${s.url}/console/api/session`, certs.caCert, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    expect(res.status).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(attributes(setCookie)).toEqual(
      expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/console', 'Secure']),
    );
    // And the session works over TLS with the origin a browser would send.
    const cookie = setCookie.split(';')[0]!;
    const csrf = (JSON.parse(res.text) as { csrf: string }).csrf;
    const out = await httpsCall(`${s.url}/console/api/session`, certs.caCert, {
      method: 'DELETE',
      headers: { cookie, 'x-csrf-token': csrf, origin: s.url },
    });
    expect(out.status).toBe(204);
  });
});

describe('sign-in and sign-out', () => {
  it('a cookie sent before sign-in is never the session after it (no fixation)', async () => {
    const s = await server();
    const planted = 'civicpass_console=PLANTEDplantedPLANTEDplantedPLANTEDplantedPLA';
    const signed = await signIn(s.url, email, password, { cookie: planted });
    expect(signed.cookie).not.toBe(planted);
    expect((await call(s.url, 'GET', '/session', { headers: { cookie: planted } })).status).toBe(401);
    // An earlier real session presented at sign-in is ended, not carried over.
    const again = await signIn(s.url, email, password, { cookie: signed.cookie });
    expect(again.cookie).not.toBe(signed.cookie);
    expect((await call(s.url, 'GET', '/session', { session: signed })).status).toBe(401);
    expect((await call(s.url, 'GET', '/session', { session: again })).status).toBe(200);
  });

  it('answers the session, and stores only a hash of its token', async () => {
    const s = await server({ now: () => T0 });
    const signed = await signIn(s.url, email, password);
    const info = await call(s.url, 'GET', '/session', { session: signed });
    expect(info.json).toEqual({
      email,
      role: 'council_admin',
      venueId: null,
      csrf: signed.csrf,
      expiresAt: T0 + 12 * 3600,
      idleSeconds: 1800,
      // The demo deployment: the page may offer demo cards.
      demo: true,
    });
    const token = signed.cookie.split('=')[1]!;
    const db = new Database(join(s.dir, 'server.db'), { readonly: true });
    const rows = db.prepare('SELECT id FROM console_sessions').all() as { id: string }[];
    db.close();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).not.toBe(token);
  });

  it('sign-out ends the session on the server and clears the cookie', async () => {
    const s = await server();
    const signed = await signIn(s.url, email, password);
    const out = await call(s.url, 'DELETE', '/session', { session: signed });
    expect(out.status).toBe(204);
    expect(attributes(out.headers.get('set-cookie')!)).toEqual(
      expect.arrayContaining(['civicpass_console=', 'Max-Age=0', 'Path=/console']),
    );
    expect((await call(s.url, 'GET', '/overview', { session: signed })).status).toBe(401);
  });
});

describe('session limits on the server clock', () => {
  it('ends after 30 minutes idle; activity keeps it alive', async () => {
    let now = T0;
    const s = await server({ now: () => now });
    const signed = await signIn(s.url, email, password);
    now = T0 + 29 * 60;
    expect((await call(s.url, 'GET', '/overview', { session: signed })).status).toBe(200);
    now = T0 + 58 * 60; // 29 minutes after the last request
    expect((await call(s.url, 'GET', '/overview', { session: signed })).status).toBe(200);
    now += 30 * 60; // 30 minutes idle
    const idle = await call(s.url, 'GET', '/overview', { session: signed });
    expect(idle).toMatchObject({ status: 401, json: { error: 'unauthenticated' } });
    now -= 60; // even were the clock to step back, the session is gone
    expect((await call(s.url, 'GET', '/overview', { session: signed })).status).toBe(401);
  });

  it('ends 12 hours after sign-in however active', async () => {
    let now = T0;
    const s = await server({ now: () => now });
    const signed = await signIn(s.url, email, password);
    for (now = T0 + 20 * 60; now < T0 + 12 * 3600; now += 20 * 60)
      expect((await call(s.url, 'GET', '/session', { session: signed })).status).toBe(200);
    now = T0 + 12 * 3600;
    expect((await call(s.url, 'GET', '/session', { session: signed })).status).toBe(401);
  });
});
