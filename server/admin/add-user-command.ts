import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError, writeJsonLine, type CommandIo } from '../../src/node/command-io';
import { CONSOLE_ROLES } from '../../src/contract/console-api';
import { asUsageError, databaseOption } from '../cli-errors';
import { openServerData } from '../open-server';
import { hasServerData, required } from './admin-options';
import { addConsoleAccount, ConsoleUserError } from './console-users';
import { readSecretLine } from './secret-line';

export const ADD_USER_USAGE = `add-user --email EMAIL --role ${CONSOLE_ROLES.join('|')} [--venue ID]  (password: first line of stdin)`;

/**
 * `civicpass admin add-user --data-dir DIR [--database URL] --email E --role R [--venue ID]`: a council console
 * account. The password is the first line of standard input (typed without echo at a terminal),
 * never an argument (which `ps` and shell history would show) and never written anywhere but as
 * its scrypt hash. Every mistake is a usage error, exit status 2, before anything is written.
 */
export async function runAddUser(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string', default: '.data/server' },
      database: { type: 'string' },
      email: { type: 'string' },
      role: { type: 'string' },
      venue: { type: 'string' },
    },
  });
  const email = required('email', values.email);
  const role = required('role', values.role);
  const database = databaseOption(values.database);
  if (!hasServerData(values['data-dir'], database))
    throw new UsageError(`no deployment in ${resolve(values['data-dir'])}: run \`civicpass admin init\` first`);
  const password = await readSecretLine(io.stdin, io.stderr);
  if (password === null || password === '')
    throw new UsageError('give the password as the first line of standard input');
  const { storage } = await openServerData(values['data-dir'], { database }).catch((e: unknown) => {
    throw asUsageError(e);
  });
  try {
    const account = await addConsoleAccount(
      storage,
      { email, role, venueId: values.venue ?? null, password },
      Date.now() / 1000,
      'cli',
    );
    writeJsonLine(io.stdout, { user: account.email, role: account.role, venue: account.venueId });
    return 0;
  } catch (e) {
    if (e instanceof ConsoleUserError) throw new UsageError(e.message, e.code);
    throw asUsageError(e);
  } finally {
    await storage.close();
  }
}
