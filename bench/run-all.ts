/** Runs every benchmark script in turn, each in its own process (npm run bench). */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const SCRIPTS = [
  'verify-batch.ts',
  'status-list.ts',
  'status-list-bytes.ts',
  'decoder-engines.ts',
  'scan-pipeline.ts',
  'sync-push.ts',
  'scan-to-paint.ts',
  'camera-frames.ts',
  'resource-budget.ts',
];
let failed = 0;
for (const script of SCRIPTS) {
  console.log(`\n## bench/${script}`);
  const run = spawnSync(
    process.execPath,
    ['--max-semi-space-size=64', '--import', 'tsx', join(import.meta.dirname, script)],
    { stdio: 'inherit' },
  );
  if (run.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
