/**
 * The SIP2 test server on its own, for trying a link by hand:
 *
 *   node --import tsx server/sip2-test/main.ts --port 6001 [--crlf] [--charset ibm850]
 *        [--no-error-detection] [--no-patron-information]
 *
 * then `civicpass lms check --sip2 127.0.0.1:6001 --user civicpass --password-env PW
 * --institution CIVICPASS-DEMO 29876000000017` with PW=demo-sip2-password (docs/libraries.md).
 */
import { parseArgs } from 'node:util';
import { isSip2Charset } from '../../src/core/sip2/charsets';
import { DEMO_LIBRARY } from './demo-library';
import { startSip2TestServer } from './server';

export async function main(argv: string[]): Promise<{ close(): Promise<void> }> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '6001' },
      host: { type: 'string', default: '127.0.0.1' },
      crlf: { type: 'boolean', default: false },
      charset: { type: 'string', default: 'utf-8' },
      'no-error-detection': { type: 'boolean', default: false },
      'no-patron-information': { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port ${values.port} is not a port`);
  if (!isSip2Charset(values.charset)) throw new Error(`--charset must be utf-8, iso-8859-1 or ibm850`);
  const server = await startSip2TestServer({
    port,
    host: values.host,
    dialect: {
      lineEnding: values.crlf ? 'CRLF' : 'CR',
      charset: values.charset,
      errorDetection: !values['no-error-detection'],
      patronInformation: !values['no-patron-information'],
    },
  });
  process.stdout.write(
    `SIP2 test server on ${server.host}:${server.port}: login ${DEMO_LIBRARY.user} / ${DEMO_LIBRARY.password}, ` +
      `institution ${DEMO_LIBRARY.institution}\n`,
  );
  return server;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (server) => {
      const stop = () => void server.close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (e: unknown) => {
      process.stderr.write(`sip2-test: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(2);
    },
  );
}
