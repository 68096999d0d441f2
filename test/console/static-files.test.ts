/**
 * The console page under /console/ (issue 13): served without a session (it is also the sign-in
 * page), index.html for the page's own routes, the right types, nothing outside the build
 * folder, the security headers on every answer, and a clear 503 when it is not built.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleServer, type RunningConsoleServer } from '../support/console-server';

const INDEX =
  '<!doctype html><title>CivicPass console</title><script type="module" src="/console/assets/app-1a2b.js"></script>';
let s: RunningConsoleServer;
let unbuilt: RunningConsoleServer;
beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'console-build-'));
  const dir = join(root, 'console');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'assets', 'app-1a2b.js'), 'console.log(1)');
  writeFileSync(join(dir, 'assets', 'app-1a2b.css'), 'body{}');
  writeFileSync(join(dir, 'assets', 'font.woff2'), 'wOF2');
  writeFileSync(join(root, 'secret.txt'), 'outside the build');
  s = await startConsoleServer({ staticDir: dir });
  unbuilt = await startConsoleServer({ staticDir: join(root, 'nothing-here') });
});
afterAll(async () => {
  await s.close();
  await unbuilt.close();
});

/** A raw GET, so that paths reach the server exactly as written (fetch would normalise `..`). */
function rawGet(
  base: string,
  path: string,
): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { path }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the built page', () => {
  it('is served without a session, with the security headers', async () => {
    const res = await fetch(`${s.url}/console/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(INDEX);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('gives index.html for the page routes, and /console to /console/', async () => {
    for (const path of [
      '/console/terminals',
      '/console/venues/demo-library',
      '/console/sign-in?next=%2Fconsole%2Fusage',
    ])
      expect(await (await fetch(`${s.url}${path}`)).text()).toBe(INDEX);
    const bare = await fetch(`${s.url}/console`, { redirect: 'manual' });
    expect(bare.status).toBe(308);
    expect(bare.headers.get('location')).toBe('/console/');
  });

  it('serves assets with their types, immutable; a missing asset is 404, not the page', async () => {
    const types: Record<string, string> = {
      'app-1a2b.js': 'text/javascript; charset=utf-8',
      'app-1a2b.css': 'text/css; charset=utf-8',
      'font.woff2': 'font/woff2',
    };
    for (const [file, type] of Object.entries(types)) {
      const res = await fetch(`${s.url}/console/assets/${file}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(type);
      expect(res.headers.get('cache-control')).toContain('immutable');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
    expect((await fetch(`${s.url}/console/assets/gone.js`)).status).toBe(404);
  });

  it('never reads outside the build folder', async () => {
    for (const path of [
      '/console/../secret.txt',
      '/console/%2e%2e/secret.txt',
      '/console/assets/..%2f..%2fsecret.txt',
      '/console/%2e%2e%2fsecret.txt',
      '/console/..%5csecret.txt',
      '/console/%00',
    ]) {
      const res = await rawGet(s.url, path);
      expect({ path, leaked: res.text.includes('outside the build') }).toEqual({ path, leaked: false });
    }
  });

  it('refuses other methods on the page', async () => {
    expect((await fetch(`${s.url}/console/`, { method: 'POST' })).status).toBe(405);
  });
});

describe('a console that is not built', () => {
  it('answers 503 with what to do', async () => {
    const res = await fetch(`${unbuilt.url}/console/`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('The console is not built: run <code>npm run build</code>');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('still answers the API (the sign-in works without the page)', async () => {
    expect((await fetch(`${unbuilt.url}/console/api/session`)).status).toBe(401);
  });
});
