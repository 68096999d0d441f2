/**
 * A throwaway certificate authority and a server certificate signed by it, made with `openssl`
 * (node:crypto cannot make certificates) in a temporary folder of the run, for TLS tests.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificates {
  readonly dir: string;
  /** PEM texts. */
  readonly caCert: string;
  readonly serverKey: string;
  readonly serverCert: string;
  /** Where the CA certificate is written, for command-line `--ca`. */
  readonly caFile: string;
}

/** A CA, and a server certificate for 127.0.0.1 and the given DNS names. */
export function makeTestCertificates(names: readonly string[] = ['sip2.test']): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'sip2-tls-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run(
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=CivicPass test CA',
  );
  run(
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
    '-subj',
    '/CN=sip2 test server',
  );
  writeFileSync(join(dir, 'san.ext'), `subjectAltName=IP:127.0.0.1${names.map((n) => `,DNS:${n}`).join('')}\n`);
  run(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.pem',
    '-days',
    '2',
    '-extfile',
    'san.ext',
  );
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  return {
    dir,
    caCert: read('ca.pem'),
    serverKey: read('server.key'),
    serverCert: read('server.pem'),
    caFile: join(dir, 'ca.pem'),
  };
}
