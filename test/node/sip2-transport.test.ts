/**
 * The SIP2 client's transport over real TCP (and TLS) on 127.0.0.1: a dropped connection and
 * re-login, answers too slow, the circuit breaker on an injected clock, resends both ways, the
 * queue, login refused, close(). No timed assertions: counts of what reached the server, and
 * the breaker's clock moved by hand.
 */
import { createServer, type Server } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LIBRARY } from '../../server/sip2-test/demo-library';
import type { Dialect } from '../../server/sip2-test/dialect';
import { startSip2TestServer, type Sip2TestServer } from '../../server/sip2-test/server';
import { LibraryError } from '../../src/core/library-system';
import type { Sip2Options } from '../../src/node/sip2/options';
import { Sip2LibrarySystem } from '../../src/node/sip2/sip2-library-system';
import { makeTestCertificates, type TestCertificates } from '../support/tls-certs';

const AMIRA = '29876000000017';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function server(dialect: Partial<Dialect> = {}, tls?: { key: string; cert: string }): Promise<Sip2TestServer> {
  const s = await startSip2TestServer({ dialect, ...(tls ? { tls } : {}) });
  cleanups.push(() => s.close());
  return s;
}

function client(s: { port: number }, options: Partial<Sip2Options> = {}): Sip2LibrarySystem {
  const lms = new Sip2LibrarySystem({
    host: '127.0.0.1',
    port: s.port,
    institution: DEMO_LIBRARY.institution,
    user: DEMO_LIBRARY.user,
    password: DEMO_LIBRARY.password,
    charset: 'utf-8',
    lineEnding: 'CR',
    errorDetection: true,
    ...options,
  });
  cleanups.push(() => lms.close());
  return lms;
}

async function problem(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof LibraryError) return `${e.problem}: ${e.message}`;
    throw e;
  }
  return 'answered';
}

describe('the connection', () => {
  it('is kept open: one login for many calls', async () => {
    const s = await server();
    const lms = client(s);
    expect(lms.link).toEqual({ state: 'unknown' });
    for (let i = 0; i < 5; i++) await lms.patron(AMIRA);
    expect(s.requests).toEqual(['93', '99', '63', '63', '63', '63', '63']);
    expect(s.connections).toBe(1);
    expect(lms.link.state).toBe('up');
  });

  it('dropped in the middle of an answer: the question is asked again after a new login', async () => {
    const s = await server();
    const lms = client(s);
    await lms.patron(AMIRA);
    s.dialect.dropNextAnswer = true;
    expect(await lms.patron(AMIRA)).toMatchObject({ name: 'Amira' });
    expect(s.requests).toEqual(['93', '99', '63', '63', '93', '99', '63']);
    expect(lms.link.state).toBe('up');
  });

  it('dropped while idle (an LMS restart): the next call logs in again', async () => {
    const s = await server();
    const lms = client(s);
    await lms.patron(AMIRA);
    s.disconnectAll();
    await new Promise((r) => setTimeout(r, 50)); // let the close reach the client
    expect(await lms.patron(AMIRA)).toMatchObject({ name: 'Amira' });
    expect(s.requests).toEqual(['93', '99', '63', '93', '99', '63']);
  });

  it('dropped in the middle of a checkout: not repeated (its effect is unknown), and not "down"', async () => {
    const s = await server();
    const lms = client(s);
    await lms.patron(AMIRA);
    s.dialect.dropNextAnswer = true;
    expect(await problem(lms.checkout(AMIRA, '31234000000029'))).toMatch(
      /^lms_unreachable: connection closed in the middle of an answer/,
    );
    expect(s.requests.filter((r) => r === '11')).toHaveLength(1);
    expect(lms.link.state).toBe('up');
    // The LMS did check it out; the next look says so.
    expect(await lms.checkout(AMIRA, '31234000000029')).toMatchObject({ ok: false, refusal: 'already_on_card' });
  });
});

describe('resends', () => {
  it('an answer with a bad checksum: asked again with 97, and the second one is used', async () => {
    const s = await server();
    const lms = client(s);
    await lms.patron(AMIRA);
    s.dialect.badChecksumOnce = true;
    expect(await lms.patron(AMIRA)).toMatchObject({ name: 'Amira' });
    expect(s.requests).toEqual(['93', '99', '63', '63', '97']);
  });

  it('answers that always fail their checksum: two 97s, then lms_protocol', async () => {
    const received: string[] = [];
    const raw: Server = createServer((socket) => {
      cleanups.push(async () => void socket.destroy());
      socket.on('data', (d: Buffer) => {
        for (const line of d.toString('latin1').split('\r').filter(Boolean)) {
          received.push(line.slice(0, 2));
          socket.write('941AY0AZ0000\r');
        }
      });
    });
    await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => raw.close(() => r())));
    const address = raw.address();
    const lms = client({ port: typeof address === 'object' && address ? address.port : 0 });
    expect(await problem(lms.patron(AMIRA))).toMatch(/^lms_protocol: checksum 0000 does not match/);
    expect(received).toEqual(['93', '97', '97']);
  });

  it('96 from the server (it wants our checksums): the request is sent again, twice, then lms_protocol', async () => {
    const s = await server({ errorDetection: true });
    const lms = client(s, { errorDetection: false });
    expect(await problem(lms.patron(AMIRA))).toMatch(/^lms_protocol: the LMS asked 3 times for 93 again \(96\)/);
    expect(s.requests).toEqual(['??', '??', '??']);
    expect(lms.link).toMatchObject({ state: 'down', problem: 'lms_protocol' });
  });
});

