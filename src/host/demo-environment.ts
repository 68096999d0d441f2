import { join } from 'node:path';
import { DEMO_CONSOLE_USER } from '../../server/admin/demo-console-user';
import { makeEnrolmentCode } from '../../server/admin/demo-setup';
import { SqliteSyncStorage } from '../../server/storage/sqlite-storage';
import type { TerminalService } from '../service/terminal-service';
import { runningPid, startDemoServer, stopDemoServer } from './demo-server-process';

export const DEMO_PIN = '1234';

export interface DemoEnvironment {
  readonly serverUrl: string;
  readonly serverPid: number;
  readonly sheet: string;
  /** The council console of the demo server, and the demo's council admin sign-in. */
  readonly console: { readonly url: string; readonly email: string; readonly password: string };
  close(): Promise<void>;
}

/**
 * The built-in demo deployment for `npm start` when nothing is configured: a local sync server
 * with demo keys and cards, in a process of its own (so it can be stopped to try offline), this
 * terminal enrolled with it, and the staff PIN 1234.
 */
export async function startDemoEnvironment(
  dataRoot: string,
  terminal: TerminalService,
  port: number,
): Promise<DemoEnvironment> {
  const serverDir = join(dataRoot, 'server');
  const server = await startDemoServer(serverDir, port);
  if (!terminal.admin.enrolment) {
    // The server made the deployment; an enrolment code is one row in its database, written here.
    const storage = new SqliteSyncStorage(join(serverDir, 'server.db'));
    let code: string;
    try {
      code = await makeEnrolmentCode(storage, 'demo-library', Date.now() / 1000);
    } finally {
      await storage.close();
    }
    await terminal.admin.enrol(server.url, code, 'Demo desk');
  }
  if (!(await terminal.getSettings()).pinSet) await terminal.setPin({ next: DEMO_PIN });
  return {
    serverUrl: server.url,
    serverPid: server.pid,
    sheet: join(serverDir, 'cards', 'demo-cards.html'),
    console: { url: `${server.url}/console/`, email: DEMO_CONSOLE_USER.email, password: DEMO_CONSOLE_USER.password },
    async close() {
      // Ours to stop: the one this start made, or one started again while trying offline.
      const pid = runningPid(serverDir);
      if (server.startedHere || (pid !== null && pid !== server.pid)) await stopDemoServer(serverDir);
    },
  };
}
