import { UsageError } from '../src/node/command-io';
import { VenueConfigError } from '../src/core/venue-config';
import { DeploymentError } from './deployment';
import { ServerDataError } from './open-server';
import { databaseUrlFrom, DatabaseUrlError } from './storage/postgres-url';

/**
 * The server's refusals of what an operator typed or pointed it at, as the command line's usage
 * errors (one line, exit status 2); anything else is left alone, so a real fault still shows
 * its stack trace (exit status 70).
 */
export function asUsageError(e: unknown): unknown {
  if (e instanceof ServerDataError) return new UsageError(e.message, e.code);
  if (e instanceof DatabaseUrlError) return new UsageError(e.message, 'database');
  if (e instanceof DeploymentError || e instanceof VenueConfigError) return new UsageError(e.message);
  return e;
}

/** Why `listen` failed, when it is the address the operator gave, not the server. */
const LISTEN_CODES: Record<string, string> = {
  EADDRINUSE: 'address_in_use',
  EADDRNOTAVAIL: 'bad_address',
  EACCES: 'bad_address',
  ENOTFOUND: 'bad_address',
  EAI_AGAIN: 'bad_address',
};

export function listenUsageError(e: unknown, host: string, port: number): unknown {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  const kind = code === undefined ? undefined : LISTEN_CODES[code];
  if (!kind) return e;
  const why = code === 'EADDRINUSE' ? 'the port is in use' : (e as Error).message;
  return new UsageError(`cannot listen on ${host}:${port}: ${why}`, kind);
}

/**
 * The database a command uses: `--database URL`, else `CIVICPASS_DATABASE_URL`, else null
 * (SQLite in the data directory). A URL that is not a PostgreSQL one is a usage error.
 */
export function databaseOption(option: string | undefined): string | null {
  try {
    return databaseUrlFrom(option);
  } catch (e) {
    throw asUsageError(e);
  }
}
