/**
 * Issue 10 item 9 for the terminal's commands (admin and serve: admin-serve-errors.test.ts): a
 * user's mistake is one line on stderr, one JSON line on stdout and exit status 2, never a stack
 * trace. A data directory that is a file, lies under one, or cannot be made at all is the user's
 * to fix, so each command that takes one says which path and what is wrong with it. Run as real
 * child processes of the built command line.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectUsageError, runCli, type CliRun } from '../support/cli';
import { demoDeployment } from '../support/terminal';

const root = mkdtempSync(join(tmpdir(), 'civicpass-usage-errors-'));
const aFile = join(root, 'a-file');
const logsAFile = join(root, 'logs-a-file');
const emptyStatus = join(root, 'status-with-a-folder');
/** Where mkdir says ENOENT although the parent exists (Linux): Node's recursive mkdir hangs there. */
const cannotMake = '/proc/civicpass-usage-errors';
let demo: string;

beforeAll(async () => {
  writeFileSync(aFile, 'not a directory');
  mkdirSync(logsAFile);
  writeFileSync(join(logsAFile, 'logs'), 'where the log folder should be');
  mkdirSync(join(emptyStatus, 'westminster-1.jwt'), { recursive: true });
  demo = (await demoDeployment()).dir;
});

/** Runs the cases a few at a time (each is a whole Node process), then checks each in turn. */
async function expectAll(cases: { args: string[]; stdin?: string; message: RegExp; code?: string }[]): Promise<void> {
  const runs = new Array<CliRun>(cases.length);
  let next = 0;
  await Promise.all(
    [0, 1, 2].map(async () => {
      while (next < cases.length) {
        const i = next++;
        runs[i] = await runCli(cases[i]!.args, cases[i]!.stdin ?? '');
      }
    }),
  );
  cases.forEach(({ args, message, code }, i) => {
    try {
      expectUsageError(runs[i]!, message, code);
    } catch (e) {
      throw new Error(`civicpass ${args.join(' ')}: ${(e as Error).message}`, { cause: e });
    }
  });
}

describe('a data directory that cannot be used', () => {
  it(
    'is one line naming the path and what is wrong, for every command that takes one',
    { timeout: 120_000 },
    async () => {
      const trust = ['--anchor', join(demo, 'anchor.json'), '--trust', join(demo, 'trust.jwt')];
      const isAFile = /: EEXIST: .*\/a-file is a file, not a directory$/;
      const underAFile = /: ENOTDIR: .*\/a-file is a file, not a directory$/;
      const terminalDir = (dir: string): RegExp => new RegExp(`^cannot use ${dir} as the terminal's data directory: `);
      await expectAll([
        { args: ['sync', '--data-dir', aFile], message: isAFile, code: 'data_dir' },
        { args: ['sync', '--data-dir', aFile], message: terminalDir(aFile), code: 'data_dir' },
        { args: ['scan', '--data-dir', aFile], stdin: 'TOTAL-1\n', message: isAFile, code: 'data_dir' },
        { args: ['scan', '--data-dir', join(aFile, 'sub')], stdin: 'TOTAL-1\n', message: underAFile, code: 'data_dir' },
        {
          args: ['scan', '--data-dir', cannotMake],
          stdin: 'TOTAL-1\n',
          message: /^cannot use \/proc\/civicpass-usage-errors as the terminal's data directory: E[A-Z]+: /,
          code: 'data_dir',
        },
        // A directory whose log folder is a file: the terminal cannot start there either.
        {
          args: ['scan', '--data-dir', logsAFile],
          stdin: 'TOTAL-1\n',
          message: new RegExp(`^cannot use ${logsAFile} as the terminal's data directory: EEXIST: .*logs is a file`),
          code: 'data_dir',
        },
        { args: ['trust', 'import', '--data-dir', aFile, ...trust], message: isAFile, code: 'data_dir' },
        {
          args: ['enrol', '--data-dir', aFile, '--server', 'https://sync.example', '--code', 'X'],
          message: isAFile,
          code: 'data_dir',
        },
        {
          args: ['gate', '--data-dir', aFile],
          message: /^cannot use .*\/a-file as the gate's data directory: EEXIST: .*a-file is a file, not a directory$/,
          code: 'data_dir',
        },
        {
          args: ['gate', '--data-dir', cannotMake],
          message: /^cannot use \/proc\/civicpass-usage-errors as the gate's data directory: E[A-Z]+: /,
          code: 'data_dir',
        },
        {
          args: ['demo-server', 'start', '--data-dir', aFile, '--port', '1'],
          message: /^cannot use .*a-file\/server as the demo server's data directory: ENOTDIR: .*a-file is a file/,
          code: 'data_dir',
        },
      ]);
      expect(readdirSync(root).sort()).toEqual(['a-file', 'logs-a-file', 'status-with-a-folder']);
    },
  );

  it('is not a mistake to stop a demo server that never ran there', async () => {
    const run = await runCli(['demo-server', 'stop', '--data-dir', aFile]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.lines).toEqual([{ running: false, stopped: false }]);
  });
});

