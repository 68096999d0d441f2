import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One temporary folder per run, removed at the end (test/support/temp-root.ts); first, the
    // PostgreSQL cluster's folder, outside it (test/support/postgres.ts: started only if a test asks),
    // and the command line's bundle, built once when stale (test/support/build-cli.ts).
    globalSetup: ['test/support/build-cli.ts', 'test/support/postgres.ts', 'test/support/temp-root.ts'],
    // Child-process and crypto-heavy tests share two cores; keep them from starving each other.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
