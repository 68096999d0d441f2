import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../src/core/time';
import { readStatusDir } from '../../src/node/trust-files';
import { ensureDemoDeployment, type DemoCard } from '../../src/issuer/demo-deployment';
import { TerminalService } from '../../src/service/terminal-service';
import type { DeviceManager } from '../../src/node/devices/device-manager';
import type { SecretProtector } from '../../src/node/sync/device-identity';
import type { LibrarySystemFactory } from '../../src/service/library-link';

export interface TestTerminal {
  service: TerminalService;
  dataDir: string;
  demoDir: string;
  cards: Record<string, DemoCard>;
}

let demo: { dir: string; cards: DemoCard[] } | null = null;

/** One demo deployment per test file (keys and cards), shared by its terminals. */
export async function demoDeployment(): Promise<{ dir: string; cards: DemoCard[] }> {
  if (!demo) {
    const dir = mkdtempSync(join(tmpdir(), 'civicpass-demo-'));
    demo = { dir, cards: (await ensureDemoDeployment(dir)).cards };
  }
  return demo;
}

/** A real terminal (SQLite file in a fresh directory) with the demo trust material imported. */
export async function makeTerminal(
  options: {
    clock?: Clock;
    devices?: DeviceManager;
    venue?: unknown;
    protector?: SecretProtector;
    librarySystem?: LibrarySystemFactory;
    librarySessionIdleMs?: number;
  } = {},
): Promise<TestTerminal> {
  const { dir, cards } = await demoDeployment();
  const dataDir = mkdtempSync(join(tmpdir(), 'civicpass-terminal-'));
  const service = await TerminalService.open({
    dataDir,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.devices ? { devices: options.devices } : {}),
    ...(options.protector ? { protector: options.protector } : {}),
    ...(options.librarySystem ? { librarySystem: options.librarySystem } : {}),
    ...(options.librarySessionIdleMs !== undefined ? { librarySessionIdleMs: options.librarySessionIdleMs } : {}),
  });
  await service.admin.importTrust({
    anchor: JSON.parse(readFileSync(join(dir, 'anchor.json'), 'utf8')),
    trustList: readFileSync(join(dir, 'trust.jwt'), 'utf8'),
    statusLists: (await readStatusDir(join(dir, 'status'))).map((s) => s.compact),
    venue: options.venue ?? JSON.parse(readFileSync(join(dir, 'venue.json'), 'utf8')),
    registry: JSON.parse(readFileSync(join(dir, 'registry.json'), 'utf8')) as { key: string; entries: never[] },
    source: 'test',
  });
  return { service, dataDir, demoDir: dir, cards: Object.fromEntries(cards.map((c) => [c.id, c])) };
}
