/**
 * Electron's WebContents and WebFrameMain, as far as main uses them: events, the window-open
 * handler, `send` (structured clone, as Electron serialises), loading a URL through the
 * protocol handler. The page itself is not run: the test plays the renderer over the control
 * channel.
 */
import { EventEmitter } from 'node:events';
import type { HandlerDetails, WebContents, WebFrameMain, WindowOpenHandlerResponse } from 'electron';
import { appStandIn } from './app';
import { preventable } from './events';
import { protocolStandIn } from './protocol';
import { strict } from './strict';

let nextId = 1;

/** `parent` and `top` are frames too, so only the plain members can be checked against Electron's type. */
export class StandInWebFrame implements Pick<WebFrameMain, 'url' | 'isDestroyed'> {
  constructor(
    public url: string,
    readonly parent: StandInWebFrame | null,
  ) {}

  get top(): StandInWebFrame {
    return this.parent ? this.parent.top : this;
  }

  isDestroyed(): boolean {
    return false;
  }

  /** A frame of this page: main frame (no parent) or a subframe of the page's main frame. */
  static of(url: string, mainFrame: StandInWebFrame | null): StandInWebFrame {
    return strict('WebFrameMain', new StandInWebFrame(url, mainFrame));
  }
}

export interface Sent {
  readonly channel: string;
  readonly args: unknown[];
}

type Implemented = 'id' | 'send' | 'getURL' | 'setWindowOpenHandler' | 'isDestroyed' | 'loadURL';

export class StandInWebContents extends EventEmitter implements Pick<WebContents, Implemented> {
  readonly id = nextId++;
  readonly sent: Sent[] = [];
  readonly loads: { url: string; status: number }[] = [];
  readonly mainFrame = new StandInWebFrame('', null);
  windowOpenHandler: ((details: HandlerDetails) => WindowOpenHandlerResponse) | null = null;
  destroyed = false;
  /** What main holds: this object behind the fail-loudly proxy. */
  facade: StandInWebContents = this;

  static create(): StandInWebContents {
    const contents = new StandInWebContents();
    contents.facade = strict(`webContents ${contents.id}`, contents);
    all.set(contents.id, contents);
    appStandIn.emit('web-contents-created', preventable('web-contents-created', {}), contents.facade);
    return contents;
  }

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, args: structuredClone(args) });
  }

  getURL(): string {
    return this.mainFrame.url;
  }

  setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void {
    this.windowOpenHandler = handler;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  /** Loads through the protocol handler; an error status still loads (as a page), a missing handler fails. */
  async loadURL(url: string): Promise<void> {
    const response = await protocolStandIn.request(url).catch((e: unknown) => {
      this.emit('did-fail-load', preventable('did-fail-load', {}), -2, String(e), url, true);
      throw new Error(`ERR_FAILED (-2) loading '${url}'`);
    });
    this.loads.push({ url, status: response.status });
    this.mainFrame.url = url;
    this.emit('did-finish-load');
  }
}

/** Every web contents by id, for the control channel. */
export const all = new Map<number, StandInWebContents>();
