import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  allowNavigation,
  allowPermission,
  allowPermissionCheck,
  APP_ORIGIN,
  CONTENT_SECURITY_POLICY,
  isAppUrl,
  isKioskEscape,
  isTrustedSender,
  resolveAppRequest,
} from '../../electron/main/guards';

describe('URL allowlist', () => {
  it.each([
    ['app://terminal/index.html', true],
    ['app://terminal/assets/x.js', true],
    ['app://other/index.html', false],
    ['app://user:pw@terminal/', false],
    ['app://terminal:8080/', false],
    ['https://terminal/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
  ])('%s -> %s', (url, ok) => expect(isAppUrl(url)).toBe(ok));

  it('denies every navigation, even to the app itself', () => {
    for (const url of ['https://evil.example', `${APP_ORIGIN}/index.html`, 'file:///'])
      expect(allowNavigation(url)).toBe(false);
  });
});

describe('permission decision', () => {
  it('allows the camera for the app origin only', () => {
    expect(allowPermission('media', `${APP_ORIGIN}/index.html`, ['video'])).toBe(true);
    expect(allowPermission('media', 'https://evil.example/', ['video'])).toBe(false);
    expect(allowPermission('media', `${APP_ORIGIN}/index.html`, ['audio'])).toBe(false);
    expect(allowPermission('media', `${APP_ORIGIN}/index.html`, ['video', 'audio'])).toBe(false);
    expect(allowPermission('media', `${APP_ORIGIN}/index.html`, [])).toBe(false);
  });

  it.each([
    'geolocation',
    'notifications',
    'hid',
    'serial',
    'usb',
    'clipboard-read',
    'midi',
    'openExternal',
    'fullscreen',
    'pointerLock',
  ])('denies %s', (permission) => {
    expect(allowPermission(permission, `${APP_ORIGIN}/index.html`, ['video'])).toBe(false);
    expect(allowPermissionCheck(permission, APP_ORIGIN, 'video')).toBe(false);
  });

  it('answers permission checks the same way', () => {
    expect(allowPermissionCheck('media', APP_ORIGIN, 'video')).toBe(true);
    expect(allowPermissionCheck('media', APP_ORIGIN, 'audio')).toBe(false);
    expect(allowPermissionCheck('media', 'https://evil.example', 'video')).toBe(false);
  });
});

describe('IPC sender check', () => {
  it('accepts only the main frame of the app origin', () => {
    expect(isTrustedSender({ url: `${APP_ORIGIN}/index.html`, isMainFrame: true })).toBe(true);
    expect(isTrustedSender({ url: `${APP_ORIGIN}/index.html`, isMainFrame: false })).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', isMainFrame: true })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });
});

describe('app:// protocol path resolution', () => {
  const root = mkdtempSync(join(tmpdir(), 'civicpass-renderer-'));
  it('maps app paths into the renderer directory', () => {
    expect(resolveAppRequest(root, 'GET', `${APP_ORIGIN}/`)).toBe(join(root, 'index.html'));
    expect(resolveAppRequest(root, 'GET', `${APP_ORIGIN}/assets/index.js`)).toBe(join(root, 'assets/index.js'));
  });
  it.each([
    ['POST', `${APP_ORIGIN}/index.html`],
    ['GET', `${APP_ORIGIN}/../../etc/passwd`],
    ['GET', `${APP_ORIGIN}/%2e%2e/%2e%2e/etc/passwd`],
    ['GET', `${APP_ORIGIN}/assets/..%2f..%2f..%2fetc%2fpasswd`],
    ['GET', `${APP_ORIGIN}/a%00b`],
    ['GET', `${APP_ORIGIN}/..%5c..%5cwindows`],
    ['GET', `${APP_ORIGIN}/%E0%A4%A`],
    ['GET', 'app://other/index.html'],
    ['GET', 'file:///etc/passwd'],
  ])('never serves outside the renderer directory: %s %s', (method, url) => {
    // Refused outright, or (for dot segments the URL parser already removed) kept inside the root.
    const resolved = resolveAppRequest(root, method, url);
    if (resolved !== null) expect(resolved.startsWith(root + '/')).toBe(true);
    if (method !== 'GET' || !url.startsWith('app://terminal/')) expect(resolved).toBeNull();
  });
});

describe('CSP and kiosk shortcuts', () => {
  it('the CSP allows only what the app uses', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/'unsafe-inline'|'unsafe-eval'|\*|https?:/);
  });

  it('blocks shortcuts that leave or reload the kiosk, and not ordinary typing', () => {
    const k = (key: string, mods: Partial<{ control: boolean; alt: boolean; meta: boolean; shift: boolean }> = {}) =>
      isKioskEscape({ key, control: false, alt: false, meta: false, shift: false, ...mods });
    expect(k('w', { control: true })).toBe(true);
    expect(k('q', { meta: true })).toBe(true);
    expect(k('F4', { alt: true })).toBe(true);
    expect(k('I', { control: true, shift: true })).toBe(true);
    expect(k('F5')).toBe(true);
    expect(k('a')).toBe(false);
    expect(k('A', { shift: true })).toBe(false);
    expect(k('Enter')).toBe(false);
  });
});
