/**
 * A real reference server with the demo deployment and the council console (issue 13), on
 * 127.0.0.1 at a free port, for the console's API tests and the console page's Playwright tests.
 * The demo deployment has the demo console account (server/admin/demo-console-user.ts); `addUser`
 * makes more. The console's page is served from `out/console/` (build it first).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addConsoleAccount } from '../../server/admin/console-users';
import { createDemoDeployment } from '../../server/admin/demo-setup';
import { SyncServer } from '../../server/app';
import type { Deployment } from '../../server/deployment';
import { SqliteSyncStorage } from '../../server/storage/sqlite-storage';
import type { ConsoleRole } from '../../src/contract/console-api';

export interface ConsoleServerOptions {
  /** The server's clock, in Unix seconds (as everywhere in the server); default the system's. */
  readonly now?: () => number;
  /** Serve TLS with this key and certificate (PEM), e.g. from test/support/tls-certs.ts. */
  readonly tls?: { readonly key: string; readonly cert: string };
  /** Addresses whose `X-Forwarded-Proto` is believed (`civicpass serve --trust-proxy`). */
  readonly trustProxy?: readonly string[];
  /** Where the built page is (default `<repo>/out/console`). */
  readonly staticDir?: string;
}

export interface RunningConsoleServer {
  /** The server's origin, e.g. http://127.0.0.1:40123; the console is at `${url}/console/`. */
  url: string;
  dir: string;
  storage: SqliteSyncStorage;
  deployment: Deployment;
  /** The demo deployment's one-time enrolment codes by venue. */
  codes: Record<string, string>;
  addUser(email: string, role: ConsoleRole, password: string, venueId?: string): Promise<void>;
  close(): Promise<void>;
}

export async function startConsoleServer(options: ConsoleServerOptions = {}): Promise<RunningConsoleServer> {
  const now = options.now ?? (() => Date.now() / 1000);
  const dir = mkdtempSync(join(tmpdir(), 'civicpass-console-'));
  const storage = new SqliteSyncStorage(join(dir, 'server.db'));
  const { deployment, codes } = await createDemoDeployment(dir, storage, now());
  const server = new SyncServer({
    storage,
    deployment,
    now,
    ...(options.tls ? { tls: options.tls } : {}),
    console: {
      ...(options.trustProxy ? { trustProxy: options.trustProxy } : {}),
      ...(options.staticDir ? { staticDir: options.staticDir } : {}),
    },
  });
  const url = await server.listen(0);
  return {
    url,
    dir,
    storage,
    deployment,
    codes,
    async addUser(email, role, password, venueId) {
      await addConsoleAccount(storage, { email, role, password, venueId: venueId ?? null }, now(), 'test');
    },
    async close() {
      await server.close();
      await storage.close();
    },
  };
}
