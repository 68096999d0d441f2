/**
 * Where a console request came from: over TLS or not (directly, or as told by a reverse proxy
 * the operator named with `--trust-proxy`), and whether a browser says it is our own page.
 */
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type { TLSSocket } from 'node:tls';

/** An address as the socket gives it, IPv4-mapped IPv6 (`::ffff:127.0.0.1`) as plain IPv4. */
export function plainAddress(address: string | undefined): string {
  const a = address ?? '';
  return a.startsWith('::ffff:') && isIP(a.slice(7)) === 4 ? a.slice(7) : a;
}

export function fromTrustedProxy(req: IncomingMessage, trustProxy: ReadonlySet<string>): boolean {
  return trustProxy.has(plainAddress(req.socket.remoteAddress));
}

/**
 * True over TLS: the socket's own, or `X-Forwarded-Proto: https` from a trusted proxy. From
 * anybody else the header is ignored: a client could send it to get a cookie marked Secure on a
 * plain connection, or (worse) have a proxy's TLS believed when there is none.
 */
export function isSecure(req: IncomingMessage, trustProxy: ReadonlySet<string>): boolean {
  if ((req.socket as Partial<TLSSocket>).encrypted === true) return true;
  if (!fromTrustedProxy(req, trustProxy)) return false;
  const proto = req.headers['x-forwarded-proto'];
  // A chain of proxies appends: the first is what the client used.
  const first = (Array.isArray(proto) ? proto[0] : proto)?.split(',')[0]?.trim().toLowerCase();
  return first === 'https';
}

/**
 * A change must come from the console's own page. Browsers send `Sec-Fetch-Site` and, on a
 * POST, `Origin`: when present they must say same origin. (Clients that send neither, like
 * scripts, are held by the CSRF token and SameSite=Strict alone.)
 */
export function isSameOrigin(req: IncomingMessage, secure: boolean, proxied: boolean): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  // A trusted proxy may pass the client's Host on in X-Forwarded-Host; nobody else is believed.
  const header = req.headers['x-forwarded-host'];
  const forwarded = proxied ? (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim() : undefined;
  const host = forwarded ?? req.headers.host;
  return host !== undefined && origin.toLowerCase() === `${secure ? 'https' : 'http'}://${host.toLowerCase()}`;
}
