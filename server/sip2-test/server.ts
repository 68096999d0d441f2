/**
 * An in-repo SIP2 server for tests and the demo: TCP (or TLS) on 127.0.0.1, the demo library in
 * memory, and dialect switches that make it behave like one LMS or another (line endings,
 * checksums, character sets, no Patron Information) or badly (slow, dropping, a bad checksum).
 */
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { decodeMessage, encodeMessage, type Sip2Message } from '../../src/core/sip2/message';
import { Sip2Framer } from '../../src/core/sip2/framer';
import { Answers, type Session } from './answers';
import { DEFAULT_DIALECT, type Dialect } from './dialect';
import { DEMO_LIBRARY, type DemoLibrarySpec } from './demo-library';
import { InMemoryLibrary } from './library';

export interface Sip2TestServerOptions {
  /** 0 (default): any free port. */
  readonly port?: number;
  readonly host?: string;
  /** PEM texts: serve TLS rather than plain TCP. */
  readonly tls?: { readonly key: string; readonly cert: string };
  readonly dialect?: Partial<Dialect>;
  readonly library?: DemoLibrarySpec;
  /** The library's clock (due dates, overdue), epoch ms. */
  readonly now?: () => number;
}

export interface Sip2TestServer {
  readonly port: number;
  readonly host: string;
  /** Change a switch at any time; it applies from the next message. */
  readonly dialect: Dialect;
  /** The id of every message received, in order (for tests). */
  readonly requests: readonly string[];
  /** Connections accepted so far. */
  readonly connections: number;
  readonly library: InMemoryLibrary;
  /** Closes every open connection, as an LMS restart or an idle timeout does; keeps listening. */
  disconnectAll(): void;
  close(): Promise<void>;
}

const REQUESTS_BEFORE_LOGIN = new Set(['93', '99', '97']);

export async function startSip2TestServer(options: Sip2TestServerOptions = {}): Promise<Sip2TestServer> {
  const now = options.now ?? Date.now;
  const dialect: Dialect = { ...DEFAULT_DIALECT, ...options.dialect };
  const library = new InMemoryLibrary(options.library ?? DEMO_LIBRARY, now);
  const answers = new Answers(library, dialect, now);
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let connections = 0;

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      if (ms <= 0) return resolve();
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const serve = (socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const framer = new Sip2Framer();
    const session: Session = { loggedIn: false };
    let lastAnswer: Uint8Array | null = null;
    let chain = Promise.resolve();

    const write = (bytes: Uint8Array) => {
      if (socket.destroyed) return;
      if (dialect.dropNextAnswer) {
        dialect.dropNextAnswer = false;
        socket.end(bytes.subarray(0, Math.max(1, Math.floor(bytes.length / 2))));
        socket.destroy();
        return;
      }
      socket.write(bytes);
    };

    const encode = (message: Sip2Message, sequence: number | null): Uint8Array => {
      const bytes = encodeMessage(message, {
        charset: dialect.charset,
        lineEnding: dialect.lineEnding,
        checksum: dialect.errorDetection,
        sequence: message.id === '96' ? null : sequence,
        unmappable: 'substitute',
        checksumOver: dialect.checksumOverCharacters ? 'characters' : 'bytes',
      });
      if (!bytes.ok) throw new Error(`test server cannot encode its answer: ${bytes.problem.message}`);
      return bytes.value;
    };

    const spoil = (bytes: Uint8Array): Uint8Array => {
      // The last checksum digit, before the line ending, changed to another hex digit.
      const copy = Uint8Array.from(bytes);
      const at = copy.length - (dialect.lineEnding === 'CRLF' ? 3 : 2);
      copy[at] = copy[at] === 0x30 ? 0x31 : 0x30;
      return copy;
    };

    const handle = async (line: Uint8Array) => {
      const decoded = decodeMessage(line, { charset: dialect.charset, requireChecksum: dialect.errorDetection });
      requests.push(decoded.ok ? decoded.value.message.id : '??');
      await wait(dialect.answerDelayMs);
      if (!decoded.ok) {
        write(encode({ id: '96', fixed: '', fields: [] }, null));
        return;
      }
      const request = decoded.value.message;
      if (request.id === '97') {
        if (lastAnswer) write(lastAnswer);
        return;
      }
      if (!session.loggedIn && !REQUESTS_BEFORE_LOGIN.has(request.id)) {
        // As Koha does: no session without a login.
        socket.destroy();
        return;
      }
      const bytes = encode(answers.answer(request, session), decoded.value.sequence);
      lastAnswer = bytes;
      if (dialect.errorDetection && dialect.badChecksumOnce) {
        dialect.badChecksumOnce = false;
        write(spoil(bytes));
        return;
      }
      write(bytes);
    };

    socket.on('data', (chunk: Buffer) => {
      const { lines, overflow } = framer.push(chunk);
      if (overflow) return socket.destroy();
      for (const line of lines) chain = chain.then(() => handle(line));
    });
  };

  const server: Server = options.tls
    ? createTlsServer({ key: options.tls.key, cert: options.tls.cert }, serve)
    : createTcpServer(serve);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;

  return {
    port,
    host,
    dialect,
    requests,
    get connections() {
      return connections;
    },
    library,
    disconnectAll: () => {
      for (const s of sockets) s.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