describe('failures and the circuit breaker', () => {
  it('login refused is lms_login_refused, and is not tried again during the cool-down', async () => {
    let now = 1_000_000;
    const s = await server({ refuseLogin: true });
    const lms = client(s, { now: () => now });
    expect(await problem(lms.patron(AMIRA))).toMatch(/^lms_login_refused/);
    expect(await problem(lms.patron(AMIRA))).toMatch(/^lms_login_refused: .*next try in 30 s/);
    expect(s.requests).toEqual(['93']);
    expect(lms.link).toEqual({ state: 'down', since: 1_000_000, problem: 'lms_login_refused' });
    s.dialect.refuseLogin = false;
    now += 30_000;
    expect(await lms.patron(AMIRA)).toMatchObject({ name: 'Amira' });
    expect(lms.link).toEqual({ state: 'up', since: 1_030_000 });
  });

  it('an LMS that stops answering costs one timeout for 20 calls, then one trial after the cool-down', async () => {
    let now = 5_000_000;
    const s = await server();
    const lms = client(s, { now: () => now, timeoutMs: 200, breakerCooldownMs: 30_000 });
    await lms.patron(AMIRA);
    const before = s.requests.length;
    s.dialect.answerDelayMs = 60_000;
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => problem(lms.patron(AMIRA))));
    expect(outcomes[0]).toBe('lms_unreachable: no answer within 200 ms');
    expect(outcomes.slice(1).every((o) => /^lms_unreachable: .*next try in 30 s/.test(o))).toBe(true);
    expect(s.requests.slice(before)).toEqual(['63']);
    expect(lms.link).toEqual({ state: 'down', since: 5_000_000, problem: 'lms_unreachable' });

    now += 29_999;
    expect(await problem(lms.patron(AMIRA))).toMatch(/next try in 1 s/);
    expect(s.requests.slice(before)).toEqual(['63']);

    // The cool-down over: one trial, which fails again (still slow) and opens it again.
    now += 1;
    expect(await problem(lms.patron(AMIRA))).toMatch(/^lms_unreachable: no answer within 200 ms/);
    expect(await problem(lms.patron(AMIRA))).toMatch(/next try in 30 s/);
    expect(s.requests.slice(before).filter((r) => r === '93')).toHaveLength(1);

    // The LMS recovers: the next trial logs in again and the link is up.
    s.dialect.answerDelayMs = 0;
    now += 30_000;
    expect(await lms.patron(AMIRA)).toMatchObject({ name: 'Amira' });
    expect(lms.link).toEqual({ state: 'up', since: now });
  });

  it('nothing listening: lms_unreachable at once, and no new attempt during the cool-down', async () => {
    const now = 0;
    const s = await server();
    const port = s.port;
    await s.close();
    const lms = client({ port }, { now: () => now });
    expect(await problem(lms.patron(AMIRA))).toMatch(
      /^lms_unreachable: cannot connect to 127\.0\.0\.1:\d+: ECONNREFUSED/,
    );
    const fast = await Promise.all(Array.from({ length: 19 }, () => problem(lms.capabilities())));
    expect(fast.every((o) => /next try in 30 s/.test(o))).toBe(true);
    expect(lms.link).toMatchObject({ state: 'down', problem: 'lms_unreachable' });
  });

  it('close() ends pending calls at once', async () => {
    const s = await server();
    const lms = client(s, { timeoutMs: 20_000 });
    await lms.patron(AMIRA);
    s.dialect.answerDelayMs = 60_000;
    const pending = [lms.patron(AMIRA), lms.patron(AMIRA), lms.loans(AMIRA)].map(problem);
    await new Promise((r) => setTimeout(r, 50));
    await lms.close();
    const outcomes = await Promise.all(pending);
    expect(outcomes[0]).toMatch(/^lms_unreachable: connection closed by the terminal/);
    expect(outcomes.slice(1).every((o) => /link was closed/.test(o))).toBe(true);
    expect(await problem(lms.patron(AMIRA))).toMatch(/link was closed/);
  });
});

describe('the queue', () => {
  it('10 concurrent calls come back matched to their requests', async () => {
    const s = await server({ answerDelayMs: 5 });
    const lms = client(s);
    const patrons = DEMO_LIBRARY.patrons.map((p) => p.id);
    const asked = Array.from({ length: 10 }, (_, i) => patrons[i % patrons.length]!);
    const accounts = await Promise.all(asked.map((p) => lms.patron(p)));
    expect(accounts.map((a) => a.name)).toEqual(asked.map((id) => DEMO_LIBRARY.patrons.find((p) => p.id === id)!.name));
  });
});

describe('TLS', () => {
  let certs: TestCertificates;
  beforeAll(() => {
    certs = makeTestCertificates(['sip2.test']);
  });

  it('with the CA: connects, verifying the certificate for 127.0.0.1 or the server name given', async () => {
    const s = await server({}, { key: certs.serverKey, cert: certs.serverCert });
    expect(await client(s, { tls: { ca: certs.caCert } }).patron(AMIRA)).toMatchObject({ name: 'Amira' });
    expect(await client(s, { tls: { ca: certs.caCert, serverName: 'sip2.test' } }).patron(AMIRA)).toMatchObject({
      name: 'Amira',
    });
  });

  it('a certificate not trusted, or for another name, is refused', async () => {
    const s = await server({}, { key: certs.serverKey, cert: certs.serverCert });
    expect(await problem(client(s, { tls: {} }).patron(AMIRA))).toMatch(
      /^lms_unreachable: cannot connect .*certificate/i,
    );
    expect(await problem(client(s, { tls: { ca: certs.caCert, serverName: 'other.test' } }).patron(AMIRA))).toMatch(
      /^lms_unreachable: cannot connect .*(altname|other\.test)/i,
    );
  });
});
