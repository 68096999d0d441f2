/**
 * Proves the folder-layer rule bites (eslint.layers.js), as purity.test.ts does for core: each
 * layer is refused what sits beside or above it, and allowed what sits below.
 */
import { describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { LAYERS } from '../../eslint.layers.js';

const root = resolve(import.meta.dirname, '../..');

async function lintAt(path: string, code: string): Promise<string[]> {
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts', '**/*.tsx'], languageOptions: { parser: tseslint.parser } }, ...LAYERS],
  });
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('folder layers', () => {
  it.each([
    ['src/node/sync/probe.ts', "import { x } from '../../service/trust-state';"],
    ['src/node/probe.ts', "import { x } from '../cli/main';"],
    ['src/service/probe.ts', "import { x } from '../host/browser-host';"],
    ['src/service/probe.ts', "import { x } from '../../server/app';"],
    ['src/host/probe.ts', "import { x } from '../../server/app';"],
    ['src/cli/probe.ts', "import { x } from '../../server/serve-command';"],
    ['src/renderer/screens/Probe.tsx', "import { x } from '../../node/store/database';"],
    ['src/renderer/probe.ts', "import { x } from '../service/terminal-service';"],
    ['src/renderer/probe.ts', "import { x } from '../console/api/client';"],
    ['src/console/pages/Probe.tsx', "import { x } from '../../renderer/i18n';"],
    ['src/console/probe.ts', "import { x } from '../../server/app';"],
    ['src/console/probe.ts', "import { x } from '../node/store/database';"],
    ['server/probe.ts', "import { x } from '../src/cli/main';"],
    ['server/admin/probe.ts', "import { x } from '../../src/service/terminal-service';"],
    ['server/probe.ts', "import { x } from '../src/host/browser-host';"],
    ['electron/main/probe.ts', "import { x } from '../../src/host/browser-host';"],
  ])('%s may not %s', async (path, line) => {
    expect(await lintAt(path, line)).toContain('no-restricted-imports');
  });

  it.each([
    ['src/service/probe.ts', "export const load = () => import('../../server/app');"],
    ['server/probe.ts', "export const load = () => import('../src/service/terminal-service');"],
    ['src/renderer/probe.ts', "export const load = () => import('../node/store/database');"],
  ])('%s may not load it later either: %s', async (path, line) => {
    expect(await lintAt(path, line)).toContain('no-restricted-syntax');
  });

  it.each([
    ['src/cli/main.ts', "export const load = () => import('../../server/serve-command');"],
    ['src/service/probe.ts', "export const load = () => import('../node/store/database');"],
  ])('%s may load what it may import: %s', async (path, line) => {
    expect(await lintAt(path, line)).toEqual([]);
  });

  it.each([
    ['src/node/sync/probe.ts', "import { x } from '../../core/time';\nimport { y } from '../../contract/dispatch';"],
    ['src/service/probe.ts', "import { x } from '../node/store/database';"],
    ['src/host/demo-environment.ts', "import { x } from '../../server/app';"],
    ['src/cli/main.ts', "import { x } from '../../server/serve-command';"],
    ['src/cli/probe.ts', "import { x } from '../node/command-io';"],
    ['server/probe.ts', "import { x } from '../src/node/command-io';\nimport { y } from '../src/issuer/sign';"],
    ['src/renderer/probe.ts', "import { x } from '../contract/terminal-api';\nimport { y } from '../core/reasons';"],
    ['src/console/probe.ts', "import { x } from '../contract/console-api';\nimport { y } from '../core/calendar';"],
    ['electron/main/probe.ts', "import { x } from '../../src/service/terminal-service';"],
  ])('%s may use what sits below it', async (path, line) => {
    expect(await lintAt(path, line)).toEqual([]);
  });
});
