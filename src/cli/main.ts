/**
 * `civicpass`: the command line of the terminal (docs/cli.md). Every command prints JSON on
 * stdout and diagnostics on stderr; exit status 2 means a usage or input-file error.
 */
import { runDecode, DECODE_USAGE } from './decode-command';
import { diagnose, UsageError, writeJsonLine, type CommandIo } from './io';
import { runVerify, VERIFY_USAGE } from './verify-command';

type Command = (argv: string[], io: CommandIo) => Promise<number>;

const COMMANDS: Record<string, { run: Command; usage: string }> = {
  verify: { run: runVerify, usage: VERIFY_USAGE },
  decode: { run: runDecode, usage: DECODE_USAGE },
};

function usage(): string {
  return ['usage:', ...Object.values(COMMANDS).map((c) => '  ' + c.usage)].join('\n');
}

export async function main(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  const command = name === undefined ? undefined : COMMANDS[name];
  if (!command) {
    if (name === undefined || name === '--help' || name === 'help') {
      io.stdout.write(usage() + '\n');
      return name === undefined ? 2 : 0;
    }
    writeJsonLine(io.stdout, { error: 'usage', message: `unknown command ${name}` });
    diagnose(io, `unknown command ${name}\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    // parseArgs throws TypeErrors with a code for unknown or malformed options.
    const code = (e as { code?: string }).code;
    if (e instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) {
      const kind = e instanceof UsageError ? e.code : 'usage';
      writeJsonLine(io.stdout, { error: kind, message: (e as Error).message.split('\n')[0] });
      diagnose(io, (e as Error).message);
      return 2;
    }
    throw e;
  }
}
