/**
 * Electron's `app`: readiness, the single-instance lock, paths, and quitting the way Electron
 * documents it (before-quit, close every window, will-quit, quit, then the process ends).
 */
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from 'electron';
import { preventable } from './events';
import type { ExitNotice } from './messages';
import { openWindows } from './registry';
import { strict } from './strict';

type Implemented =
  'whenReady' | 'isReady' | 'requestSingleInstanceLock' | 'getAppPath' | 'getName' | 'getPath' | 'quit' | 'exit';

class StandInApp extends EventEmitter implements Pick<App, Implemented> {
  /** What happened, in order, for the test: lifecycle events and whether they were prevented. */
  readonly lifecycle: string[] = [];
  quitting = false;
  private ready = false;
  private appPath = process.cwd();
  private readonly readyPromise: Promise<void>;
  private resolveReady: () => void = () => undefined;

  constructor() {
    super();
    this.readyPromise = new Promise((resolve) => (this.resolveReady = resolve));
  }

  whenReady(): Promise<void> {
    return this.readyPromise;
  }

  isReady(): boolean {
    return this.ready;
  }

  requestSingleInstanceLock(): boolean {
    this.lifecycle.push('single-instance lock');
    return true;
  }

  getAppPath(): string {
    return this.appPath;
  }

  /** productName, else name, from the app's package.json (what Electron uses for userData). */
  getName(): string {
    const pkg = JSON.parse(readFileSync(join(this.appPath, 'package.json'), 'utf8')) as {
      name: string;
      productName?: string;
    };
    return pkg.productName ?? pkg.name;
  }

  getPath(name: Parameters<App['getPath']>[0]): string {
    switch (name) {
      case 'home':
        return homedir();
      case 'temp':
        return tmpdir();
      case 'appData':
        return process.env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config');
      case 'userData':
        return join(this.getPath('appData'), this.getName());
      default:
        throw new Error(`Electron stand-in: app.getPath('${name}') is not implemented`);
    }
  }

  quit(): void {
    this.lifecycle.push('quit()');
    // Electron quits asynchronously: the caller carries on first.
    setImmediate(() => this.tryToQuit());
  }

  /** Electron's `exit`: ends at once with the code, no quit events, windows closed unasked. */
  exit(code = 0): void {
    this.lifecycle.push(`exit(${code})`);
    endProcess(code, this.lifecycle);
  }

  /** Called by run-main.ts once the main bundle is loaded, as Electron does. */
  becomeReady(appPath: string): void {
    this.appPath = appPath;
    this.ready = true;
    this.lifecycle.push('ready');
    this.emit('ready', preventable('ready', {}), {});
    this.resolveReady();
  }

  private tryToQuit(): void {
    if (this.emitPreventable('before-quit')) return;
    this.quitting = true;
    for (const window of [...openWindows]) window.close();
    if (openWindows.size > 0) {
      this.lifecycle.push('a window stayed open');
      this.quitting = false;
      return;
    }
    if (this.emitPreventable('will-quit')) {
      this.quitting = false;
      return;
    }
    this.emit('quit', preventable('quit', {}), 0);
    this.lifecycle.push('quit');
    endProcess(0, this.lifecycle);
  }

  /** Emits a preventable lifecycle event; true if a listener prevented it. */
  private emitPreventable(name: 'before-quit' | 'will-quit'): boolean {
    const event = preventable(name, {});
    this.lifecycle.push(name);
    this.emit(name, event);
    if (event.defaultPrevented) this.lifecycle.push(`${name} prevented`);
    return event.defaultPrevented;
  }
}

/** Electron ends the process after `quit`; the test is told how it got there first. */
function endProcess(code: number, lifecycle: string[]): void {
  const notice: ExitNotice = { exit: { code, lifecycle } };
  if (process.send) process.send(notice, () => process.exit(code));
  else process.exit(code);
}

export const appStandIn = new StandInApp();
export const app = strict('app', appStandIn);
