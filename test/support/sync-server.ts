import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDemoDeployment, makeEnrolmentCode } from '../../server/admin/demo-setup';
import { SyncServer } from '../../server/app';
import type { Deployment } from '../../server/deployment';
import { SqliteSyncStorage } from '../../server/storage/sqlite-storage';
import type { Clock } from '../../src/core/time';
import { TerminalService } from '../../src/service/terminal-service';

export interface RunningServer {
  url: string;
  dir: string;
  server: SyncServer;
  storage: SqliteSyncStorage;
  deployment: Deployment;
  codes: Record<string, string>;
  code(venue?: string): Promise<string>;
  close(): Promise<void>;
}

/** A real reference server with the demo deployment, on 127.0.0.1 at a free port. */
export async function startServer(port = 0): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'civicpass-server-'));
  const storage = new SqliteSyncStorage(join(dir, 'server.db'));
  const { deployment, codes } = await createDemoDeployment(dir, storage, Date.now() / 1000);
  const server = new SyncServer({ storage, deployment });
  const url = await server.listen(port);
  return {
    url,
    dir,
    server,
    storage,
    deployment,
    codes,
    code: (venue = 'demo-library') => makeEnrolmentCode(storage, venue, Date.now() / 1000),
    async close() {
      await server.close();
      await storage.close();
    },
  };
}

/** A terminal enrolled with the server (through `url`, which may be a fault proxy). */
export async function enrolledTerminal(
  server: RunningServer,
  url = server.url,
  venue = 'demo-library',
  clock?: Clock,
): Promise<{ service: TerminalService; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'civicpass-terminal-'));
  const service = await TerminalService.open({
    dataDir,
    autoSync: false,
    syncTimeoutMs: 2000,
    ...(clock ? { clock } : {}),
  });
  await service.admin.enrol(url, await server.code(venue), 'test terminal');
  return { service, dataDir };
}
