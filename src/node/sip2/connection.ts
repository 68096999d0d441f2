/**
 * One TCP (or TLS) connection to a SIP2 server, as lines: send bytes, wait for the next line.
 * It knows nothing of messages; the client above it does the protocol.
 */
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { Sip2Framer } from '../../core/sip2/framer';
import { LinkFailure } from './link-failure';

export interface Sip2Target {
  readonly host: string;
  readonly port: number;
  /** TLS with the system's CAs, or the given CA (PEM text). The certificate is always verified. */
  readonly tls?: { readonly ca?: string; readonly serverName?: string };
}

type Waiter = {
  resolve: (line: Uint8Array) => void;
  reject: (e: LinkFailure) => void;
  timer: NodeJS.Timeout;
};

export class Sip2Connection {
  private readonly framer = new Sip2Framer();
  private readonly lines: Uint8Array[] = [];
  private waiter: Waiter | null = null;
  private ended: LinkFailure | null = null;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (e) => this.end(new LinkFailure('closed', `connection failed: ${e.message}`)));
    socket.on('close', () =>
      this.end(
        new LinkFailure(
          'closed',
          this.framer.partial > 0
            ? `connection closed in the middle of an answer (${this.framer.partial} bytes received)`
            : 'connection closed by the server',
        ),
      ),
    );
  }

  /** Connects (and completes the TLS handshake) within timeoutMs, or rejects with a LinkFailure. */
  static open(target: Sip2Target, timeoutMs: number): Promise<Sip2Connection> {
    return new Promise((resolve, reject) => {
      const tls = target.tls;
      const socket = tls
        ? tlsConnect({
            host: target.host,
            port: target.port,
            ...(tls.ca !== undefined ? { ca: tls.ca } : {}),
            // SNI, and the name the certificate must carry: the configured name, else the host
            // (Node checks the certificate against servername, or the host when there is none).
            ...(tls.serverName !== undefined
              ? { servername: tls.serverName }
              : isIP(target.host) === 0
                ? { servername: target.host }
                : {}),
            rejectUnauthorized: true,
          })
        : netConnect({ host: target.host, port: target.port });
      const ready = tls ? 'secureConnect' : 'connect';
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new LinkFailure('connect', `no connection to ${target.host}:${target.port} within ${timeoutMs} ms`));
      }, timeoutMs);
      // Under TLS, a failure after the TCP connection is up is the handshake's (certificate, name).
      let tcpUp = false;
      if (tls) socket.once('connect', () => (tcpUp = true));
      const failed = (e: Error & { code?: string }) => {
        clearTimeout(timer);
        socket.destroy();
        const tlsProblem = tls !== undefined && tcpUp;
        reject(
          new LinkFailure(
            tlsProblem ? 'tls' : 'connect',
            `cannot connect to ${target.host}:${target.port}: ${e.code ?? e.message}${tlsProblem ? ` (${e.message})` : ''}`,
          ),
        );
      };
      socket.once('error', failed);
      socket.once(ready, () => {
        clearTimeout(timer);
        socket.off('error', failed);
        socket.setNoDelay(true);
        socket.setKeepAlive(true, 30_000);
        resolve(new Sip2Connection(socket));
      });
    });
  }

  get closed(): boolean {
    return this.ended !== null;
  }

  /** Lines that arrived unasked (a late answer): dropped before a request, and counted. */
  discardUnasked(): number {
    const n = this.lines.length;
    this.lines.length = 0;
    return n;
  }

  send(bytes: Uint8Array): void {
    if (this.ended) throw this.ended;
    this.socket.write(bytes);
  }

  /** The next complete line, or a LinkFailure: timeout, closed, overflow. */
  nextLine(timeoutMs: number): Promise<Uint8Array> {
    const ready = this.lines.shift();
    if (ready) return Promise.resolve(ready);
    if (this.ended) return Promise.reject(this.ended);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        reject(new LinkFailure('timeout', `no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiter = { resolve, reject, timer };
    });
  }

  /** Ends the connection at once; a pending read rejects as closed. */
  close(): void {
    this.end(new LinkFailure('closed', 'connection closed by the terminal'));
    this.socket.destroy();
  }

  private receive(chunk: Uint8Array): void {
    const { lines, overflow } = this.framer.push(chunk);
    this.lines.push(...lines);
    if (overflow) {
      this.end(new LinkFailure('overflow', 'a line longer than any SIP2 message: is this a SIP2 server?'));
      this.socket.destroy();
      return;
    }
    const waiter = this.waiter;
    const line = waiter ? this.lines.shift() : undefined;
    if (waiter && line) {
      this.waiter = null;
      clearTimeout(waiter.timer);
      waiter.resolve(line);
    }
  }

  private end(failure: LinkFailure): void {
    if (this.ended) return;
    this.ended = failure;
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = null;
      clearTimeout(waiter.timer);
      waiter.reject(failure);
    }
  }
}
