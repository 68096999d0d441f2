/**
 * What a newcomer meets first: the README's links lead somewhere, and `npm test` without a
 * browser stops with one line saying how to get one (not a stack trace per browser test).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli';

describe('first steps', () => {
  it('every relative link in the README and docs/ points to a file that exists', () => {
    const files = [
      'README.md',
      ...readdirSync(join(ROOT, 'docs'))
        .filter((f) => f.endsWith('.md'))
        .map((f) => `docs/${f}`),
    ];
    const broken: string[] = [];
    for (const file of files) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const m of text.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
        const target = m[1]!;
        if (/^[a-z]+:/.test(target)) continue;
        if (!existsSync(join(ROOT, dirname(file), target))) broken.push(`${file} -> ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('without a browser, the test command stops with one line that says how to install one', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'test/support/require-browser.ts')], {
      cwd: ROOT,
      env: { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/apt-get install chromium/);
    expect(lines[0]).toMatch(/npx playwright install chromium/);
  });

  it('with one, it says nothing and lets the tests run', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'test/support/require-browser.ts')], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
  });
});
