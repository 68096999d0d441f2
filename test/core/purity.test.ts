/**
 * Proves that the guards keeping src/core pure actually bite: the lint rule refuses Node,
 * Electron, database and UI imports, and core's tsconfig knows neither Node nor DOM globals.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { pureRules } from '../../eslint.purity.js';

const root = resolve(import.meta.dirname, '../..');

async function lintAsCore(code: string): Promise<string[]> {
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, rules: pureRules }],
  });
  const [result] = await eslint.lintText(code, { filePath: join(root, 'src/core/probe.ts') });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('src/core purity', () => {
  it.each([
    "import { readFileSync } from 'node:fs';",
    "import zlib from 'zlib';",
    "import { app } from 'electron';",
    "import Database from 'better-sqlite3';",
    "import HID from 'node-hid';",
    "import { useState } from 'react';",
    "import { x } from '../node/zlib-inflater';",
  ])('the lint rule refuses %s', async (line) => {
    expect(await lintAsCore(line)).toContain('no-restricted-imports');
  });

  it('the lint rule refuses Node and DOM globals', async () => {
    expect(await lintAsCore('export const a = process.env.X;')).toContain('no-restricted-globals');
    expect(await lintAsCore('export const b = document.title;')).toContain('no-restricted-globals');
  });

  it('allows imports inside core and of jose', async () => {
    expect(
      await lintAsCore(
        "import { base64url } from 'jose';\nimport { DAY } from './time';\nexport const x = [base64url, DAY];",
      ),
    ).toEqual([]);
  });

  it("core's tsconfig has no Node or DOM types", () => {
    const dir = mkdtempSync(join(tmpdir(), 'civicpass-purity-'));
    writeFileSync(
      join(dir, 'probe.ts'),
      'export const a: string = process.platform;\nexport const b = document.title;\n',
    );
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        extends: join(root, 'tsconfig.std.json'),
        compilerOptions: {
          composite: false,
          noEmit: true,
          emitDeclarationOnly: false,
          declaration: false,
          typeRoots: [],
        },
        include: [],
        files: [join(dir, 'probe.ts')],
      }),
    );
    let output = '';
    try {
      execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
    } catch (e) {
      output = (e as { stdout: string }).stdout;
    }
    expect(output).toMatch(/Cannot find name 'process'/);
    expect(output).toMatch(/Cannot find name 'document'/);
  });

  it('no file in src/core imports anything outside core and jose', () => {
    const dir = join(root, 'src/core');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const imports = [...readFileSync(join(dir, file), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      for (const spec of imports) expect(spec, `${file} imports ${spec}`).toMatch(/^(\.\/|jose$)/);
    }
  });
});
