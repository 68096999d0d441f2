/**
 * The SIP2 client: one connection, logged in (93) and told what the server supports (99/98),
 * kept open and set up again after a drop; exchanges one at a time through a queue, with
 * sequence numbers and checksums, resends both ways (97 when an answer fails its checksum, our
 * last request again when the server sends 96), a timeout per answer, and a circuit breaker.
 * It speaks messages; Sip2LibrarySystem gives them meaning.
 */
import { LibraryError, type LibraryLinkState } from '../../core/library-system';
import { decodeMessage, encodeMessage, type Sip2Message } from '../../core/sip2/message';
import { loginRequest, parseLoginAnswer } from '../../core/sip2/login';
import { parseAcsStatus, scStatusRequest, type SupportedMessages } from '../../core/sip2/status';
import { ACS_RESEND } from '../../core/sip2/resend';
import type { Sip2Problem } from '../../core/sip2/problem';
import { CircuitBreaker } from './breaker';
import { Sip2Connection } from './connection';
import { LinkFailure } from './link-failure';
import { SIP2_DEFAULTS, type Sip2Options } from './options';
import { SerialQueue } from './serial-queue';

/** How many times an answer is asked for again (97) or a request sent again (96). */
const MAX_RESENDS = 2;

/** An ACS that sends no `BX` (SIP 1.00) is taken to support the 2.00 messages the terminal uses. */
const ASSUMED_WITHOUT_BX: SupportedMessages = {
  patronStatus: true,
  checkout: true,
  checkin: true,
  blockPatron: false,
  status: true,
  requestResend: true,
  login: true,
  patronInformation: true,
  endPatronSession: false,
  feePaid: false,
  itemInformation: true,
  itemStatusUpdate: false,
  patronEnable: false,
  hold: false,
  renew: true,
  renewAll: false,
};

export interface ExchangeOptions {
  /**
   * Safe to send again on a new connection when the old one dropped before the answer: a
   * question (63, 23, 17), not a transaction (11, 29), whose effect the terminal cannot know.
   */
  readonly repeatable: boolean;
}

interface Session {
  readonly connection: Sip2Connection;
  readonly supported: SupportedMessages;
}

function protocolError(p: Sip2Problem): LibraryError {
  return new LibraryError('lms_protocol', p.message);
}

export class Sip2Client {
  private readonly queue = new SerialQueue();
  private readonly breaker: CircuitBreaker;
  private readonly now: () => number;
  private readonly timeoutMs: number;
  private session: Session | null = null;
  private knownSupported: SupportedMessages | null = null;
  private sequence = 0;
  private state: LibraryLinkState = { state: 'unknown' };
  private closed = false;

  constructor(private readonly options: Sip2Options) {
    this.now = options.now ?? Date.now;
    this.timeoutMs = options.timeoutMs ?? SIP2_DEFAULTS.timeoutMs;
    this.breaker = new CircuitBreaker(options.breakerCooldownMs ?? SIP2_DEFAULTS.breakerCooldownMs, this.now);
  }

  get link(): LibraryLinkState {
    return this.state;
  }

  /** What the server supports: from the last session, or a session set up now. */
  async supported(): Promise<SupportedMessages> {
    if (this.knownSupported) return this.knownSupported;
    return this.queue.run(async () => this.guarded(async () => (await this.ensureSession()).supported));
  }

  /** Sends one request and returns the answer with the id expected, or rejects with LibraryError. */
  exchange(request: Sip2Message, answerId: string, options: ExchangeOptions): Promise<Sip2Message> {
    return this.queue.run(() =>
      this.guarded(async () => {
        const reused = this.session !== null && !this.session.connection.closed;
        const session = await this.ensureSession();
        try {
          return await this.roundTrip(session.connection, request, answerId);
        } catch (e) {
          const dropped = e instanceof LinkFailure && e.reason === 'closed' && !this.closed;
          if (!(dropped && reused && options.repeatable)) throw e;
          // The kept connection had dropped (an LMS restart, an idle timeout): a question is
          // asked again once on a new connection, logged in afresh.
          this.options.log?.info({ sip2: request.id }, 'sip2 connection dropped; asking again on a new one');
          this.dropSession();
          return await this.roundTrip((await this.ensureSession()).connection, request, answerId);
        }
      }),
    );
  }

  /** Ends the connection and every pending call at once. */
  async close(): Promise<void> {
    this.closed = true;
    this.queue.close(new LibraryError('lms_unreachable', 'the library link was closed'));
    this.dropSession();
  }

  /**
   * Runs one call under the breaker: fails at once while it is open; a failure that means the
   * link is unusable opens it; any answer closes it.
   */
  private async guarded<T>(call: () => Promise<T>): Promise<T> {
    if (this.closed) throw new LibraryError('lms_unreachable', 'the library link was closed');
    const refusal = this.breaker.refusal();
    if (refusal)
      throw new LibraryError(
        refusal.problem,
        `the library link is down (${refusal.problem}); next try in ${Math.ceil(refusal.retryInMs / 1000)} s`,
      );
    const started = this.now();
    try {
      const result = await call();
      this.breaker.close();
      if (this.state.state !== 'up') this.state = { state: 'up', since: this.now() };
      return result;
    } catch (e) {
      const failure = this.classify(e);
      if (failure.opensBreaker) {
        this.breaker.open(failure.error.problem);
        if (this.state.state !== 'down' || this.state.problem !== failure.error.problem)
          this.state = { state: 'down', since: this.now(), problem: failure.error.problem };
      }
      this.options.log?.warn(
        { problem: failure.error.problem, breaker: failure.opensBreaker, ms: this.now() - started },
        'sip2 call failed',
      );
      if (failure.dropConnection) this.dropSession();
      throw failure.error;
    }
  }

