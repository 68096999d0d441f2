/**
 * `civicpass`: the command line of the terminal (docs/cli.md). Every command prints JSON on
 * stdout and diagnostics on stderr; exit status 2 means a usage or input-file error, told in one
 * line on each (never a stack trace: that is left for faults, exit status 70).
 * Commands are loaded on demand, so `verify` does not pay for the barcode engines' start-up.
 */
import { diagnose, UsageError, writeJsonLine, type CommandIo } from '../node/command-io';

type Command = (argv: string[], io: CommandIo) => Promise<number>;

const COMMANDS: Record<string, { load: () => Promise<Command>; usage: string }> = {
  verify: {
    load: async () => (await import('./verify-command')).runVerify,
    usage:
      'verify --anchor ANCHOR.json --trust TRUST.jwt [--status-dir DIR] [--service SVC] [--now ISO-8601] [--batch] [TOKEN | -]',
  },
  decode: {
    load: async () => (await import('./decode-command')).runDecode,
    usage: 'decode [--engine zxing-wasm|zxing-js] [--raw] IMAGE.png|IMAGE.jpg [...]',
  },
  scan: {
    load: async () => (await import('./scan-command')).runScan,
    usage: 'scan --data-dir DIR [--source camera|hid|keyboard|nfc|manual]   (messages on stdin, one a line)',
  },
  trust: {
    load: async () => (await import('./trust-command')).runTrust,
    usage:
      'trust import --data-dir DIR --anchor ANCHOR.json --trust TRUST.jwt [--status-dir DIR] [--venue VENUE.json] [--registry REGISTRY.json]',
  },
  enrol: {
    load: async () => (await import('./sync-command')).runEnrol,
    usage: 'enrol --data-dir DIR --server URL --code CODE [--label NAME]   (`enroll` also works)',
  },
  sync: {
    load: async () => (await import('./sync-command')).runSync,
    usage: 'sync --data-dir DIR   (one cycle: push, then pull; prints its summary)',
  },
  serve: {
    load: async () => (await import('../../server/serve-command')).runServe,
    usage:
      'serve [--data-dir DIR] [--host 127.0.0.1] [--port 8787] [--log-file FILE] [--demo-lms PORT]   (reference sync server)',
  },
  admin: {
    load: async () => (await import('../../server/admin/admin-command')).runAdmin,
    usage:
      'admin <init|add-venue|add-offer|add-user|enrolment-code|issue-card|revoke-card|...> --data-dir DIR ...   (`admin help` lists them)',
  },
  'demo-server': {
    load: async () => (await import('./demo-server-command')).runDemoServer,
    usage: 'demo-server start|stop|status [--data-dir .data] [--port 8787]   (the demo sync server of npm start)',
  },
  gate: {
    load: async () => (await import('./gate-command')).runGate,
    usage: 'gate [--data-dir DIR] [--service SVC]   (demo files + a headless gate verifying stdin)',
  },
  lms: {
    load: async () => (await import('./lms-command')).runLms,
    usage:
      'lms check --sip2 HOST:PORT [--tls] [--ca FILE] [--server-name NAME] --user USER --password-env VAR --institution INST [--location LOC] [--charset utf-8|iso-8859-1|ibm850] [--crlf] [--no-error-detection] [--timeout-ms N] [--patron-password-env VAR] PATRON',
  },
};

/**
 * Other spellings people type. The project writes "enrol" (British English, as the council
 * does); the sync API's path stays `/v1/enroll` as the outline names it.
 */
const ALIASES: Readonly<Record<string, string>> = { enroll: 'enrol' };

function usage(): string {
  return ['usage: civicpass <command> ...', ...Object.values(COMMANDS).map((c) => '  civicpass ' + c.usage)].join('\n');
}

export async function main(argv: string[], io: CommandIo): Promise<number> {
  const [given, ...rest] = argv;
  const name = given === undefined ? undefined : (ALIASES[given] ?? given);
  const command = name === undefined ? undefined : COMMANDS[name];
  if (!command) {
    if (name === '--help' || name === 'help') {
      io.stdout.write(usage() + '\n');
      return 0;
    }
    const message = name === undefined ? 'no command given' : `unknown command ${name}`;
    writeJsonLine(io.stdout, { error: 'usage', message });
    diagnose(io, `${message}; \`civicpass help\` lists the commands`);
    return 2;
  }
  try {
    return await (
      await command.load()
    )(rest, io);
  } catch (e) {
    // parseArgs throws TypeErrors with an ERR_PARSE_ARGS_* code for unknown or malformed options.
    const code = (e as { code?: unknown }).code;
    const isParseError = typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
    if (e instanceof UsageError || isParseError) {
      // One line on each stream; a mistake in the options also gets the command's synopsis.
      const kind = e instanceof UsageError ? e.code : 'usage';
      const message = (e as Error).message.split('\n')[0]!;
      writeJsonLine(io.stdout, { error: kind, message });
      diagnose(io, kind === 'usage' ? `${message}; usage: civicpass ${command.usage}` : message);
      return 2;
    }
    throw e;
  }
}
