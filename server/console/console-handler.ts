/**
 * The council console under `/console/` (issue 13): its JSON API under `/console/api/` (the
 * contract: src/contract/console-api.ts) and the built page. Every answer carries the security
 * headers; API answers are never cached. The order of checks is fixed: a session (401), then for
 * a change the CSRF token and same-origin headers (403 `csrf`), then the role (403 `forbidden`),
 * then the route's own rules (a venue manager's own venue).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../../src/contract/validate';
import { VenueConfigError } from '../../src/core/venue-config';
import { HttpError, readJsonBody } from '../http/json-io';
import { CONSOLE_ROUTES } from './routes';
import { ConsoleHttpError, errorReply, writeReply, type ConsoleReply } from './console-http';
import type { ConsoleContext, ConsoleDeps } from './context';
import { clearedSessionCookie, sessionToken } from './cookies';
import { fromTrustedProxy, isSameOrigin, isSecure } from './request-origin';
import { ConsoleSessions, type ActiveSession } from './sessions';
import { signInRoute, sessionInfo } from './session-route';
import { DEFAULT_STATIC_DIR, staticFile } from './static-files';

const MAX_BODY = 64 * 1024;

export interface ConsoleOptions {
  /** Where the built page is (default `<repo>/out/console`). */
  readonly staticDir?: string;
  /** Addresses of reverse proxies whose `X-Forwarded-Proto` (and `-Host`) are believed. */
  readonly trustProxy?: readonly string[];
}

const unauthenticated = (): ConsoleHttpError =>
  new ConsoleHttpError(401, 'unauthenticated', 'sign in first (no session, or it has ended)');

/** Equal strings, compared in constant time whatever their lengths. */
function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

export class ConsoleHandler {
  private readonly sessions: ConsoleSessions;
  private readonly trustProxy: ReadonlySet<string>;
  private readonly staticDir: string;

  constructor(
    private readonly deps: ConsoleDeps,
    private readonly clock: () => number,
    options: ConsoleOptions = {},
  ) {
    this.sessions = new ConsoleSessions(deps.storage);
    this.trustProxy = new Set(options.trustProxy ?? []);
    this.staticDir = options.staticDir ?? DEFAULT_STATIC_DIR;
  }

  /** Whether a path is the console's (everything else is the sync API's). */
  static owns(path: string): boolean {
    return path === '/console' || path.startsWith('/console/');
  }

  async serve(req: IncomingMessage, res: ServerResponse, url: URL): Promise<number> {
    const secure = isSecure(req, this.trustProxy);
    const api = url.pathname === '/console/api' || url.pathname.startsWith('/console/api/');
    let reply: ConsoleReply;
    try {
      reply = api ? await this.api(req, url, secure) : await this.page(req, url);
    } catch (e) {
      reply = errorReply(this.asConsoleError(e, req, url));
    }
    writeReply(res, reply, api ? { 'cache-control': 'no-store' } : {});
    return reply.status;
  }

  private async page(req: IncomingMessage, url: URL): Promise<ConsoleReply> {
    if (url.pathname === '/console') return { status: 308, headers: { location: '/console/' } };
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return {
        status: 405,
        raw: { bytes: 'method not allowed', type: 'text/plain; charset=utf-8' },
        headers: { allow: 'GET, HEAD' },
      };
    // Without a session too: the page is one app, and its first screen is the sign-in form.
    return staticFile(this.staticDir, url.pathname.slice('/console/'.length));
  }

  private async api(req: IncomingMessage, url: URL, secure: boolean): Promise<ConsoleReply> {
    const path = url.pathname.slice('/console/api'.length);
    const method = req.method ?? 'GET';
    const now = this.clock();
    const token = sessionToken(req.headers.cookie);
    const proxied = fromTrustedProxy(req, this.trustProxy);

    if (path === '/session' && method === 'POST') {
      // Sign-in has no CSRF token yet; a cross-site form or script is still refused by origin.
      if (!isSameOrigin(req, secure, proxied)) throw new ConsoleHttpError(403, 'csrf', 'not from the console page');
      return signInRoute(this.deps, this.sessions, await this.readBody(req), now, secure, token);
    }

    const active = token === null ? null : await this.sessions.resume(token, now);
    if (!active) throw unauthenticated();

    if (method !== 'GET' && method !== 'HEAD') this.checkCsrf(req, active, secure, proxied);

    if (path === '/session') {
      if (method === 'GET') return { status: 200, body: sessionInfo(active, this.deps) };
      if (method === 'DELETE') {
        await this.sessions.end(token!);
        this.deps.log.info({ event: 'console_sign_out', email: active.user.email }, 'console sign-out');
        return { status: 204, headers: { 'set-cookie': clearedSessionCookie(secure) } };
      }
    }

    for (const route of CONSOLE_ROUTES) {
      const match = route.method === method ? route.path.exec(path) : null;
      if (!match) continue;
      if (!route.roles.includes(active.user.role))
        throw new ConsoleHttpError(403, 'forbidden', 'your role may not do this');
      let body: Promise<unknown> | null = null;
      const ctx: ConsoleContext = {
        ...this.deps,
        req,
        url,
        now,
        user: active.user,
        session: active.session,
        params: match.slice(1).map((p) => decodeURIComponent(p)),
        body: () => (body ??= this.readBody(req)),
      };
      return route.run(ctx);
    }
    throw new ConsoleHttpError(404, 'not_found', `no console route ${method} ${path}`);
  }

  private checkCsrf(req: IncomingMessage, active: ActiveSession, secure: boolean, proxied: boolean): void {
    const header = req.headers['x-csrf-token'];
    const sent = typeof header === 'string' ? header : '';
    if (!sameSecret(sent, active.session.csrf) || !isSameOrigin(req, secure, proxied))
      throw new ConsoleHttpError(403, 'csrf', 'a change needs the X-CSRF-Token of this session, from the console page');
  }

  private async readBody(req: IncomingMessage): Promise<unknown> {
    return readJsonBody(req, MAX_BODY);
  }

  private asConsoleError(e: unknown, req: IncomingMessage, url: URL): ConsoleHttpError {
    if (e instanceof ConsoleHttpError) return e;
    if (e instanceof HttpError) return new ConsoleHttpError(e.status, 'invalid', e.message);
    if (e instanceof ApiError) return new ConsoleHttpError(400, 'invalid', e.message, e.detail ?? undefined);
    if (e instanceof VenueConfigError) return new ConsoleHttpError(400, 'invalid', e.message, 'config');
    this.deps.log.error(
      {
        event: 'internal_error',
        method: req.method,
        path: url.pathname,
        detail: e instanceof Error ? (e.stack ?? e.message) : String(e),
      },
      'internal error',
    );
    return new ConsoleHttpError(500, 'internal', 'internal error');
  }
}
