/**
 * The Electron shell's security decisions as small pure functions, so they are unit-tested in
 * Node (Electron's binary cannot run here). No `electron` import in this file, on purpose.
 */
import { resolveStaticPath } from '../../src/node/static-files';

/** The app's own origin: the renderer is served from this custom protocol, never file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'terminal';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** True only for URLs of the app's own origin (scheme and host exact; no user info, no port). */
export function isAppUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.username === '' && url.password === '';
}

/** Navigation (will-navigate, will-redirect) is allowed nowhere: the app is one page. */
export function allowNavigation(_target: string): boolean {
  return false;
}

/**
 * Permission requests: the camera, for the app's own origin, and nothing else (no microphone,
 * geolocation, notifications, HID, serial, clipboard...). `mediaTypes` is Electron's detail.
 */
export function allowPermission(
  permission: string,
  requestingUrl: string,
  mediaTypes: readonly string[] = [],
): boolean {
  if (!isAppUrl(requestingUrl)) return false;
  if (permission !== 'media') return false;
  return mediaTypes.length > 0 && mediaTypes.every((t) => t === 'video');
}

/** Permission checks (synchronous queries) follow the same rule. */
export function allowPermissionCheck(permission: string, requestingOrigin: string, mediaType?: string): boolean {
  return isAppUrl(requestingOrigin) && permission === 'media' && mediaType === 'video';
}

/** An IPC message is accepted only from the app's main frame. */
export interface SenderFrame {
  readonly url: string;
  readonly isMainFrame: boolean;
}

export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  return !!frame && frame.isMainFrame && isAppUrl(frame.url);
}

/**
 * Maps an app:// request to a file inside the renderer's directory. GET only; paths that would
 * leave the directory (.., encoded separators, NUL, backslashes) are refused with null.
 */
export function resolveAppRequest(root: string, method: string, raw: string): string | null {
  if (method !== 'GET' || !isAppUrl(raw)) return null;
  return resolveStaticPath(root, new URL(raw).pathname);
}

/** The Content-Security-Policy sent with every app:// document: only what the app uses. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Keyboard shortcuts that would leave or reload the kiosk; blocked unless staff unlocked it. */
export function isKioskEscape(input: {
  key: string;
  control: boolean;
  alt: boolean;
  meta: boolean;
  shift: boolean;
}): boolean {
  const key = input.key.toLowerCase();
  if ((input.control || input.meta) && ['w', 'q', 'r', 'n', 't', 'p', 'o', 's'].includes(key)) return true;
  if ((input.control || input.meta) && input.shift && ['i', 'j', 'c'].includes(key)) return true;
  if (input.alt && (key === 'f4' || key === 'tab' || key === 'arrowleft' || key === 'arrowright')) return true;
  if (['f5', 'f11', 'f12'].includes(key)) return true;
  return false;
}
