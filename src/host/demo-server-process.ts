/**
 * The demo deployment's sync server as a process of its own, so that a newcomer can stop it and
 * watch the terminal go offline, then start it and watch it come back (README, "Trying offline").
 * A pid file in the server's data directory lets `civicpass demo-server stop` find it.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { makeDirectory } from '../node/make-directory';
import { processAlive } from '../node/process-alive';

const ROOT = resolve(import.meta.dirname, '../..');
const START_TIMEOUT_MS = 60_000;

/** What the person starting it can fix: a port another program holds, a folder that cannot be made. */
export class DemoServerError extends Error {
  constructor(
    message: string,
    readonly code: 'address_in_use' | 'data_dir',
  ) {
    super(message);
  }
}

export interface DemoServerProcess {
  readonly url: string;
  readonly pid: number;
  /** True when this call started it (and so whoever called should stop it when leaving). */
  readonly startedHere: boolean;
}

function pidFile(serverDir: string): string {
  return join(serverDir, 'server.pid');
}

/** The pid of the sync server answering at `url`, or null when none answers. */
async function healthPid(url: string): Promise<number | null> {
  try {
    const res = await fetch(`${url}/v1/health`, { signal: AbortSignal.timeout(1000) });
    if (!res.ok) return null;
    const body = (await res.json()) as { pid?: unknown };
    return typeof body.pid === 'number' ? body.pid : -1;
  } catch {
    return null;
  }
}

/** The running demo server's pid, from its pid file, if that process is still there. */
export function runningPid(serverDir: string): number | null {
  try {
    const pid = Number(readFileSync(pidFile(serverDir), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && processAlive(pid) ? pid : null;
  } catch {
    return null;
  }
}

/**
 * Where the demo's library system (the SIP2 test server, run by the demo sync server) listens:
 * `CIVICPASS_SIP2_PORT`, else the port after the sync server's.
 */
export function demoLmsPort(syncPort: number): number {
  const set = process.env['CIVICPASS_SIP2_PORT'];
  return set !== undefined && /^\d{1,5}$/.test(set) ? Number(set) : syncPort + 1;
}

/**
 * Starts `civicpass serve` on the server data directory as a detached process (its output in
 * `server.log`), with the demo library system beside it, unless one already answers there;
 * resolves once it answers its health check.
 */
export async function startDemoServer(serverDir: string, port: number): Promise<DemoServerProcess> {
  const dir = resolve(serverDir);
  const url = `http://127.0.0.1:${port}`;
  const existing = runningPid(dir);
  const answering = await healthPid(url);
  if (existing !== null && answering === existing) return { url, pid: existing, startedHere: false };
  if (answering !== null)
    throw new DemoServerError(
      `port ${port} is already used by another program (set CIVICPASS_SYNC_PORT to use another port)`,
      'address_in_use',
    );
  try {
    makeDirectory(dir);
  } catch (e) {
    throw new DemoServerError(
      `cannot use ${dir} as the demo server's data directory: ${(e as Error).message}`,
      'data_dir',
    );
  }
  const log = openSync(join(dir, 'server.log'), 'a');
  const child = spawn(
    process.execPath,
    [
      // The launcher runs the built command line (building it first when stale): no TypeScript
      // compiler at run time, and the same code as `civicpass serve`.
      join(ROOT, 'bin/civicpass.js'),
      'serve',
      '--data-dir',
      dir,
      '--port',
      String(port),
      '--demo-lms',
      String(demoLmsPort(port)),
    ],
    { cwd: ROOT, detached: true, stdio: ['ignore', log, log] },
  );
  closeSync(log);
  const pid = child.pid;
  if (pid === undefined) throw new Error('the demo sync server could not be started');
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? 1));
  child.unref();
  writeFileSync(pidFile(dir), `${pid}\n`);
  const deadline = Date.now() + START_TIMEOUT_MS;
  // Ours answers with its own pid; anything else on the port is not it.
  while ((await healthPid(url)) !== pid) {
    if (exited !== null || Date.now() > deadline) {
      rmSync(pidFile(dir), { force: true });
      if (exited === null) process.kill(pid, 'SIGTERM');
      const tail = readFileSync(join(dir, 'server.log'), 'utf8').trim().split('\n').slice(-3).join(' | ');
      throw new Error(`the demo sync server did not start on port ${port} (${tail})`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, pid, startedHere: true };
}

/** Stops the demo server of this data directory, if one runs; resolves once it has exited. */
export async function stopDemoServer(serverDir: string): Promise<boolean> {
  const dir = resolve(serverDir);
  const pid = runningPid(dir);
  // No pid file (nor a folder for one, where a file is in the way): nothing runs there.
  // Forced: another stop may remove it first. A file in the way of the folder is not ours.
  try {
    rmSync(pidFile(dir), { force: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOTDIR') throw e;
  }
  if (pid === null) return false;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // A stale pid file (after a restart) naming another user's process: not ours to stop.
    return false;
  }
  const deadline = Date.now() + 10_000;
  while (processAlive(pid)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL');
      break;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}
