import { resolve, sep } from 'node:path';
import { DatabaseOpenError } from '../node/store/database';
import { makeDirectory } from '../node/make-directory';
import { TerminalService, type TerminalServiceOptions } from '../service/terminal-service';
import { UsageError } from '../node/command-io';

/** The file system's refusal of a path (a file in the way, no permission, read-only, full). */
function isFileSystemError(e: unknown): e is NodeJS.ErrnoException {
  const x = e as NodeJS.ErrnoException | null;
  return x instanceof Error && typeof x.code === 'string' && typeof x.syscall === 'string';
}

/**
 * A directory the user named that cannot be made or used, as a one-line usage error
 * (`data_dir`, exit status 2) that gives the path and the file system's reason.
 */
export function unusableDir(dir: string, what: string, e: unknown): unknown {
  if (!isFileSystemError(e)) return e;
  return new UsageError(`cannot use ${dir} as ${what}: ${e.message}`, 'data_dir');
}

/** Makes the directory a command was given (with its missing parents), or says why it cannot. */
export function makeDataDir(dataDir: string, what: string): string {
  const dir = resolve(dataDir);
  try {
    makeDirectory(dir);
  } catch (e) {
    throw unusableDir(dir, what, e);
  }
  return dir;
}

/**
 * Opens the terminal's data directory, turning database problems and a directory that cannot
 * be made or used (a file, read-only, not allowed) into clear usage errors.
 */
export async function openTerminal(
  dataDir: string | undefined,
  options: Omit<TerminalServiceOptions, 'dataDir'> = { autoSync: false },
): Promise<TerminalService> {
  if (!dataDir) throw new UsageError('--data-dir is required');
  const what = "the terminal's data directory";
  const dir = makeDataDir(dataDir, what);
  try {
    return await TerminalService.open({ ...options, dataDir: dir });
  } catch (e) {
    if (e instanceof DatabaseOpenError) throw new UsageError(e.message, `database_${e.code}`);
    // Only a refusal about the directory itself or what is in it is the user's to fix.
    const path = (e as NodeJS.ErrnoException).path;
    if (typeof path === 'string' && (resolve(path) + sep).startsWith(dir + sep)) throw unusableDir(dir, what, e);
    throw e;
  }
}
