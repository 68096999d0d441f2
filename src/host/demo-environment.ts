import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createDemoDeployment, makeEnrolmentCode } from '../../server/admin/demo-setup';
import { SyncServer } from '../../server/app';
import { openServerData } from '../../server/open-server';
import type { TerminalService } from '../service/terminal-service';

export const DEMO_PIN = '1234';

export interface DemoEnvironment {
  readonly serverUrl: string;
  readonly sheet: string;
  close(): Promise<void>;
}

/**
 * The built-in demo deployment for `npm start` when nothing is configured: a local sync server
 * with demo keys and cards, this terminal enrolled with it, and the staff PIN 1234.
 */
export async function startDemoEnvironment(
  dataRoot: string,
  terminal: TerminalService,
  port: number,
): Promise<DemoEnvironment> {
  const serverDir = join(dataRoot, 'server');
  mkdirSync(serverDir, { recursive: true });
  const opened = await openServerData(serverDir);
  const deployment =
    opened.deployment ?? (await createDemoDeployment(opened.dir, opened.storage, Date.now() / 1000)).deployment;
  const server = new SyncServer({ storage: opened.storage, deployment });
  const serverUrl = await server.listen(port);
  if (!terminal.sync.enrolment) {
    await terminal.sync.enrol(
      serverUrl,
      makeEnrolmentCode(opened.storage, 'demo-library', Date.now() / 1000),
      'Demo desk',
    );
  }
  if (!(await terminal.getSettings()).pinSet) await terminal.setPin({ next: DEMO_PIN });
  return {
    serverUrl,
    sheet: join(opened.dir, 'cards', 'demo-cards.html'),
    async close() {
      await server.close();
      opened.storage.close();
    },
  };
}
