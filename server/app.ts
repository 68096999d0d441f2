/**
 * The reference sync server (sync API outline, docs/contract/sync-api-outline.md; details in
 * docs/sync-api.md): enrolment, device-authenticated pull of trust material and configuration,
 * signed time statements, and batched event upload. Every answer carries the server time in
 * `Date` (unsigned, so terminals only use it for a warning; GET /v1/time is the signed one).
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { NO_LOG, type Log } from '../src/node/log/log';
import { importPublicKey } from '../src/core/keys';
import { ApiError } from '../src/contract/validate';
import { DeviceAuthenticator, type AuthenticatedDevice } from './auth/device-auth';
import type { Deployment } from './deployment';
import { HttpError, readJsonBody, send, type Reply } from './http/json-io';
import { ingestBatch } from './ingest';
import { etagOf, listAnswer, matchesIfNoneMatch } from './lists/list-answer';
import { publicListRoute, publicStatusPath, PUBLIC_TRUST_PATH } from './lists/public-lists';
import { ConsoleHandler, type ConsoleOptions } from './console/console-handler';
import { parseHealth } from './console/health-report';
import type { SyncStorage } from './storage/sync-storage';
import { signTimeStatement } from './time/time-key';

const MAX_BODY = 1024 * 1024;
const PAGE = 1000;

export interface ServerOptions {
  readonly storage: SyncStorage;
  readonly deployment: Deployment;
  readonly now?: () => number;
  /** Where requests and faults are logged (default: nowhere). No bodies, no card data. */
  readonly log?: Log;
  /** The council console under /console/ (issue 13): where its page is, which proxies to trust. */
  readonly console?: ConsoleOptions;
  /** Serve HTTPS with this key and certificate (PEM) instead of plain HTTP. */
  readonly tls?: { readonly key: string; readonly cert: string };
  /**
   * Seconds a shared cache may keep the public trust list (`--trust-max-age`; default one hour),
   * never beyond the list's `exp`.
   */
  readonly trustMaxAge?: number;
}

export { etagOf };

/** A JSON document (the configuration), 304 when the client already has this representation. */
function cachedJson(req: IncomingMessage, text: string): Reply {
  const etag = etagOf(text);
  if (matchesIfNoneMatch(req.headers['if-none-match'], etag)) return { status: 304, headers: { etag } };
  return { status: 200, body: JSON.parse(text) as unknown, headers: { etag } };
}

function cursorParam(url: URL): number {
  const raw = url.searchParams.get('since') ?? '0';
  if (!/^\d{1,15}$/.test(raw)) throw new HttpError(400, 'bad_cursor', 'since must be a cursor from an earlier answer');
  return Number(raw);
}

/** The console's URL when the request is for the console (any method), else null. */
function consoleTarget(req: IncomingMessage): URL | null {
  const raw = req.url ?? '/';
  if (!raw.startsWith('/console')) return null;
  try {
    const url = new URL(raw, 'http://localhost');
    return ConsoleHandler.owns(url.pathname) ? url : null;
  } catch {
    return null;
  }
}

export function hashEnrolmentCode(code: string): string {
  return createHash('sha256').update(code.replace(/[\s-]/g, '').toUpperCase()).digest('base64url');
}

/**
 * The deployment's audience, made the first time it is needed. Two server processes starting
 * together on a new data directory agree on one: the one whose compare-and-set lands first.
 */
export async function audienceOf(storage: SyncStorage): Promise<string> {
  const stored = await storage.getValue('audience');
  if (stored) return stored;
  const made = `urn:civicpass:sync:${randomUUID()}`;
  if (await storage.compareAndSetValue('audience', null, made)) return made;
  const winner = await storage.getValue('audience');
  if (!winner) throw new Error('the stored audience vanished');
  return winner;
}

/** What the server needs from storage before it answers anything. */
interface Identity {
  readonly audience: string;
  readonly auth: DeviceAuthenticator;
}

export class SyncServer {
  private readonly server: Server;
  private readonly now: () => number;
  private readonly log: Log;
  private readonly console: ConsoleHandler;
  /** Read from storage by `listen`, so it is there before the first request arrives. */
  private identity: Identity | null = null;

