import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { APP_VERSION } from '../../src/contract/app-version';
import { ROOT } from '../support/cli';

it("the version terminals report is package.json's", () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  expect(APP_VERSION).toBe(pkg.version);
});
