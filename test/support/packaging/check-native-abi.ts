/**
 * After a real `npm run package`: lists the native addons of an unpacked app and fails unless
 * every ABI-bound one (better-sqlite3) was built for Electron's NODE_MODULE_VERSION, which
 * node_modules/electron/abi_version records. A rebuild that was skipped, or fell back to Node's
 * headers, leaves Node's build there, and the kiosk would fail at start.
 *
 *   node --import tsx test/support/packaging/check-native-abi.ts dist/linux-unpacked
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../cli';
import { inspectNativeBinary } from './native-binary';

const app = process.argv[2];
if (!app) {
  console.error('usage: check-native-abi.ts UNPACKED_APP_DIR (e.g. dist/linux-unpacked)');
  process.exit(2);
}
const electronAbi = Number(readFileSync(join(ROOT, 'node_modules/electron/abi_version'), 'utf8').trim());
const unpacked = join(app, 'resources/app.asar.unpacked');
const addons = readdirSync(unpacked, { recursive: true, encoding: 'utf8' }).filter((p) => p.endsWith('.node'));

let wrong = 0;
for (const path of addons.sort()) {
  const { abi } = inspectNativeBinary(readFileSync(join(unpacked, path)));
  const needs =
    abi.kind === 'napi' ? 'N-API (any ABI)' : abi.kind === 'none' ? 'not an addon' : `ABI ${abi.version ?? '?'}`;
  const ok = abi.kind === 'napi' || (abi.kind === 'node' && abi.version === electronAbi);
  if (!ok) wrong++;
  console.log(`${ok ? 'ok   ' : 'WRONG'} ${needs.padEnd(16)} ${path}`);
}
console.log(`Electron's ABI is ${electronAbi}; ${wrong} addon(s) will not load.`);
process.exit(wrong === 0 ? 0 : 1);
