/**
 * The child process's entry, in Electron's place: `node --import tsx run-main.ts APP_DIR` maps
 * `electron` to the stand-in, opens the control channel, loads the app's main script (the
 * `main` of APP_DIR/package.json, i.e. the built bundle), then makes the app ready.
 */
import { readFileSync } from 'node:fs';
import { register } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { appStandIn } from './app';
import { serveControl } from './control';

const appDir = resolve(process.argv[2] ?? '.');
const { main } = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8')) as { main: string };

register('./hooks.ts', import.meta.url);
serveControl();
await import(pathToFileURL(join(appDir, main)).href);
appStandIn.becomeReady(appDir);
