import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import type { TestDeployment } from './deployment';

export const ROOT = resolve(import.meta.dirname, '../..');

/**
 * Node's arguments for the command line: the built bundle, as `civicpass` runs it (no tsx).
 * The global setup (test/support/build-cli.ts) builds it once per run when it is stale.
 */
export const CLI_ARGV = [join(ROOT, 'out/cli/civicpass.js')];

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
  lines: Record<string, unknown>[];
}

/** Runs the real (built) command line as a child process, as `npm run -s civicpass --` does. */
export function runCli(args: string[], stdin = '', env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [...CLI_ARGV, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => {
      const lines = stdout
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      resolvePromise({ status, stdout, stderr, lines });
    });
    child.stdin.end(stdin);
  });
}

/**
 * A usage error as issue 10 (item 9) wants it: exit status 2, one JSON line on stdout holding
 * just the error code and a one-line message, one line on stderr, and no stack trace anywhere.
 */
export function expectUsageError(run: CliRun, message: RegExp, code = 'usage'): void {
  const context = `${run.stdout}\n${run.stderr}`;
  expect(run.status, context).toBe(2);
  expect(run.stdout.trimEnd().split('\n'), context).toHaveLength(1);
  const line = run.lines[0]!;
  expect(Object.keys(line).sort(), context).toEqual(['error', 'message']);
  expect(line['error'], context).toBe(code);
  expect(String(line['message']), context).toMatch(message);
  expect(String(line['message']), context).not.toContain('\n');
  expect(run.stderr.trimEnd().split('\n'), context).toHaveLength(1);
  expect(run.stderr, context).toMatch(/^civicpass: /);
  expect(run.stderr, context).toContain(String(line['message']));
  expect(run.stderr, context).not.toMatch(/internal error|^\s+at /m);
}

/** Writes a deployment's anchor, trust list and status list as the CLI reads them. */
export function writeDeploymentFiles(
  d: TestDeployment,
  dir: string,
): { anchor: string; trust: string; statusDir: string } {
  const statusDir = join(dir, 'status');
  mkdirSync(statusDir, { recursive: true });
  writeFileSync(join(dir, 'anchor.json'), JSON.stringify(d.anchorJwk));
  writeFileSync(join(dir, 'trust.jwt'), d.trustList);
  writeFileSync(join(statusDir, 'westminster-1.jwt'), d.statusList);
  return { anchor: join(dir, 'anchor.json'), trust: join(dir, 'trust.jwt'), statusDir };
}
