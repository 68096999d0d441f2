/**
 * The `--database` URL (or `CIVICPASS_DATABASE_URL`): checked before anything connects, and
 * never repeated with its password, since error lines end up in logs and terminal scrollback.
 */

/** A database URL that is not one, or a database that cannot be reached: the operator's to fix. */
export class DatabaseUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseUrlError';
  }
}

/** The URL with its password replaced, safe to print. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(the --database URL)';
  }
}

/** Refuses anything but a `postgres://` or `postgresql://` URL; answers the URL unchanged. */
export function checkDatabaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not echoed: a mistyped URL may still hold the password.
    throw new DatabaseUrlError('--database is not a URL: give postgres://USER:PASSWORD@HOST:PORT/DATABASE');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:')
    throw new DatabaseUrlError(
      `--database ${redactedUrl(url)} is not a PostgreSQL URL: give postgres://USER:PASSWORD@HOST:PORT/DATABASE`,
    );
  return url;
}

/** The URL given on the command line, else the environment's, else none (SQLite). */
export function databaseUrlFrom(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string | null {
  const url = option ?? env['CIVICPASS_DATABASE_URL'];
  return url === undefined || url === '' ? null : checkDatabaseUrl(url);
}
