// @ts-check
/**
 * Bundles the command line (src/cli/bin.ts and everything it imports) into one file,
 * out/cli/civicpass.js, with esbuild (installed with vite). Used by `npm run build`, by the
 * `civicpass` launcher when the bundle is missing or older than the sources, and by the tests'
 * global setup. `node bin/build-cli.js` builds unconditionally; `--if-stale` only when needed.
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = resolve(import.meta.dirname, '..');
export const BUNDLE = join(ROOT, 'out/cli/civicpass.js');
/** The script `verify --batch` starts its worker threads from, built beside the bundle. */
export const WORKER_BUNDLE = join(ROOT, 'out/cli/verify-worker.js');
const LOCK = join(ROOT, 'out/cli/.build.lock');

/** What the bundle is made from: a change to any of these makes it stale. */
const SOURCES = ['src', 'server', 'package-lock.json', 'bin/build-cli.js'];

/**
 * Packages loaded from node_modules at run time, never bundled: native addons (their `.node`
 * binaries are found relative to their own package), `pg` (optional native parts) and
 * @zxing/library (860 KB of JavaScript that only `decode --engine zxing-js` runs: bundled, it was
 * most of the file every start parsed, and `verify` started ~0.1 s later). They are required
 * lazily, when the module that uses them first runs, so `--help` or `verify` never pays for
 * loading SQLite, PostgreSQL, device drivers or the second decoder.
 */
const LAZY_EXTERNAL =
  /^(@zxing\/library|better-sqlite3|node-hid|serialport|@serialport\/.*|pg|pg-native|electron)(\/.*)?$/;

/** @type {import('esbuild').Plugin} */
const lazyExternals = {
  name: 'civicpass-lazy-externals',
  setup(build) {
    build.onResolve({ filter: LAZY_EXTERNAL }, (args) =>
      args.namespace === 'lazy-external'
        ? { path: args.path, external: true }
        : { path: args.path, namespace: 'lazy-external' },
    );
    // A CommonJS stand-in: esbuild initialises it only when its importer runs (commands are
    // imported on demand), and its require() is the bundle's own (see the banner).
    build.onLoad({ filter: /.*/, namespace: 'lazy-external' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
      resolveDir: ROOT,
    }));
  },
};

/**
 * Newest modification time (ms) among the files under `path`.
 * @param {string} path
 * @returns {number}
 */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file changes its folder's time
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    newest = Math.max(newest, newestMtime(join(path, entry.name)));
  }
  return newest;
}

/** True when the bundle is missing or older than one of its sources. */
export function isStale() {
  if (!existsSync(BUNDLE) || !existsSync(WORKER_BUNDLE)) return true;
  // The older of the two: a worker script left from an earlier build is stale too.
  const built = Math.min(statSync(BUNDLE).mtimeMs, statSync(WORKER_BUNDLE).mtimeMs);
  return SOURCES.some((s) => newestMtime(join(ROOT, s)) > built);
}

/** Builds the bundle and renames it into place, so no reader ever sees half a file. */
export async function buildCli() {
  const esbuild = await import('esbuild');
  // Built in a folder of its own, then renamed into place: the source map keeps its name.
  const temp = join(ROOT, `out/cli/.build-${process.pid}`);
  mkdirSync(temp, { recursive: true });
  /** @type {import('esbuild').BuildOptions} */
  const options = {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // CommonJS dependencies (pino, pngjs, ...) call require() for Node's modules; an ES module
    // has none, so the bundle makes one.
    banner: {
      js: "#!/usr/bin/env node\nimport { createRequire as __civicpassRequire } from 'node:module';\nconst require = __civicpassRequire(import.meta.url);",
    },
    plugins: [lazyExternals],
    // Less to parse at every start (and in every verify worker); names are kept for stack traces.
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
  };
  // The command line, and the script of `verify --batch`'s worker threads: only what verifying
  // needs, so that each worker parses ~50 KB rather than the whole command line.
  await Promise.all([
    esbuild.build({ ...options, entryPoints: [join(ROOT, 'src/cli/bin.ts')], outfile: join(temp, 'civicpass.js') }),
    esbuild.build({
      ...options,
      entryPoints: [join(ROOT, 'src/cli/verify-worker-main.ts')],
      outfile: join(temp, 'verify-worker.js'),
    }),
  ]);
  // The worker script first: a fresh bundle always finds a worker script at least as fresh.
  renameSync(join(temp, 'verify-worker.js.map'), `${WORKER_BUNDLE}.map`);
  renameSync(join(temp, 'verify-worker.js'), WORKER_BUNDLE);
  renameSync(join(temp, 'civicpass.js.map'), `${BUNDLE}.map`);
  renameSync(join(temp, 'civicpass.js'), BUNDLE);
  rmSync(temp, { recursive: true, force: true });
}

/** @param {number} ms */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** How long a lock may be held before it is taken to be left by a process that died. */
const STALE_LOCK_MS = 120_000;

/**
 * Builds when stale, under a lock (an exclusively created file): of several launches at once one
 * builds, the others wait for it and then find the bundle fresh.
 */
export async function ensureCliBuilt() {
  if (!isStale()) return;
  mkdirSync(join(ROOT, 'out/cli'), { recursive: true });
  for (;;) {
    let fd;
    try {
      fd = openSync(LOCK, 'wx');
    } catch (e) {
      if (/** @type {NodeJS.ErrnoException} */ (e).code !== 'EEXIST') throw e;
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > STALE_LOCK_MS) rmSync(LOCK, { force: true });
      } catch {
        // Released meanwhile.
      }
      await sleep(50);
      continue;
    }
    try {
      if (isStale()) await buildCli();
      return;
    } finally {
      closeSync(fd);
      rmSync(LOCK, { force: true });
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv.includes('--if-stale')) await ensureCliBuilt();
  else await buildCli();
}
