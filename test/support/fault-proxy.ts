import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Fault =
  | { kind: 'pass' }
  /** Answers with this status instead of forwarding (only for paths starting with `path`, if given). */
  | { kind: 'status'; status: number; retryAfter?: number; path?: string }
  /** Forwards, and moves the answer's `Date` header (a proxy or server with a wrong clock). */
  | { kind: 'date'; addSeconds: number }
  | { kind: 'slow'; delayMs: number }
  /** Forwards the request, then sends only part of the answer and cuts the connection. */
  | { kind: 'cut' }
  /** Replaces the answer body of matching paths (to serve old or tampered material). */
  | { kind: 'replace'; path: string; body: string };

/**
 * A real HTTP proxy on 127.0.0.1 in front of the sync server, that injects faults: errors,
 * Retry-After, slowness, connections cut mid-answer. Requests are counted per path.
 */
export class FaultProxy {
  fault: Fault = { kind: 'pass' };
  readonly hits: string[] = [];
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  url = '';

  constructor(private readonly target: string) {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  async listen(port = 0): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.hits.push(`${req.method} ${req.url}`);
    const fault = this.fault;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (fault.kind === 'status' && (fault.path === undefined || (req.url ?? '').startsWith(fault.path))) {
      res.writeHead(fault.status, {
        'content-type': 'application/json',
        ...(fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {}),
      });
      res.end(JSON.stringify({ error: 'injected', message: `injected ${fault.status}` }));
      return;
    }
    if (fault.kind === 'slow') await new Promise((r) => setTimeout(r, fault.delayMs));
    const replacing = fault.kind === 'replace' && (req.url ?? '').startsWith(fault.path);
    // A replaced answer must be a full one, not a 304 for the copy the client holds.
    const { 'if-none-match': _inm, ...withoutEtag } = req.headers;
    const target = new URL(req.url ?? '/', this.target);
    const upstream = request(target, { method: req.method, headers: replacing ? withoutEtag : req.headers }, (up) => {
      const body: Buffer[] = [];
      up.on('data', (d: Buffer) => body.push(d));
      up.on('end', () => {
        let payload = Buffer.concat(body);
        if (fault.kind === 'replace' && replacing && up.statusCode === 200) payload = Buffer.from(fault.body);
        const { 'transfer-encoding': _te, connection: _c, 'keep-alive': _k, ...passed } = up.headers;
        const headers = { ...passed, 'content-length': String(payload.length) };
        if (fault.kind === 'date' && typeof passed.date === 'string')
          headers.date = new Date(Date.parse(passed.date) + fault.addSeconds * 1000).toUTCString();
        if (replacing) delete headers.etag;
        if (res.destroyed) return;
        res.writeHead(up.statusCode ?? 502, headers);
        if (fault.kind === 'cut') {
          res.write(payload.subarray(0, Math.floor(payload.length / 2)));
          res.socket?.destroy();
          return;
        }
        res.end(payload);
      });
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    upstream.end(Buffer.concat(chunks));
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
