/**
 * `civicpass lms check`: asks the LMS about one patron over SIP2, as the library desk would, and
 * prints the account as one JSON line. For setting up and troubleshooting a venue's link
 * (docs/libraries.md): exit 0 when the LMS answered, whatever it said about the patron; 1 when
 * it did not (unreachable, login refused, protocol); 2 for usage. Passwords come from
 * environment variables and are never printed.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { LibraryError } from '../core/library-system';
import { isSip2Charset } from '../core/sip2/charsets';
import { UsageError, writeJsonLine, type CommandIo } from '../node/command-io';
import { Sip2LibrarySystem } from '../node/sip2/sip2-library-system';

function hostPort(value: string): { host: string; port: number } {
  const m = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(value);
  const port = Number(m?.[2]);
  if (!m?.[1] || !Number.isInteger(port) || port < 1 || port > 65535)
    throw new UsageError(`--sip2 must be HOST:PORT, not '${value}'`);
  return { host: m[1].replace(/^\[|\]$/g, ''), port };
}

function fromEnv(option: string, variable: string | undefined): string | undefined {
  if (variable === undefined) return undefined;
  const value = process.env[variable];
  if (value === undefined) throw new UsageError(`${option} ${variable}: the variable is not set`);
  return value;
}

export async function runLms(argv: string[], io: CommandIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'check')
    throw new UsageError(sub === undefined ? 'lms needs a subcommand: check' : `unknown lms subcommand ${sub}`);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      sip2: { type: 'string' },
      tls: { type: 'boolean', default: false },
      ca: { type: 'string' },
      'server-name': { type: 'string' },
      user: { type: 'string' },
      'password-env': { type: 'string' },
      institution: { type: 'string' },
      location: { type: 'string' },
      charset: { type: 'string', default: 'utf-8' },
      crlf: { type: 'boolean', default: false },
      'no-error-detection': { type: 'boolean', default: false },
      'timeout-ms': { type: 'string', default: '3000' },
      'patron-password-env': { type: 'string' },
    },
  });
  if (!values.sip2) throw new UsageError('--sip2 HOST:PORT is required');
  const target = hostPort(values.sip2);
  if (!values.user) throw new UsageError('--user is required');
  if (!values['password-env'])
    throw new UsageError('--password-env VAR is required (the SIP2 password is read from it)');
  const password = fromEnv('--password-env', values['password-env']) ?? '';
  if (!values.institution) throw new UsageError('--institution is required');
  if (!isSip2Charset(values.charset)) throw new UsageError(`--charset must be utf-8, iso-8859-1 or ibm850`);
  const timeoutMs = Number(values['timeout-ms']);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1)
    throw new UsageError('--timeout-ms must be a positive whole number');
  if ((values.ca !== undefined || values['server-name'] !== undefined) && !values.tls)
    throw new UsageError('--ca and --server-name need --tls');
  const patronPassword = fromEnv('--patron-password-env', values['patron-password-env']);
  const [patron, ...extra] = positionals;
  if (!patron) throw new UsageError('the patron (library number) is required');
  if (extra.length > 0) throw new UsageError(`one patron at a time (got ${positionals.length})`);

  let ca: string | undefined;
  if (values.ca !== undefined) {
    try {
      ca = readFileSync(values.ca, 'utf8');
    } catch (e) {
      throw new UsageError(
        `cannot read the CA file ${values.ca}: ${e instanceof Error && 'code' in e ? String(e.code) : 'error'}`,
        'input_file',
      );
    }
  }

  const lms = new Sip2LibrarySystem({
    ...target,
    ...(values.tls
      ? {
          tls: {
            ...(ca !== undefined ? { ca } : {}),
            ...(values['server-name'] !== undefined ? { serverName: values['server-name'] } : {}),
          },
        }
      : {}),
    institution: values.institution,
    ...(values.location !== undefined ? { location: values.location } : {}),
    user: values.user,
    password,
    charset: values.charset,
    lineEnding: values.crlf ? 'CRLF' : 'CR',
    errorDetection: !values['no-error-detection'],
    timeoutMs,
  });
  try {
    const account = await lms.patron(patron, patronPassword);
    const capabilities = await lms.capabilities();
    writeJsonLine(io.stdout, { ...account, capabilities });
    return 0;
  } catch (e) {
    if (!(e instanceof LibraryError)) throw e;
    writeJsonLine(io.stdout, { error: e.problem, message: e.message });
    return 1;
  } finally {
    await lms.close();
  }
}
