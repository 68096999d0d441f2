/**
 * The control channel between a test and the main process under test (Node's IPC channel of the
 * child, with structured-clone serialisation): the test plays Chromium, the renderer and the
 * user; the stand-in answers with what Electron would have done and what it recorded.
 */
import type { BrowserWindowConstructorOptions, WindowOpenHandlerResponse } from 'electron';
import type { PrivilegedScheme } from './protocol';
import type { RequestHandler } from './session';
import type { Sent } from './web-contents';

export type Permission = Parameters<NonNullable<RequestHandler>>[1];

/** The frame an IPC call comes from: the page's main frame, or a subframe of it. */
export interface FrameSpec {
  readonly url: string;
  readonly isMainFrame: boolean;
}

export type ContentsEvent =
  'will-navigate' | 'will-redirect' | 'will-attach-webview' | 'before-input-event' | 'render-process-gone';

export type Command =
  | { readonly op: 'state' }
  /** A page's request to a URL, through the registered protocol handler. */
  | { readonly op: 'fetch'; readonly url: string; readonly method?: string }
  /** `ipcRenderer.invoke(channel, ...args)` from a frame (null: the frame is gone). */
  | {
      readonly op: 'invoke';
      readonly channel: string;
      readonly frame: FrameSpec | null;
      readonly args: readonly unknown[];
    }
  | {
      readonly op: 'permission-request';
      readonly permission: Permission;
      readonly requestingUrl: string;
      readonly mediaTypes?: ('video' | 'audio')[];
    }
  | {
      readonly op: 'permission-check';
      readonly permission: Permission;
      readonly origin: string;
      readonly mediaType?: 'video' | 'audio' | 'unknown';
    }
  /** A WebContents event, with a preventable event object first and then `args`. */
  | {
      readonly op: 'contents-event';
      readonly contents: number;
      readonly name: ContentsEvent;
      readonly args: readonly unknown[];
    }
  /** `window.open(url)` in a page: what the window-open handler answers. */
  | { readonly op: 'window-open'; readonly contents: number; readonly url: string }
  /** Another WebContents comes to exist (a devtools or popup contents): its id. */
  | { readonly op: 'create-contents' }
  /** The OS or the user quits the app. */
  | { readonly op: 'quit' };

export interface WindowState {
  readonly id: number;
  readonly options: BrowserWindowConstructorOptions;
  readonly visible: boolean;
  readonly destroyed: boolean;
  readonly preloadExists: boolean;
  readonly contents: number;
}

export interface ContentsState {
  readonly id: number;
  readonly hasWindowOpenHandler: boolean;
  readonly listeners: Record<string, number>;
  readonly loads: { url: string; status: number }[];
  readonly sent: Sent[];
}

export interface StandInState {
  readonly ready: boolean;
  readonly lifecycle: string[];
  readonly privilegedSchemes: PrivilegedScheme[];
  readonly handledSchemes: string[];
  readonly ipcChannels: string[];
  readonly permissionHandlers: { readonly request: boolean; readonly check: boolean };
  readonly windows: WindowState[];
  readonly contents: ContentsState[];
  readonly powerSaveBlockers: { id: number; type: string; active: boolean }[];
  readonly safeStorageCalls: string[];
  /** Members main read that the stand-in lacks (each also threw). */
  readonly missing: string[];
}

export interface FetchReply {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

/** The renderer's view of an invoke: the handler's answer, or the error invoke rejects with. */
export type InvokeReply =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

export interface Replies {
  state: StandInState;
  fetch: FetchReply;
  invoke: InvokeReply;
  'permission-request': boolean;
  'permission-check': boolean;
  'contents-event': { prevented: boolean };
  'window-open': WindowOpenHandlerResponse | null;
  'create-contents': number;
  quit: null;
}

export interface ControlRequest {
  readonly id: number;
  readonly command: Command;
}

export type ControlReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: string };

/** Sent once, just before the process ends after `quit`. */
export interface ExitNotice {
  readonly exit: { readonly code: number; readonly lifecycle: string[] };
}
