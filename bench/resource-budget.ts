/**
 * The kiosk's resource budget (issue 15): time from start to Ready (browser host: `npm start`'s
 * own entry point, demo deployment, Chromium painting Ready), resident memory of the terminal
 * process and of the renderer, the renderer bundle size, and the terminal's memory after 1,000
 * and 10,000 scans (target: the second within 10 % of the first).
 *
 * Baselines measured in the same run: a bare `node -e ''` start plus Chromium painting a blank
 * page (the floor any start pays), and the memory of a terminal that has made no scan.
 *
 * Run: npx tsx bench/resource-budget.ts   (after npm run build; needs Chromium)
 * Electron is not measured: its binary cannot be installed on this machine.
 */
import { chromium } from '@playwright/test';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/support/chromium';
import { fmt, printTable } from './support';

const ROOT = join(import.meta.dirname, '..');
const MB = 1024 * 1024;

/** Re-run under --expose-gc, so memory is measured after a full collection. */
if (typeof globalThis.gc !== 'function') {
  const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', import.meta.filename], {
    stdio: 'inherit',
  });
  process.exit(run.status ?? 1);
}
const gc = globalThis.gc as () => void;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Resident memory of a process (VmRSS), in bytes; 0 when it is gone. */
function rss(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The descendants of a process, from /proc. */
function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name is in parentheses and may hold spaces: the fields after it are fixed.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(entry), Number(fields[1]));
    } catch {
      // Gone meanwhile.
    }
  }
  const out: number[] = [];
  const walk = (pid: number): void => {
    for (const [child, p] of parent)
      if (p === pid) {
        out.push(child);
        walk(child);
      }
  };
  walk(root);
  return out;
}

const cmdline = (pid: number): string => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
};

// ---- Start to Ready --------------------------------------------------------------------------

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });

async function blankBaseline(): Promise<number> {
  const started = performance.now();
  spawnSync(process.execPath, ['-e', '']);
  const page = await browser.newPage();
  await page.setContent('<p id="ready">ready</p>');
  await page.waitForSelector('#ready');
  await page.close();
  return performance.now() - started;
}

interface Started {
  readonly ms: number;
  readonly terminalRss: number;
  readonly rendererRss: number;
  readonly renderers: number;
  stop(): Promise<void>;
}

/** `npm start`'s entry point, as a new user runs it (browser host, demo deployment), to Ready painted. */
async function startToReady(dataDir: string, syncPort: number): Promise<Started> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['--max-semi-space-size=64', '--import', 'tsx', join(ROOT, 'src/host/start.ts')],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        CIVICPASS_DATA_DIR: dataDir,
        CIVICPASS_BROWSER_HOST: '1',
        CIVICPASS_NO_BROWSER: '1',
        CIVICPASS_SKIP_BUILD: '1',
        CIVICPASS_SYNC_PORT: String(syncPort),
        CIVICPASS_SIP2_PORT: String(await freePort()),
        CIVICPASS_PORT: String(await freePort()),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const read = (d: Buffer): void => {
      out += d.toString();
      const m = /open (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => reject(new Error(`start exited ${code}: ${out}`)));
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(url);
  await page.waitForSelector('#ready-title');
  const ms = performance.now() - started;
  await page.waitForTimeout(1000);
  // Chromium was started by this process; the terminal's own process starts no browser here.
  const renderers = descendants(process.pid).filter((pid) => cmdline(pid).includes('--type=renderer'));
  const result = {
    ms,
    terminalRss: rss(child.pid!),
    // The kiosk's page is the only one open now; Chromium may keep a spare renderer besides, and
    // shared pages count in each process's RSS: the largest renderer is the page's.
    rendererRss: Math.max(0, ...renderers.map(rss)),
    renderers: renderers.length,
    async stop() {
      await page.close();
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      // The demo sync server runs on in its own process (as npm start leaves it): stop it too.
      spawnSync(
        process.execPath,
        [join(ROOT, 'bin/civicpass.js'), 'demo-server', 'stop', '--data-dir', dataDir, '--port', String(syncPort)],
        {
          cwd: ROOT,
          env: { ...process.env, CIVICPASS_DATA_DIR: dataDir },
        },
      );
    },
  };
  return result;
}

