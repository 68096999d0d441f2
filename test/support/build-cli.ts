/**
 * Global setup: builds the command line's bundle (out/cli/civicpass.js) once, before any test
 * file runs, when it is missing or older than the sources; every test that runs the command
 * line (test/support/cli.ts) then runs the same file, and no two test files ever build at once.
 */
import { ensureCliBuilt } from '../../bin/build-cli.js';

export default async function setup(): Promise<void> {
  await ensureCliBuilt();
}