  constructor(private readonly options: ServerOptions) {
    this.now = options.now ?? (() => Date.now() / 1000);
    const log = options.log ?? NO_LOG;
    this.log = log;
    this.console = new ConsoleHandler(
      { storage: options.storage, deployment: options.deployment, log },
      this.now,
      options.console,
    );
    const listener = (req: IncomingMessage, res: ServerResponse): void => {
      const started = performance.now();
      const path = (req.url ?? '/').split('?')[0];
      const target = consoleTarget(req);
      if (target) {
        this.console
          .serve(req, res, target)
          .then((status) =>
            log.info(
              {
                event: 'request',
                method: req.method,
                path,
                status,
                ms: Math.round((performance.now() - started) * 10) / 10,
              },
              'request',
            ),
          )
          .catch(() => res.destroy());
        return;
      }
      this.handle(req)
        .catch((e: unknown) => {
          if (e instanceof HttpError)
            return { status: e.status, body: { error: e.code, message: e.message }, headers: e.headers };
          if (e instanceof ApiError) return { status: 400, body: { error: e.code, message: e.message } };
          log.error(
            {
              event: 'internal_error',
              method: req.method,
              path,
              detail: e instanceof Error ? (e.stack ?? e.message) : String(e),
            },
            'internal error',
          );
          return { status: 500, body: { error: 'internal', message: 'internal error' } };
        })
        .then((reply) => {
          const error = (reply.body as { error?: unknown } | undefined)?.error;
          log.info(
            {
              event: 'request',
              method: req.method,
              path,
              status: reply.status,
              ...(typeof error === 'string' ? { error } : {}),
              ms: Math.round((performance.now() - started) * 10) / 10,
            },
            'request',
          );
          // `Date` from the server's own clock, the one behind `serverTime` and signed times,
          // so that the three never disagree (Node would write the system clock's).
          const date = new Date(this.now() * 1000).toUTCString();
          if (!res.headersSent) send(res, { ...reply, headers: { date, ...reply.headers } });
        })
        .catch(() => res.destroy());
    };
    this.server = options.tls
      ? createTlsServer({ key: options.tls.key, cert: options.tls.cert }, listener)
      : createServer(listener);
    this.server.requestTimeout = 30_000;
    this.server.headersTimeout = 10_000;
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    if (!this.identity) {
      const audience = await audienceOf(this.options.storage);
      this.identity = { audience, auth: new DeviceAuthenticator(this.options.storage, audience) };
    }
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        const { port: p } = this.server.address() as AddressInfo;
        resolve(`${this.options.tls ? 'https' : 'http'}://${host}:${p}`);
      });
    });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Requests only arrive once `listen` has read the identity. */
  private ready(): Identity {
    if (!this.identity) throw new Error('the server answered a request before listen()');
    return this.identity;
  }

  /** The device a request is from; its last sync (for the console) is every authenticated request. */
  private async device(req: IncomingMessage): Promise<AuthenticatedDevice> {
    const now = this.now();
    const device = await this.ready().auth.authenticate(req.headers.authorization, now);
    await this.options.storage.recordDeviceSync(device.id, now, null);
    return device;
  }

  private async handle(req: IncomingMessage): Promise<Reply> {
    let url: URL;
    try {
      // An absolute-form target (`GET http://[ HTTP/1.1`) reaches us unparsed.
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      throw new HttpError(400, 'bad_request', 'the request target is not a URL');
    }
    const route = `${req.method ?? 'GET'} ${url.pathname}`;
    const { storage, deployment } = this.options;
    const now = this.now();

    if (route === 'POST /v1/enroll') return this.enrol(req, now);
    // The pid lets a supervisor (the demo's `demo-server` command) tell its own server from
    // another program answering on the same port.
    if (route === 'GET /v1/health') return { status: 200, body: { ok: true, serverTime: now, pid: process.pid } };

    if (route === 'GET /v1/time') {
      const device = await this.device(req);
      return { status: 200, text: await signTimeStatement(deployment.timeKey, device.id, now) };
    }
    // The signed lists without device authentication, cacheable by a CDN or reverse proxy.
    const publicList = publicListRoute(route);
    if (publicList) return publicList(req, { deployment, now, trustMaxAge: this.options.trustMaxAge });
    // The authenticated paths terminals used before the public ones: same bytes, same ETag,
    // still never stored by a shared cache (they answer a device's request).
    if (route === 'GET /v1/trust') {
      await this.device(req);
      return listAnswer(req, await deployment.trustList(now), { maxAge: null });
    }
    const status = /^GET \/v1\/status\/([a-z0-9-]{1,32})$/.exec(route);
    if (status) {
      await this.device(req);
      if (status[1] !== '1') throw new HttpError(404, 'not_found', `no status list ${status[1]}`);
      return listAnswer(req, await deployment.statusList(now), { maxAge: null });
    }
    if (route === 'GET /v1/config') {
      const device = await this.device(req);
      const venue = await storage.getVenue(device.venueId);
      if (!venue) throw new HttpError(404, 'not_found', 'the venue of this device no longer exists');
      const config = {
        ...venue.config,
        // The public paths: terminals fetch them without a device token, so a cache can serve
        // them (terminals from before issue 14 fetch the same path, with a token it ignores).
        statusLists: [{ uri: deployment.statusUri, path: publicStatusPath('1') }],
        trustListPath: PUBLIC_TRUST_PATH,
        cardRefKey: venue.cardRefKey,
        registryKey: deployment.registryKey,
        // Terminals enrolled before the time key existed pin it from here at their next sync.
        timeKey: deployment.timeKeyPublicJwk(),
      };
      return cachedJson(req, JSON.stringify(config));
    }
    if (route === 'GET /v1/registry') {
      await this.device(req);
      const changes = await storage.registryChanges(cursorParam(url), PAGE);
      const cursor = changes.length ? changes[changes.length - 1]!.seq : cursorParam(url);
      return {
        status: 200,
        body: {
          upsert: changes.filter((c) => !c.removed).map(({ seq: _s, removed: _r, ...e }) => e),
          remove: changes.filter((c) => c.removed).map((c) => c.refHash),
          cursor: String(cursor),
          more: changes.length === PAGE,
        },
      };
    }
    if (route === 'GET /v1/redemptions') {
      const device = await this.device(req);
      const rows = await storage.redemptionsSince(device.venueId, cursorParam(url), PAGE);
      return {
        status: 200,
        body: {
          redemptions: rows
            .filter((r) => r.deviceId !== device.id)
            .map((r) => ({ id: r.id, cardRef: r.cardRef, offerId: r.offerId, at: r.at, undoneAt: r.undoneAt })),
          cursor: String(rows.length ? rows[rows.length - 1]!.seq : cursorParam(url)),
          more: rows.length === PAGE,
        },
      };
    }
    if (route === 'GET /v1/staff-calls') {
      const device = await this.device(req);
      const rows = await storage.staffCallsSince(device.venueId, cursorParam(url), PAGE);
      return {
        status: 200,
        body: {
          calls: rows.filter((r) => r.deviceId !== device.id).map((r) => ({ id: r.id, at: r.at, from: r.from })),
          cursor: String(rows.length ? rows[rows.length - 1]!.seq : cursorParam(url)),
          more: rows.length === PAGE,
        },
      };
    }
    if (route === 'POST /v1/events') {
      const device = await this.device(req);
      const body = await readJsonBody(req, MAX_BODY);
      const answer = await ingestBatch(body, device, storage, now);
      // After the events are stored: a health report never costs a sync its events.
      const { health, problem } = parseHealth(body);
      if (problem !== null)
        this.log.warn({ event: 'health_refused', device: device.id, problem }, 'health report ignored');
      if (health !== null) await storage.recordDeviceSync(device.id, now, health);
      return { status: 200, body: answer };
    }
    throw new HttpError(404, 'not_found', `no route ${route}`);
  }

  private async enrol(req: IncomingMessage, now: number): Promise<Reply> {
    const body = (await readJsonBody(req, 16 * 1024)) as Record<string, unknown>;
    if (typeof body !== 'object' || body === null)
      throw new HttpError(400, 'bad_request', 'send {code, publicJwk, label}');
    const { code, publicJwk, label } = body;
    if (typeof code !== 'string' || code.length < 6 || code.length > 64)
      throw new HttpError(400, 'bad_request', 'code must be a string');
    if (typeof label !== 'string' || label.length === 0 || label.length > 80)
      throw new HttpError(400, 'bad_request', 'label must be 1-80 characters');
    let key;
    try {
      key = await importPublicKey(publicJwk, { requireKid: false, requireUseSig: false });
    } catch (e) {
      throw new HttpError(400, 'bad_key', `publicJwk: ${(e as Error).message}`);
    }
    if (key.alg !== 'EdDSA') throw new HttpError(400, 'bad_key', 'the device key must be Ed25519');
    const storage = this.options.storage;
    const venueId = await storage.consumeEnrolmentCode(hashEnrolmentCode(code), now);
    if (!venueId) throw new HttpError(403, 'bad_code', 'this enrolment code is unknown, used or expired');
    const id = `dev_${randomUUID()}`;
    const { kty, crv, x } = publicJwk as Record<string, string>;
    await storage.addDevice({ id, venueId, publicJwk: { kty, crv, x }, label, enrolledAt: now, revokedAt: null });
    return {
      status: 201,
      body: {
        deviceId: id,
        venueId,
        audience: this.ready().audience,
        anchor: this.options.deployment.anchorPublicSet(),
        timeKey: this.options.deployment.timeKeyPublicJwk(),
      },
    };
  }
}
