#!/usr/bin/env node
// @ts-check
/**
 * The `civicpass` command (package.json `bin`, `npm run civicpass`): runs the built command line,
 * building it first when it is missing or older than the sources (bin/build-cli.js). Scripts
 * and tests that want no check at all run `node out/cli/civicpass.js` directly.
 */
import { pathToFileURL } from 'node:url';
import { BUNDLE, ensureCliBuilt } from './build-cli.js';

await ensureCliBuilt();
await import(pathToFileURL(BUNDLE).href);
