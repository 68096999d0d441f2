/**
 * Packages a staged app (app-stage.ts) with electron-builder's Linux `dir` target, as
 * `npm run package` would but against the stand-in Electron folder (electron-dist.ts) and
 * without rebuilding native modules: that rebuild needs Electron's headers from the network,
 * and against Node's headers it would build better-sqlite3 for the wrong ABI without a word.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../cli';
import { makeElectronDist } from './electron-dist';

/** Returns the unpacked app (what the deb installs under /opt/<productName>), in a directory of its own. */
export async function buildLinuxDir(appDir: string): Promise<string> {
  const output = mkdtempSync(join(tmpdir(), 'civicpass-package-'));
  const cli = join(ROOT, 'node_modules/electron-builder/cli.js');
  const electronDist = makeElectronDist();
  const args = [
    '--linux',
    'dir',
    `-c.electronDist=${electronDist}`,
    '-c.npmRebuild=false',
    `-c.directories.output=${output}`,
  ];
  try {
    await promisify(execFile)(process.execPath, [cli, ...args], { cwd: appDir, maxBuffer: 16 * 1024 * 1024 });
  } finally {
    rmSync(electronDist, { recursive: true, force: true });
  }
  return join(output, 'linux-unpacked');
}
