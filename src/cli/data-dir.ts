import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DatabaseOpenError } from '../node/store/database';
import { TerminalService, type TerminalServiceOptions } from '../service/terminal-service';
import { UsageError } from '../node/command-io';

/** Opens the terminal's data directory, turning database problems into clear usage errors. */
export async function openTerminal(
  dataDir: string | undefined,
  options: Omit<TerminalServiceOptions, 'dataDir'> = { autoSync: false },
): Promise<TerminalService> {
  if (!dataDir) throw new UsageError('--data-dir is required');
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  try {
    return await TerminalService.open({ ...options, dataDir: dir });
  } catch (e) {
    if (e instanceof DatabaseOpenError) throw new UsageError(e.message, `database_${e.code}`);
    throw e;
  }
}
