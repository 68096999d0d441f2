/**
 * Global setup for both test runners: every temporary folder a test makes (a terminal's data
 * directory, a demo deployment, a server database, a browser profile) goes under one folder for
 * the run, removed when the run ends, so no run leaves its data behind in /tmp. Workers and
 * child processes start after this and inherit TMPDIR, which os.tmpdir() and mkdtemp follow.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'civicpass-run-'));
  const before = process.env['TMPDIR'];
  process.env['TMPDIR'] = root;
  return () => {
    if (before === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = before;
    rmSync(root, { recursive: true, force: true });
  };
}