const dataDir = mkdtempSync(join(tmpdir(), 'civicpass-budget-'));
const syncPort = await freePort();
const blank = await blankBaseline();
const first = await startToReady(dataDir, syncPort);
await first.stop();
const again = await startToReady(dataDir, syncPort);
await again.stop();
await browser.close();
rmSync(dataDir, { recursive: true, force: true });

printTable('Start to Ready (browser host, demo deployment; Chromium paints Ready)', [
  { run: 'baseline: node -e "" + Chromium blank page', ms: fmt(blank, 0), ratio: '1.00' },
  { run: 'first start (makes keys and cards)', ms: fmt(first.ms, 0), ratio: fmt(first.ms / blank, 2) },
  { run: 'second start', ms: fmt(again.ms, 0), ratio: fmt(again.ms / blank, 2) },
]);
printTable('Resident memory at Ready (second start)', [
  { process: 'terminal (browser host + service)', MB: fmt(again.terminalRss / MB) },
  { process: `renderer (the largest of ${again.renderers} Chromium renderers)`, MB: fmt(again.rendererRss / MB) },
]);

// ---- Bundle size -------------------------------------------------------------------------------

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
  );
}
const bundle = files(join(ROOT, 'out/renderer'));
const byKind = (test: (f: string) => boolean) => {
  const chosen = bundle.filter(test);
  return {
    raw: chosen.reduce((s, f) => s + statSync(f).size, 0),
    gzip: chosen.reduce((s, f) => s + gzipSync(readFileSync(f)).length, 0),
  };
};
const js = byKind((f) => f.endsWith('.js'));
const css = byKind((f) => f.endsWith('.css'));
const wasm = byKind((f) => f.endsWith('.wasm'));
const fonts = byKind((f) => /\.(woff2?|ttf)$/.test(f));
printTable('Renderer bundle (out/renderer)', [
  { part: 'JavaScript', KB: fmt(js.raw / 1024, 0), 'KB gzip': fmt(js.gzip / 1024, 0) },
  { part: 'CSS', KB: fmt(css.raw / 1024, 0), 'KB gzip': fmt(css.gzip / 1024, 0) },
  { part: 'WebAssembly (decoder)', KB: fmt(wasm.raw / 1024, 0), 'KB gzip': fmt(wasm.gzip / 1024, 0) },
  { part: 'fonts', KB: fmt(fonts.raw / 1024, 0), 'KB gzip': fmt(fonts.gzip / 1024, 0) },
]);

// ---- Memory after 1,000 and 10,000 scans -------------------------------------------------------

const { enrolledTerminal, startServer } = await import('../test/support/sync-server');
const server = await startServer();
const { service } = await enrolledTerminal(server);
// Distinct genuine cards, so that every scan goes the whole way (no repeat-window answers).
const now = Date.now() / 1000;
const tokens: string[] = [];
for (let i = 0; i < 10_000; i++) tokens.push((await server.deployment.issueCard({ services: ['library'] }, now)).token);
const settle = (): NodeJS.MemoryUsage => {
  gc();
  gc();
  return process.memoryUsage();
};
// A warm-up (JIT, statement caches), then the baseline of a terminal that has made no scan.
for (let i = 0; i < 50; i++) await service.submit({ text: `receipt-${i}`, source: 'keyboard' });
const before = settle();
let done = 0;
const scan = async (upTo: number): Promise<void> => {
  for (; done < upTo; done++) await service.submit({ text: tokens[done]!, source: 'hid' });
};
await scan(1_000);
const at1k = settle();
await scan(10_000);
const at10k = settle();
await service.close();
await server.close();
printTable('Terminal memory (in-process service, after a full GC)', [
  { after: 'no scans (baseline)', 'RSS MB': fmt(before.rss / MB), 'heap MB': fmt(before.heapUsed / MB), vs1k: '-' },
  { after: '1,000 scans', 'RSS MB': fmt(at1k.rss / MB), 'heap MB': fmt(at1k.heapUsed / MB), vs1k: '1.00' },
  {
    after: '10,000 scans',
    'RSS MB': fmt(at10k.rss / MB),
    'heap MB': fmt(at10k.heapUsed / MB),
    vs1k: fmt(at10k.rss / at1k.rss, 2),
  },
]);
console.log(
  `\n10,000 scans vs 1,000: RSS ${fmt((at10k.rss / at1k.rss - 1) * 100)} %, heap ${fmt((at10k.heapUsed / at1k.heapUsed - 1) * 100)} % (target: within 10 %)`,
);
