/**
 * The test's side: runs the built main bundle against the stand-in in a child process and talks
 * to it over the control channel (messages.ts).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { ROOT } from '../cli';
import { CONFIG_ENV, DEFAULT_CONFIG, type StandInConfig } from './config';
import type { Command, ControlReply, ControlRequest, ExitNotice, Replies, StandInState } from './messages';

const RUN_MAIN = join(import.meta.dirname, 'run-main.ts');

/**
 * The child's output, set off so that its stack frames are not taken for the test's own (vitest
 * would try to map them, and fail on files it cannot read).
 */
function quoted(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => `  | ${line}`)
    .join('\n');
}

export interface MainExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** The stand-in's lifecycle log, if the process ended through Electron's quit. */
  readonly lifecycle: string[] | null;
}

export interface RunningMain {
  send<C extends Command>(command: C): Promise<Replies[C['op']]>;
  /** Polls the stand-in's state until `ready` holds. */
  waitFor(what: string, ready: (state: StandInState) => boolean, timeoutMs?: number): Promise<StandInState>;
  readonly exited: Promise<MainExit>;
  stderr(): string;
  kill(): void;
}

export interface MainOptions {
  /** CIVICPASS_DATA_DIR; without it the terminal keeps its data in Electron's userData. */
  readonly dataDir?: string;
  readonly config?: Partial<StandInConfig>;
  readonly env?: Readonly<Record<string, string>>;
}

/** Starts `electron APP_DIR`, with the stand-in in Electron's place. */
export function startMain(appDir: string, options: MainOptions): RunningMain {
  const config: StandInConfig = { ...DEFAULT_CONFIG, ...options.config };
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env, [CONFIG_ENV]: JSON.stringify(config) };
  if (options.dataDir) env['CIVICPASS_DATA_DIR'] = options.dataDir;
  else delete env['CIVICPASS_DATA_DIR'];
  const child = spawn(process.execPath, ['--import', 'tsx', RUN_MAIN, appDir], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdout!.resume();
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let lifecycle: string[] | null = null;
  child.on('message', (message: ControlReply | ExitNotice) => {
    if ('exit' in message) {
      lifecycle = message.exit.lifecycle;
      return;
    }
    const waiting = pending.get(message.id);
    pending.delete(message.id);
    if (message.ok) waiting?.resolve(message.value);
    else waiting?.reject(new Error(`the stand-in refused:\n${quoted(message.error)}`));
  });
  // Ended once the process has exited and its channel is closed: messages sent before the end
  // (the exit notice) have been delivered by then.
  const exited = Promise.all([once(child, 'exit'), once(child, 'disconnect')]).then(([[code, signal]]) => {
    const ended: MainExit = { code: code as number | null, signal: signal as NodeJS.Signals | null, lifecycle };
    for (const { reject } of pending.values()) reject(new Error(`main exited (${code ?? signal}):\n${quoted(stderr)}`));
    pending.clear();
    return ended;
  });
  let nextId = 1;

  const send = <C extends Command>(command: C): Promise<Replies[C['op']]> =>
    new Promise((resolve, reject) => {
      if (!child.connected) return reject(new Error(`main has ended:\n${quoted(stderr)}`));
      const request: ControlRequest = { id: nextId++, command };
      pending.set(request.id, { resolve: (v) => resolve(v as Replies[C['op']]), reject });
      child.send(request);
    });

  return {
    send,
    async waitFor(what, ready, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const state = await send({ op: 'state' });
        if (ready(state)) return state;
        if (Date.now() > deadline) throw new Error(`main never got to: ${what}\n${quoted(stderr)}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    exited,
    stderr: () => stderr,
    kill: () => child.kill('SIGKILL'),
  };
}
