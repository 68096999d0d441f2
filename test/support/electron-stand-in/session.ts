/**
 * Electron's `session`: the default session (only once the app is ready, as in Electron) with
 * its permission request and check handlers, which the test calls as Chromium would.
 */
import type { Session } from 'electron';
import { appStandIn } from './app';
import { strict } from './strict';

export type RequestHandler = Parameters<Session['setPermissionRequestHandler']>[0];
export type CheckHandler = Parameters<Session['setPermissionCheckHandler']>[0];

class StandInSession implements Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'> {
  requestHandler: RequestHandler = null;
  checkHandler: CheckHandler = null;

  setPermissionRequestHandler(handler: RequestHandler): void {
    this.requestHandler = handler;
  }

  setPermissionCheckHandler(handler: CheckHandler): void {
    this.checkHandler = handler;
  }
}

export const defaultSession = new StandInSession();

export const session = strict('session', {
  get defaultSession(): StandInSession {
    if (!appStandIn.isReady()) throw new Error('Session can only be received when app is ready');
    return strict('session.defaultSession', defaultSession);
  },
});