describe('other mistakes', () => {
  it('are one line each, with the synopsis on that line when the options are wrong', { timeout: 120_000 }, async () => {
    const fresh = (): string => join(mkdtempSync(join(tmpdir(), 'civicpass-usage-')), 'terminal');
    const trust = ['--anchor', join(demo, 'anchor.json'), '--trust', join(demo, 'trust.jwt')];
    await expectAll([
      {
        args: ['enrol', '--data-dir', fresh(), '--server', 'notaurl', '--code', 'X'],
        message:
          /^enrolment failed: the sync server address "notaurl" is not a URL: give it as https:\/\/HOST\[:PORT\]$/,
        code: 'enrolment_failed',
      },
      {
        args: ['enrol', '--data-dir', fresh(), '--server', 'https://', '--code', 'X'],
        message: /is not a URL/,
        code: 'enrolment_failed',
      },
      {
        args: ['enrol', '--data-dir', fresh(), '--server', 'https://sync.example'],
        message: /^--server and --code are required$/,
      },
      {
        args: ['sync', '--data-dir', fresh(), '--timeout', 'soon'],
        message: /^--timeout soon is not a number of milliseconds/,
      },
      { args: ['sync', '--data-dir', fresh()], message: /^this terminal is not enrolled/, code: 'not_enrolled' },
      { args: ['scan', '--data-dir', fresh(), '--source', 'telepathy'], message: /^--source must be/ },
      {
        args: [
          'trust',
          'import',
          '--data-dir',
          fresh(),
          '--anchor',
          join(root, 'nowhere.json'),
          '--trust',
          join(demo, 'trust.jwt'),
        ],
        message: /^cannot read the anchor file .*nowhere.json: ENOENT$/,
        code: 'input_file',
      },
      {
        args: ['trust', 'import', '--data-dir', fresh(), ...trust, '--status-dir', join(root, 'no-such-folder')],
        message: /^cannot read the status directory .*no-such-folder: ENOENT$/,
        code: 'input_file',
      },
      {
        args: ['trust', 'import', '--data-dir', fresh(), ...trust, '--status-dir', emptyStatus],
        message: /^cannot read the status list .*westminster-1.jwt: EISDIR$/,
        code: 'input_file',
      },
      {
        args: ['verify', '--anchor', join(root, 'nowhere.json'), '--trust', join(demo, 'trust.jwt'), 'x'],
        message: /^cannot read the anchor file .*nowhere.json: ENOENT$/,
        code: 'input_file',
      },
      { args: ['verify', ...trust, '--now', 'teatime', 'x'], message: /^--now teatime is not an ISO-8601 time$/ },
      { args: ['decode', '--engine', 'eyes'], message: /^unknown engine eyes/ },
      { args: ['demo-server', 'start', '--port', 'abc'], message: /^--port abc is not a port$/ },
      { args: ['demo-server', 'restart'], message: /^say start, stop or status$/ },
      { args: ['lms', 'check', '--sip2', 'nohost'], message: /^--sip2 must be HOST:PORT/ },
      { args: ['scan', '--colour', 'red'], message: /^Unknown option '--colour'/ },
      { args: [], message: /^no command given$/ },
      { args: ['frobnicate'], message: /^unknown command frobnicate$/ },
    ]);
  });

  it('a wrong option is followed by the command’s synopsis; a wrong path is not', async () => {
    const [option, path] = await Promise.all([
      runCli(['sync', '--data-dir', join(root, 'x'), '--timeout', 'soon']),
      runCli(['sync', '--data-dir', aFile]),
    ]);
    expect(option.stderr).toMatch(/^civicpass: --timeout soon .*; usage: civicpass sync --data-dir DIR/);
    expect(path.stderr).not.toContain('usage:');
    const none = await runCli([]);
    expect(none.stderr).toBe('civicpass: no command given; `civicpass help` lists the commands\n');
    expect(existsSync(join(root, 'x'))).toBe(false);
  });
});
