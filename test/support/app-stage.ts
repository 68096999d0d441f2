/**
 * A staged copy of the app for the Electron tests: the bundles built fresh from the sources
 * (`electron-vite build`, as `npm run build` does) into a temporary directory, beside links to
 * the project's node_modules, packaging configuration and resources. out/ is left alone, so the
 * browser tests that serve it are not disturbed.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './cli';

const LINKED = ['node_modules', 'build', 'resources', 'electron-builder.yml', 'package-lock.json'];

export async function stageApp(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'civicpass-app-'));
  for (const name of LINKED) symlinkSync(join(ROOT, name), join(dir, name));
  copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  const cli = join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js');
  await promisify(execFile)(process.execPath, [cli, 'build', '--outDir', join(dir, 'out'), '--logLevel', 'error'], {
    cwd: ROOT,
  });
  return dir;
}
