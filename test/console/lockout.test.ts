/**
 * Sign-in lockout and no account enumeration (issue 13): after 5 failed sign-ins for an email
 * within 15 minutes, every attempt for it fails for 15 minutes, the right password included; a
 * wrong password, an unknown email and a locked account get the same answer, after comparable
 * work. The log has sign-ins without passwords.
 */
import { Writable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_CONSOLE_USER } from '../../server/admin/demo-console-user';
import { SyncServer } from '../../server/app';
import { isLockedOut } from '../../server/console/sign-in';
import { streamLog } from '../../src/node/log/log';
import { startConsoleServer, type RunningConsoleServer } from '../support/console-server';
import { call } from './console-client';

const { email, password } = DEMO_CONSOLE_USER;
const T0 = 1_800_000_000;
let s: RunningConsoleServer | null = null;
afterEach(async () => {
  await s?.close();
  s = null;
});

const attempt = (base: string, who: string, pw: string) =>
  call(base, 'POST', '/session', { body: { email: who, password: pw } });

describe('the lockout rule', () => {
  it('locks from the fifth failure within 15 minutes, for 15 minutes after it', () => {
    const four = [T0, T0 + 60, T0 + 120, T0 + 180];
    expect(isLockedOut(four, T0 + 200)).toBe(false);
    const five = [...four, T0 + 240];
    expect(isLockedOut(five, T0 + 241)).toBe(true);
    expect(isLockedOut(five, T0 + 240 + 899)).toBe(true);
    expect(isLockedOut(five, T0 + 240 + 900)).toBe(false);
    // Five failures spread over more than 15 minutes lock nothing.
    expect(isLockedOut([T0, T0 + 300, T0 + 600, T0 + 800, T0 + 901], T0 + 902)).toBe(false);
  });
});

describe('signing in', () => {
  it('after 5 failures the right password fails too, answered as a wrong one, until 15 minutes pass', async () => {
    let now = T0;
    s = await startConsoleServer({ now: () => now });
    const wrong = await attempt(s.url, email, 'not the password');
    expect(wrong.status).toBe(401);
    expect(wrong.json).toEqual({ error: 'sign_in_failed', message: expect.any(String) as string });
    for (let i = 0; i < 4; i++) {
      now += 60;
      expect((await attempt(s.url, email.toUpperCase(), 'still not it')).status).toBe(401);
    }
    now += 60;
    const locked = await attempt(s.url, email, password);
    expect({ status: locked.status, text: locked.text }).toEqual({ status: wrong.status, text: wrong.text });
    expect(locked.headers.get('set-cookie')).toBeNull();
    // Attempts while locked do not extend it: 15 minutes after the fifth failure it opens.
    now = T0 + 4 * 60 + 899;
    expect((await attempt(s.url, email, password)).status).toBe(401);
    now = T0 + 4 * 60 + 900;
    expect((await attempt(s.url, email, password)).status).toBe(200);
  });

  it('a success clears the failures before it', async () => {
    let now = T0;
    s = await startConsoleServer({ now: () => now });
    for (let i = 0; i < 4; i++) expect((await attempt(s.url, email, `wrong ${i}`)).status).toBe(401);
    expect((await attempt(s.url, email, password)).status).toBe(200);
    now += 10;
    for (let i = 0; i < 4; i++) expect((await attempt(s.url, email, `wrong ${i}`)).status).toBe(401);
    expect((await attempt(s.url, email, password)).status).toBe(200);
  });

  it('an unknown email is answered exactly as a wrong password, and locks the same way', async () => {
    let now = T0;
    s = await startConsoleServer({ now: () => now });
    const wrong = await attempt(s.url, email, 'not the password');
    const unknown = await attempt(s.url, 'nobody@council.example', 'not the password');
    expect({ status: unknown.status, text: unknown.text }).toEqual({ status: wrong.status, text: wrong.text });
    for (let i = 0; i < 5; i++) {
      now += 1;
      await attempt(s.url, 'ghost@council.example', 'guess');
    }
    // Were the lockout only for accounts, a sixth answer that differed would tell.
    const sixth = await attempt(s.url, 'ghost@council.example', 'guess');
    expect({ status: sixth.status, text: sixth.text }).toEqual({ status: wrong.status, text: wrong.text });
  });

  it('a burst of parallel guesses is counted as it comes: the right password in it still fails', async () => {
    s = await startConsoleServer({ now: () => T0 });
    const guesses = await Promise.all(Array.from({ length: 8 }, (_, i) => attempt(s!.url, email, `guess ${i}`)));
    expect(guesses.every((g) => g.status === 401)).toBe(true);
    expect((await attempt(s.url, email, password)).status).toBe(401);
  });

  it('takes comparable time for a wrong password, an unknown email and a locked account', async () => {
    let now = T0;
    s = await startConsoleServer({ now: () => now });
    for (let i = 0; i < 5; i++) await attempt(s.url, 'locked@council.example', 'x');
    const median = async (who: string): Promise<number> => {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        now += 1;
        const started = performance.now();
        await attempt(s!.url, who, `wrong ${i}`);
        times.push(performance.now() - started);
      }
      return times.sort((a, b) => a - b)[2]!;
    };
    // Separate emails, so the known one is not locked while it is timed.
    await s.addUser('timed@council.example', 'auditor', 'a long enough password');
    const known = await median('timed@council.example');
    const unknown = await median('nobody@council.example');
    const locked = await median('locked@council.example');
    // Each runs one scrypt: none is a fast path (a lookup alone takes well under a tenth of it).
    expect(unknown).toBeGreaterThan(known * 0.4);
    expect(locked).toBeGreaterThan(known * 0.4);
  });

  it('logs sign-ins with the email and outcome, never the password', async () => {
    let logged = '';
    const sink = new Writable({
      write(chunk: Buffer, _e, done) {
        logged += chunk.toString();
        done();
      },
    });
    s = await startConsoleServer();
    const server = new SyncServer({ storage: s.storage, deployment: s.deployment, log: streamLog(sink) });
    const url = await server.listen(0);
    try {
      await attempt(url, email, 'a secret guess');
      await attempt(url, email, password);
    } finally {
      await server.close();
    }
    const lines = logged
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l['event'] === 'console_sign_in');
    expect(lines.map((l) => [l['email'], l['outcome']])).toEqual([
      [email, 'failed'],
      [email, 'ok'],
    ]);
    expect(logged).not.toContain('a secret guess');
    expect(logged).not.toContain(password);
  });
});
