/**
 * `civicpass lms check` as a user runs it (the real command line in a child process) against
 * the SIP2 test server: each exit status, and the password never in what it prints.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LIBRARY } from '../../server/sip2-test/demo-library';
import { startSip2TestServer, type Sip2TestServer } from '../../server/sip2-test/server';
import { runCli } from '../support/cli';
import { makeTestCertificates } from '../support/tls-certs';

let plain: Sip2TestServer;
let secure: Sip2TestServer;
let caFile: string;
beforeAll(async () => {
  const certs = makeTestCertificates(['sip2.test']);
  caFile = certs.caFile;
  plain = await startSip2TestServer({ dialect: { charset: 'iso-8859-1', lineEnding: 'CRLF' } });
  secure = await startSip2TestServer({ tls: { key: certs.serverKey, cert: certs.serverCert } });
});
afterAll(async () => {
  await plain.close();
  await secure.close();
});

const PASSWORD = DEMO_LIBRARY.password;
const env = { SIP2_PW: PASSWORD, PATRON_PIN: '2468', WRONG_PW: 'not-the-password-x' };

function check(server: Sip2TestServer, extra: string[], patron: string) {
  return runCli(
    [
      'lms',
      'check',
      '--sip2',
      `127.0.0.1:${server.port}`,
      '--user',
      DEMO_LIBRARY.user,
      '--institution',
      DEMO_LIBRARY.institution,
      ...extra,
      patron,
    ],
    '',
    env,
  );
}

function neverPrintsPasswords(run: { stdout: string; stderr: string }) {
  for (const secret of [PASSWORD, env.WRONG_PW, env.PATRON_PIN]) {
    expect(run.stdout).not.toContain(secret);
    expect(run.stderr).not.toContain(secret);
  }
}

describe('civicpass lms check', () => {
  it('exit 0 with the account: fines and the screen message (ISO-8859-1, CRLF)', async () => {
    const run = await check(
      plain,
      ['--password-env', 'SIP2_PW', '--charset', 'iso-8859-1', '--crlf', '--patron-password-env', 'PATRON_PIN'],
      '29876000000058',
    );
    expect(run.status).toBe(0);
    expect(run.lines).toEqual([
      {
        valid: true,
        passwordValid: true,
        name: 'Zoë ?ukasiewicz',
        canBorrow: true,
        blocks: [],
        fines: { amount: 4.5, currency: 'GBP' },
        overdueCount: 0,
        chargedCount: 0,
        screenMessage: 'You owe £4.50',
        capabilities: { patronInformation: true, checkout: true, renew: true, renewAll: true },
      },
    ]);
    neverPrintsPasswords(run);
  });

  it('exit 0 for a blocked patron too (the LMS answered), over TLS with --ca', async () => {
    const run = await check(
      secure,
      ['--password-env', 'SIP2_PW', '--tls', '--ca', caFile, '--server-name', 'sip2.test'],
      '29876000000074',
    );
    expect(run.status).toBe(0);
    expect(run.lines[0]).toMatchObject({
      valid: true,
      canBorrow: false,
      blocks: ['charge_denied', 'card_reported_lost'],
    });
  });

  it('exit 1: login refused, unreachable, protocol', async () => {
    const refused = await check(plain, ['--password-env', 'WRONG_PW', '--charset', 'iso-8859-1'], '29876000000017');
    expect(refused.status).toBe(1);
    expect(refused.lines).toEqual([{ error: 'lms_login_refused', message: expect.any(String) as string }]);
    neverPrintsPasswords(refused);

    const unreachable = await runCli(
      ['lms', 'check', '--sip2', '127.0.0.1:1', '--user', 'u', '--password-env', 'SIP2_PW', '--institution', 'I', '1'],
      '',
      env,
    );
    expect(unreachable.status).toBe(1);
    expect(unreachable.lines[0]).toMatchObject({ error: 'lms_unreachable' });

    // The server wants checksums; without them it asks for every request again (96).
    const protocol = await check(
      secure,
      ['--password-env', 'SIP2_PW', '--tls', '--ca', caFile, '--no-error-detection'],
      '1',
    );
    expect(protocol.status).toBe(1);
    expect(protocol.lines[0]).toMatchObject({ error: 'lms_protocol' });
    neverPrintsPasswords(protocol);
  });

  it('exit 2 for usage: a missing option, a variable not set, a bad address', async () => {
    const noUser = await runCli(
      ['lms', 'check', '--sip2', '127.0.0.1:6001', '--password-env', 'SIP2_PW', '--institution', 'I', '1'],
      '',
      env,
    );
    expect(noUser.status).toBe(2);
    expect(noUser.lines[0]).toEqual({ error: 'usage', message: '--user is required' });
    const unset = await check(plain, ['--password-env', 'NOT_SET_ANYWHERE'], '1');
    expect(unset.status).toBe(2);
    expect(unset.lines[0]).toEqual({
      error: 'usage',
      message: '--password-env NOT_SET_ANYWHERE: the variable is not set',
    });
    const address = await runCli(
      ['lms', 'check', '--sip2', 'nowhere', '--user', 'u', '--password-env', 'SIP2_PW', '--institution', 'I', '1'],
      '',
      env,
    );
    expect(address.status).toBe(2);
    expect(address.lines[0]).toMatchObject({ error: 'usage' });
  });
});
