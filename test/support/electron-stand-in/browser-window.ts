/**
 * Electron's BrowserWindow: records its options (the test compares them with the security
 * checklist), owns a WebContents, shows itself when asked after `ready-to-show`, and closes the
 * way Electron does (a preventable `close`, then `closed`, then `window-all-closed` unless the
 * app is quitting).
 */
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import type { BrowserWindow as ElectronWindow, BrowserWindowConstructorOptions } from 'electron';
import { appStandIn } from './app';
import { preventable } from './events';
import { openWindows } from './registry';
import { strict } from './strict';
import { StandInWebContents } from './web-contents';

type Implemented =
  'id' | 'show' | 'isVisible' | 'focus' | 'isMinimized' | 'restore' | 'isDestroyed' | 'loadURL' | 'close' | 'destroy';

let nextId = 1;

export class BrowserWindow extends EventEmitter implements Pick<ElectronWindow, Implemented> {
  static readonly created: BrowserWindow[] = [];
  readonly id = nextId++;
  readonly options: BrowserWindowConstructorOptions;
  readonly contents: StandInWebContents;
  visible = false;
  destroyed = false;
  private shownOnce = false;

  constructor(options: BrowserWindowConstructorOptions = {}) {
    super();
    if (!appStandIn.isReady()) throw new Error('Cannot create BrowserWindow before app is ready');
    this.options = structuredClone(options);
    this.contents = StandInWebContents.create();
    BrowserWindow.created.push(this);
    openWindows.add(this);
    return strict(`BrowserWindow ${this.id}`, this);
  }

  get webContents(): StandInWebContents {
    return this.contents.facade;
  }

  /** Electron logs and carries on without a preload it cannot find; the test wants to know. */
  get preloadExists(): boolean {
    const preload = this.options.webPreferences?.preload;
    return typeof preload === 'string' && existsSync(preload);
  }

  async loadURL(url: string): Promise<void> {
    await this.contents.loadURL(url);
    if (!this.shownOnce && !this.visible) {
      this.shownOnce = true;
      this.emit('ready-to-show', preventable('ready-to-show', {}));
    }
  }

  show(): void {
    this.visible = true;
    this.emit('show', preventable('show', {}));
  }

  isVisible(): boolean {
    return this.visible;
  }

  focus(): void {
    this.emit('focus', preventable('focus', {}));
  }

  isMinimized(): boolean {
    return false;
  }

  restore(): void {
    this.emit('restore', preventable('restore', {}));
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  close(): void {
    if (this.destroyed) return;
    const event = preventable('close', {});
    this.emit('close', event);
    if (!event.defaultPrevented) this.destroy();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.contents.destroyed = true;
    openWindows.delete(this);
    this.emit('closed');
    if (openWindows.size === 0 && !appStandIn.quitting) appStandIn.emit('window-all-closed');
  }
}
