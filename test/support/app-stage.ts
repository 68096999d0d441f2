/**
 * A staged copy of the app for the Electron tests: the bundles built fresh from the sources
 * (`electron-vite build`, as `npm run build` does) into a temporary directory, beside links to
 * the project's packaging configuration and resources, and a hard-linked copy of its node_modules.
 * out/ is left alone, so the browser tests that serve it are not disturbed.
 *
 * node_modules is hard-linked, not symlinked: electron-builder collects the production
 * dependencies with `npm list`, and npm reads a symlinked node_modules as a link outside the
 * project. Where npm trusts its hidden lockfile (node_modules/.package-lock.json, fresh after
 * `npm ci`, so on every CI run), every transitive dependency is then "extraneous" and the
 * package ships without them (seen on CI: pino without sonic-boom, better-sqlite3 without
 * bindings). Hard links cost no space and a fraction of a second.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './cli';

const LINKED = ['build', 'resources', 'electron-builder.yml', 'package-lock.json'];

export async function stageApp(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'civicpass-app-'));
  for (const name of LINKED) symlinkSync(join(ROOT, name), join(dir, name));
  await promisify(execFile)('cp', ['-al', join(ROOT, 'node_modules'), join(dir, 'node_modules')]);
  copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  const cli = join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js');
  await promisify(execFile)(process.execPath, [cli, 'build', '--outDir', join(dir, 'out'), '--logLevel', 'error'], {
    cwd: ROOT,
  });
  return dir;
}