  private classify(e: unknown): { error: LibraryError; opensBreaker: boolean; dropConnection: boolean } {
    if (e instanceof SessionFailure) return { error: e.error, opensBreaker: true, dropConnection: true };
    if (e instanceof LinkFailure) {
      // No answer in time: the LMS is hung or down. A drop mid-transaction is not proof of that
      // (the next call reconnects, and opens the breaker if it cannot).
      const down = e.reason !== 'closed';
      return { error: new LibraryError('lms_unreachable', e.message), opensBreaker: down, dropConnection: true };
    }
    if (e instanceof LibraryError)
      return { error: e, opensBreaker: false, dropConnection: e.problem !== 'lms_login_refused' };
    throw e;
  }

  private dropSession(): void {
    this.session?.connection.close();
    this.session = null;
  }

  /** The live session, or a new one: connect, log in, learn what the server supports. */
  private async ensureSession(): Promise<Session> {
    if (this.closed) throw new LibraryError('lms_unreachable', 'the library link was closed');
    if (this.session && !this.session.connection.closed) return this.session;
    this.session = null;
    const started = this.now();
    let connection: Sip2Connection | null = null;
    try {
      connection = await Sip2Connection.open(this.options, this.timeoutMs);
      const login = parseLoginAnswer(
        await this.roundTrip(
          connection,
          loginRequest({
            user: this.options.user,
            password: this.options.password,
            ...(this.options.location ? { location: this.options.location } : {}),
          }),
          '94',
        ),
      );
      if (!login.ok) throw protocolError(login.problem);
      if (!login.value.ok) throw new LibraryError('lms_login_refused', 'the LMS refused the SIP2 login (94 ok=0)');
      const status = parseAcsStatus(await this.roundTrip(connection, scStatusRequest(), '98'));
      if (!status.ok) throw protocolError(status.problem);
      const supported = status.value.supported ?? ASSUMED_WITHOUT_BX;
      this.session = { connection, supported };
      this.knownSupported = supported;
      this.options.log?.info(
        { sip2: 'session', ms: this.now() - started, online: status.value.online },
        'sip2 logged in',
      );
      return this.session;
    } catch (e) {
      connection?.close();
      throw new SessionFailure(this.describe(e));
    }
  }

  private describe(e: unknown): LibraryError {
    if (e instanceof LibraryError) return e;
    if (e instanceof LinkFailure) return new LibraryError('lms_unreachable', e.message);
    throw e;
  }

  private encode(message: Sip2Message, sequence: number | null): Uint8Array {
    const bytes = encodeMessage(message, {
      charset: this.options.charset,
      lineEnding: this.options.lineEnding,
      checksum: this.options.errorDetection,
      sequence,
    });
    if (!bytes.ok) throw protocolError(bytes.problem);
    return bytes.value;
  }

  /** One request and its answer on a connection: resends, sequence check, expected id. */
  private async roundTrip(connection: Sip2Connection, request: Sip2Message, answerId: string): Promise<Sip2Message> {
    const sequence = this.options.errorDetection ? this.nextSequence() : null;
    const bytes = this.encode(request, sequence);
    const stale = connection.discardUnasked();
    if (stale > 0) this.options.log?.warn({ sip2: request.id, stale }, 'sip2 answers nobody asked for were dropped');
    connection.send(bytes);
    let asked = 0;
    let resent = 0;
    for (;;) {
      const line = await connection.nextLine(this.timeoutMs);
      const decoded = decodeMessage(line, {
        charset: this.options.charset,
        requireChecksum: this.options.errorDetection,
      });
      if (!decoded.ok) {
        if (decoded.problem.kind === 'checksum' && asked < MAX_RESENDS) {
          asked++;
          this.options.log?.warn(
            { sip2: request.id, resend: asked },
            'sip2 answer failed its checksum; asking again (97)',
          );
          connection.send(this.encode(ACS_RESEND, null));
          continue;
        }
        throw protocolError(decoded.problem);
      }
      const { message } = decoded.value;
      if (message.id === '96') {
        if (resent >= MAX_RESENDS)
          throw new LibraryError('lms_protocol', `the LMS asked ${resent + 1} times for ${request.id} again (96)`);
        resent++;
        connection.send(bytes);
        continue;
      }
      if (sequence !== null && decoded.value.sequence !== null && decoded.value.sequence !== sequence)
        throw new LibraryError(
          'lms_protocol',
          `answer ${message.id} carries sequence ${decoded.value.sequence}, the request ${sequence}`,
        );
      if (message.id !== answerId)
        throw new LibraryError(
          'lms_protocol',
          `expected message ${answerId} in answer to ${request.id}, got ${message.id}`,
        );
      return message;
    }
  }

  private nextSequence(): number {
    const s = this.sequence;
    this.sequence = (this.sequence + 1) % 10;
    return s;
  }
}

/** Setting up the session failed: whatever the cause, the link is unusable until tried again. */
class SessionFailure extends Error {
  constructor(readonly error: LibraryError) {
    super(error.message);
  }
}
