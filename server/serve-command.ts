import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { diagnose, UsageError, writeJsonLine, type CommandIo } from '../src/node/command-io';
import { SyncServer } from './app';
import { createDemoDeployment } from './admin/demo-setup';
import { DEMO_CONSOLE_USER, ensureDemoConsoleUser } from './admin/demo-console-user';
import { asUsageError, databaseOption, listenUsageError } from './cli-errors';
import { DEFAULT_TRUST_MAX_AGE } from './lists/public-lists';
import { openServerData } from './open-server';
import { streamLog, type Log } from '../src/node/log/log';
import { startDemoLibrary } from './sip2-test/demo-link';
import type { Sip2TestServer } from './sip2-test/server';

/**
 * `civicpass serve [--data-dir DIR] [--host 127.0.0.1] [--port 8787] [--log-file FILE] [--demo-lms PORT]
 * [--trust-proxy ADDR[,ADDR...]] [--trust-max-age SECONDS]`: the reference sync server, with the council console at /console/.
 * `--trust-max-age` is how long a CDN or reverse proxy may cache the public trust list (default 300).
 * `--trust-proxy` names the reverse proxies (by address) whose `X-Forwarded-Proto: https` is
 * believed, so the console's cookie is marked Secure behind a proxy that ends TLS. A data directory without a deployment gets the demo deployment.
 * `--demo-lms` also runs the demo library system (the SIP2 test server) on 127.0.0.1:PORT and
 * links the demo library venue to it. An unusable data directory, log file, host or port (in
 * use) is a one-line usage error, exit status 2.
 */
export async function runServe(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string', default: '.data/server' },
      database: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '8787' },
      'log-file': { type: 'string' },
      'demo-lms': { type: 'string' },
      'trust-proxy': { type: 'string' },
      'trust-max-age': { type: 'string' },
    },
  });
  const trustProxy = (values['trust-proxy'] ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  const notAddress = trustProxy.find((a) => isIP(a) === 0);
  if (notAddress !== undefined)
    throw new UsageError(
      `--trust-proxy ${notAddress} is not an IP address (give the proxy's address, comma-separated)`,
    );
  const trustMaxAge = parseTrustMaxAge(values['trust-max-age']);
  const lmsPort = values['demo-lms'] === undefined ? null : Number(values['demo-lms']);
  if (lmsPort !== null && !(Number.isInteger(lmsPort) && lmsPort >= 0 && lmsPort <= 65535))
    throw new UsageError(`--demo-lms ${values['demo-lms']} is not a port (0-65535)`);
  const port = /^\d{1,5}$/.test(values.port) ? Number(values.port) : NaN;
  if (!(port >= 0 && port <= 65535)) throw new UsageError(`--port ${values.port} is not a port (0-65535)`);
  const database = databaseOption(values.database);
  // Structured lines on stderr (and, with --log-file, in a rotated file): no bodies, no card data.
  // Opened first, so that a log file that cannot be written is refused before anything is made.
  const log = openLog(io, values['log-file']);
  const opened = await openServerData(values['data-dir'], { database }).catch((e: unknown) => {
    throw asUsageError(e);
  });
  let server: SyncServer | null = null;
  let library: Sip2TestServer | null = null;
  try {
    let deployment = opened.deployment;
    if (!deployment) {
      const demo = await createDemoDeployment(opened.dir, opened.storage, Date.now() / 1000);
      deployment = demo.deployment;
      diagnose(io, `created the demo deployment in ${opened.dir}`);
      diagnose(io, `demo cards: ${demo.sheet}`);
      for (const [venue, code] of Object.entries(demo.codes))
        diagnose(io, `enrolment code for ${venue}: ${code} (valid 24 h, single use)`);
      diagnose(io, `console account: ${DEMO_CONSOLE_USER.email} / ${DEMO_CONSOLE_USER.password} (demo only)`);
    }
    // Before the sync server answers: a terminal enrolling at once gets the venue's link with it.
    if (lmsPort !== null) {
      // `--demo-lms` is the demo's (npm start): its console account is there, whatever the folder's age.
      await ensureDemoConsoleUser(opened.storage, Date.now() / 1000);
      library = await startDemoLibrary(opened.storage, lmsPort).catch((e: unknown) => {
        throw listenUsageError(e, '127.0.0.1', lmsPort);
      });
      diagnose(io, `demo library system (SIP2) on 127.0.0.1:${library.port}`);
    }
    const sync = new SyncServer({ storage: opened.storage, deployment, log, console: { trustProxy }, trustMaxAge });
    server = sync;
    const url = await sync.listen(port, values.host).catch((e: unknown) => {
      throw listenUsageError(e, values.host, port);
    });
    writeJsonLine(io.stdout, {
      listening: url,
      dataDir: opened.dir,
      storage: opened.kind,
      ...(library ? { demoLms: `127.0.0.1:${library.port}` } : {}),
    });
    diagnose(io, `sync server listening on ${url}, council console at ${url}/console/ (Ctrl-C to stop)`);
  } catch (e) {
    await library?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
    await opened.storage.close();
    throw asUsageError(e);
  }
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await library?.close();
  await server?.close();
  await opened.storage.close();
  return 0;
}

function openLog(io: CommandIo, file: string | undefined): Log {
  try {
    return streamLog(io.stderr, file);
  } catch (e) {
    throw new UsageError(`cannot write the log file ${resolve(file ?? '')}: ${(e as Error).message}`, 'log_file');
  }
}

/** `--trust-max-age SECONDS`: whole seconds, at most 30 days (the trust list's own lifetime). */
function parseTrustMaxAge(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_TRUST_MAX_AGE;
  const seconds = /^\d{1,7}$/.test(raw) ? Number(raw) : NaN;
  if (!(seconds >= 0 && seconds <= 30 * 86400))
    throw new UsageError(`--trust-max-age ${raw} is not a number of seconds (0-2592000)`);
  return seconds;
}
