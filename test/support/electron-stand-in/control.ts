/**
 * The child's side of the control channel (messages.ts): each command from the test is played
 * against the stand-ins as Chromium, the renderer or the user would, and answered.
 */
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { appStandIn } from './app';
import { BrowserWindow } from './browser-window';
import { preventable } from './events';
import { ipcMainStandIn } from './ipc-main';
import type { Command, ControlReply, ControlRequest, FrameSpec, Replies, StandInState } from './messages';
import { powerSaveBlockerStandIn } from './power-save-blocker';
import { protocolStandIn } from './protocol';
import { safeStorageStandIn } from './safe-storage';
import { defaultSession } from './session';
import { asElectron, missing, strict } from './strict';
import { all, StandInWebContents, StandInWebFrame } from './web-contents';

type Op = Command['op'];
type CommandOf<K extends Op> = Extract<Command, { op: K }>;

function contents(id: number): StandInWebContents {
  const found = all.get(id);
  if (!found) throw new Error(`no web contents ${id}`);
  return found;
}

/** The kiosk window: the one main created. */
function kiosk(): BrowserWindow {
  const window = BrowserWindow.created[0];
  if (!window) throw new Error('main has not created its window yet');
  return window;
}

let nextFrameId = 1;

function invokeEvent(frame: FrameSpec | null): IpcMainInvokeEvent {
  const window = kiosk();
  const senderFrame = frame && StandInWebFrame.of(frame.url, frame.isMainFrame ? null : window.contents.mainFrame);
  const event = preventable('IpcMainInvokeEvent', {
    type: 'frame' as const,
    processId: 1,
    frameId: nextFrameId++,
    sender: window.webContents,
    senderFrame,
  });
  return asElectron<IpcMainInvokeEvent>(event);
}

function state(): StandInState {
  return {
    ready: appStandIn.isReady(),
    lifecycle: appStandIn.lifecycle,
    privilegedSchemes: protocolStandIn.privileged,
    handledSchemes: [...protocolStandIn.handlers.keys()],
    ipcChannels: [...ipcMainStandIn.handlers.keys()],
    permissionHandlers: {
      request: defaultSession.requestHandler !== null,
      check: defaultSession.checkHandler !== null,
    },
    windows: BrowserWindow.created.map((w) => ({
      id: w.id,
      options: w.options,
      visible: w.visible,
      destroyed: w.destroyed,
      preloadExists: w.preloadExists,
      contents: w.contents.id,
    })),
    contents: [...all.values()].map((c) => ({
      id: c.id,
      hasWindowOpenHandler: c.windowOpenHandler !== null,
      listeners: Object.fromEntries(c.eventNames().map((n) => [String(n), c.listenerCount(n)])),
      loads: c.loads,
      sent: c.sent,
    })),
    powerSaveBlockers: powerSaveBlockerStandIn.blockers,
    safeStorageCalls: safeStorageStandIn.calls,
    missing,
  };
}

const handlers: { [K in Op]: (command: CommandOf<K>) => Replies[K] | Promise<Replies[K]> } = {
  state,
  fetch: async ({ url, method }) => {
    const response = await protocolStandIn.request(url, method);
    return {
      status: response.status,
      headers: Object.fromEntries(response.headers),
      body: Buffer.from(await response.arrayBuffer()),
    };
  },
  invoke: ({ channel, frame, args }) =>
    ipcMainStandIn.invoke(channel, invokeEvent(frame), args).then(
      (value) => ({ ok: true as const, value }),
      (e: unknown) => ({ ok: false as const, error: e instanceof Error ? e.message : String(e) }),
    ),
  'permission-request': ({ permission, requestingUrl, mediaTypes }) => {
    const handler = defaultSession.requestHandler;
    // Without a handler Chromium would apply Electron's default, which grants everything.
    if (!handler) throw new Error('no permission request handler is set');
    const details = { requestingUrl, isMainFrame: true, ...(mediaTypes ? { mediaTypes } : {}) };
    return new Promise<boolean>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the permission request handler never answered')), 2000);
      handler(
        asElectron<WebContents>(kiosk().webContents),
        permission,
        (granted) => {
          clearTimeout(timer);
          resolve(granted);
        },
        details,
      );
    });
  },
  'permission-check': ({ permission, origin, mediaType }) => {
    const handler = defaultSession.checkHandler;
    if (!handler) throw new Error('no permission check handler is set');
    const details = strict('permission check details', {
      isMainFrame: true,
      requestingUrl: origin,
      securityOrigin: origin,
      ...(mediaType ? { mediaType } : {}),
    });
    return handler(asElectron<WebContents>(kiosk().webContents), permission, origin, details);
  },
  'contents-event': ({ contents: id, name, args }) => {
    const event = preventable(name, {});
    contents(id).emit(name, event, ...args);
    return { prevented: event.defaultPrevented };
  },
  'window-open': ({ contents: id, url }) => {
    const handler = contents(id).windowOpenHandler;
    return handler
      ? handler({
          url,
          frameName: '',
          features: '',
          disposition: 'new-window',
          referrer: { url: '', policy: 'default' },
        })
      : null;
  },
  'create-contents': () => StandInWebContents.create().id,
  quit: () => {
    appStandIn.quit();
    return null;
  },
};

async function answer({ id, command }: ControlRequest): Promise<ControlReply> {
  try {
    // The mapped type ties each op to its handler; TypeScript cannot follow that through a union.
    const handler = handlers[command.op] as (c: Command) => unknown;
    return { id, ok: true, value: await handler(command) };
  } catch (e) {
    return { id, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
}

export function serveControl(): void {
  const send = process.send?.bind(process);
  if (!send) throw new Error('the Electron stand-in is driven over an IPC channel: spawn it with stdio "ipc"');
  process.on('message', (request: ControlRequest) => {
    void answer(request).then((reply) => send(reply));
  });
}
