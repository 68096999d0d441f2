import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isOperationName, type TerminalApi } from '../contract/terminal-api';
import { dispatch, type ErrorLog } from '../contract/dispatch';
import { readFileTyped, readStatic } from '../node/static-files';

export interface BrowserHostOptions {
  readonly api: TerminalApi;
  /** The built renderer (out/renderer). */
  readonly staticDir: string;
  /** Extra files served as they are, e.g. the printable sheet of demo cards. */
  readonly extraFiles?: Readonly<Record<string, string>>;
  readonly port?: number;
  /** Where internal errors are logged with their cause (the terminal's log). */
  readonly log?: ErrorLog;
}

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'x-frame-options': 'DENY',
};
const MAX_BODY = 64 * 1024;

/**
 * The browser host: the terminal service behind HTTP + Server-Sent Events on 127.0.0.1 only,
 * for Chromium kiosks, development and the end-to-end tests. A secret made at each start
 * (handed to the page in the URL fragment, never in a response) must accompany every call, and
 * the Host and Origin headers must be this server's, so no other page or site can use it.
 */
export class BrowserHost {
  readonly secret = randomBytes(24).toString('base64url');
  private readonly server: Server;
  private origin = '';
  private readonly streams = new Set<ServerResponse>();
  private readonly unsubscribe: () => void;

  constructor(private readonly options: BrowserHostOptions) {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((e: unknown) => {
        options.log?.error(
          {
            event: 'host_error',
            path: (req.url ?? '').split('?')[0],
            detail: e instanceof Error ? (e.stack ?? e.message) : String(e),
          },
          'browser host request failed',
        );
        if (!res.headersSent) res.writeHead(500, SECURITY_HEADERS);
        res.end();
      });
    });
    this.unsubscribe = options.api.subscribe((event) => {
      const frame = `data: ${JSON.stringify(event)}\n\n`;
      for (const res of this.streams) res.write(frame);
    });
  }

  async listen(): Promise<{ origin: string; url: string }> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, '127.0.0.1', resolve);
    });
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return { origin: this.origin, url: `${this.origin}/#secret=${this.secret}` };
  }

  async close(): Promise<void> {
    this.unsubscribe();
    for (const res of this.streams) res.end();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private secretMatches(value: string | null | undefined): boolean {
    if (typeof value !== 'string') return false;
    const a = Buffer.from(value);
    const b = Buffer.from(this.secret);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // DNS rebinding: only requests addressed to this very host and port.
    if (req.headers.host !== this.origin.slice('http://'.length)) {
      res.writeHead(421, SECURITY_HEADERS);
      res.end('misdirected request');
      return;
    }
    const url = new URL(req.url ?? '/', this.origin);
    if (url.pathname.startsWith('/api/')) return this.api(req, res, url);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...SECURITY_HEADERS, allow: 'GET, HEAD' });
      res.end();
      return;
    }
    const extra = this.options.extraFiles?.[url.pathname];
    const file = extra ? await readFileTyped(extra) : await readStatic(this.options.staticDir, url.pathname);
    if (!file) {
      res.writeHead(404, { ...SECURITY_HEADERS, 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': file.type, 'cache-control': 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  private async api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== this.origin) {
      res.writeHead(403, SECURITY_HEADERS);
      res.end();
      return;
    }
    if (url.pathname === '/api/events' && req.method === 'GET') {
      if (!this.secretMatches(url.searchParams.get('secret'))) {
        res.writeHead(401, SECURITY_HEADERS);
        res.end();
        return;
      }
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      this.streams.add(res);
      req.on('close', () => this.streams.delete(res));
      return;
    }
    const op = /^\/api\/call\/([A-Za-z]+)$/.exec(url.pathname)?.[1];
    if (req.method !== 'POST' || !op || !isOperationName(op)) {
      res.writeHead(404, SECURITY_HEADERS);
      res.end();
      return;
    }
    const header = req.headers['x-civicpass-secret'];
    if (!this.secretMatches(Array.isArray(header) ? header[0] : header)) {
      res.writeHead(401, SECURITY_HEADERS);
      res.end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY) {
        res.writeHead(413, SECURITY_HEADERS);
        res.end();
        return;
      }
      chunks.push(chunk as Buffer);
    }
    let arg: unknown;
    try {
      arg = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { arg?: unknown }).arg : undefined;
    } catch {
      return this.reply(res, {
        ok: false,
        error: { code: 'invalid_argument', message: 'the body is not JSON', detail: null },
      });
    }
    this.reply(res, await dispatch(this.options.api, op, arg, this.options.log));
  }

  private reply(res: ServerResponse, envelope: unknown): void {
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(envelope));
  }
}
