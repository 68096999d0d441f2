/**
 * A fleet of simulated terminals against the reference server (issue 14, "Load"): N terminals
 * enrol (their own Ed25519 device keys, made and kept as src/node/sync does), then sync on a
 * schedule, each cycle as the terminal's SyncClient runs it: a push of 50 events (with the health
 * report), then the pulls (trust list and status lists from their public paths, configuration,
 * all with If-None-Match; registry, redemptions and staff-call feeds by cursor; the signed time).
 * Every request carries a fresh device token. A bounded pool of workers (default 32) runs the
 * cycles, over HTTP on 127.0.0.1, against 1 or 2 server processes (`civicpass serve` children;
 * with 2, requests alternate between them as a load balancer would), on SQLite (one data
 * directory, so two processes share `server.db`) and on PostgreSQL (CIVICPASS_TEST_DATABASE_URL,
 * else test/support/postgres.ts's throwaway cluster).
 *
 * Time may be compressed (`--speed S`): each terminal syncs every 60 s of simulated time, and a
 * simulated minute lasts 60/S seconds, so the offered load is S times that of the real schedule.
 * Some pushes (`--race`, default 2%) go to both server processes at once (to the one process
 * twice) as a retry after a lost answer would: exactly one must answer `accepted` per event.
 *
 * Baseline, measured in the same run for each configuration: one terminal syncing alone, cycle
 * after cycle. Reported: p50/p99 cycle time, events/s ingested, errors, duplicates (events
 * stored minus distinct events sent, and events answered `accepted` twice), CPU per 1,000 events
 * of the server processes and of PostgreSQL's processes (/proc), and the bytes stored per event.
 *
 * Run: npx tsx bench/fleet.ts [--terminals N] [--minutes M] [--speed S] [--backend sqlite|postgres|both]
 *      [--processes 1|2|both] [--workers W] [--race FRACTION] [--per-venue K]
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { TerminalHealth } from '../src/contract/console-api';
import type { TerminalEvent } from '../src/core/sync-protocol';
import { DEMO_LIBRARY_VENUE } from '../src/issuer/demo-cards';
import { deviceToken, loadDeviceKey, type DeviceKey } from '../src/node/sync/device-identity';
import { enrolDevice } from '../src/node/sync/enrol';
import { SyncHttp } from '../src/node/sync/sync-http';
import { uuid7 } from '../src/node/store/uuid7';
import { addVenue, createDemoDeployment, makeEnrolmentCode } from '../server/admin/demo-setup';
import { PostgresSyncStorage } from '../server/storage/postgres-storage';
import { SqliteSyncStorage } from '../server/storage/sqlite-storage';
import type { SyncStorage } from '../server/storage/sync-storage';
import { testDatabase, type TestDatabase } from '../test/support/postgres';
import { fmt, percentile, printTable } from './support';

const { values: args } = parseArgs({
  options: {
    terminals: { type: 'string', default: '1000' },
    minutes: { type: 'string', default: '2' },
    speed: { type: 'string', default: '1' },
    backend: { type: 'string', default: 'both' },
    processes: { type: 'string', default: 'both' },
    workers: { type: 'string', default: '32' },
    race: { type: 'string', default: '0.02' },
    'per-venue': { type: 'string', default: '10' },
    'baseline-cycles': { type: 'string', default: '100' },
  },
});

function positive(name: string, raw: string, integer = true): number {
  const n = Number(raw);
  if (!(n > 0) || (integer && !Number.isInteger(n))) throw new Error(`--${name} ${raw} is not a positive number`);
  return n;
}

const TERMINALS = positive('terminals', args.terminals);
const MINUTES = positive('minutes', args.minutes);
const SPEED = positive('speed', args.speed, false);
const WORKERS = positive('workers', args.workers);
const PER_VENUE = positive('per-venue', args['per-venue']);
const BASELINE_CYCLES = positive('baseline-cycles', args['baseline-cycles']);
const RACE = Number(args.race);
if (!(RACE >= 0 && RACE <= 1)) throw new Error(`--race ${args.race} is not a fraction (0-1)`);
const BACKENDS: ('sqlite' | 'postgres')[] =
  args.backend === 'both' ? ['sqlite', 'postgres'] : args.backend === 'sqlite' ? ['sqlite'] : ['postgres'];
if (!['sqlite', 'postgres', 'both'].includes(args.backend)) throw new Error('--backend is sqlite, postgres or both');
const PROCESSES = args.processes === 'both' ? [1, 2] : [positive('processes', args.processes)];
if (PROCESSES.some((p) => p > 2)) throw new Error('--processes is 1, 2 or both');

const EVENTS_PER_PUSH = 50;
const SYNC_INTERVAL_MS = 60_000;
const REQUEST_TIMEOUT_MS = 15_000;
const ROOT = resolve(import.meta.dirname, '..');
const TICK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

// ---------------------------------------------------------------- CPU from /proc

/**
 * User + system CPU of one process (with `reaped`, also that of its children that have exited),
 * in ms; null when it is gone or not on this machine.
 */
function processCpuMs(pid: number, reaped = false): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    const ticks = f[11]! + f[12]! + (reaped ? f[13]! + f[14]! : 0);
    return (ticks / TICK) * 1000;
  } catch {
    return null;
  }
}

function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

/**
 * CPU of the postmaster and every process it started (backends, writers, autovacuum): the live
 * ones' own, and the postmaster's children's total for those that have exited (idle connections
 * the pools closed).
 */
function clusterCpuMs(postmaster: number): number {
  let total = processCpuMs(postmaster, true) ?? 0;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (parentOf(pid) === postmaster) total += processCpuMs(pid) ?? 0;
  }
  return total;
}

// ---------------------------------------------------------------- backends

interface Backend {
  readonly kind: 'sqlite' | 'postgres';
  readonly dataDir: string;
  /** PostgreSQL's URL, passed to the servers as CIVICPASS_DATABASE_URL. */
  readonly url: string | null;
  open(): Promise<SyncStorage>;
  /** CPU of the database's own processes (PostgreSQL), ms; null for SQLite (in the server). */
  dbCpuMs(): number | null;
  /** Bytes the events take in the database (table and indexes), or the file for SQLite. */
  eventBytes(): Promise<number>;
  settings(): Promise<string>;
  drop(): Promise<void>;
}

async function sqliteBackend(root: string): Promise<Backend> {
  const dataDir = mkdtempSync(join(root, 'sqlite-'));
  const file = join(dataDir, 'server.db');
  const size = (name: string): number => {
    try {
      return statSync(name).size;
    } catch {
      return 0;
    }
  };
  return {
    kind: 'sqlite',
    dataDir,
    url: null,
    open: () => Promise.resolve(new SqliteSyncStorage(file)),
    dbCpuMs: () => null,
    eventBytes: () => Promise.resolve(size(file) + size(`${file}-wal`)),
    settings: () => Promise.resolve('WAL, synchronous=FULL'),
    drop: () => Promise.resolve(),
  };
}

async function postgresBackend(root: string): Promise<Backend> {
  const dataDir = mkdtempSync(join(root, 'postgres-'));
  const database: TestDatabase = await testDatabase();
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const backendPid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  const postmaster = parentOf(backendPid);
  const show = async (name: string): Promise<string> =>
    (await client.query<Record<string, string>>(`SHOW ${name}`)).rows[0]![name] ?? '?';
  return {
    kind: 'postgres',
    dataDir,
    url: database.url,
    open: () => PostgresSyncStorage.open(database.url),
    dbCpuMs: () => (postmaster === null ? null : clusterCpuMs(postmaster)),
    async eventBytes() {
      const r = await client.query<{ n: string }>("SELECT pg_total_relation_size('events')::text AS n");
      return Number(r.rows[0]!.n);
    },
    async settings() {
      const version = await show('server_version');
      return `PostgreSQL ${version}, fsync=${await show('fsync')}, synchronous_commit=${await show('synchronous_commit')}`;
    },
    async drop() {
      await client.end();
      await database.drop();
    },
  };
}

// ---------------------------------------------------------------- server processes

interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  cpuMs(): number;
  stop(): Promise<void>;
}

async function startServerProcess(backend: Backend, logFile: string): Promise<ServerProcess> {
  const log = openSync(logFile, 'a');
  const env = { ...process.env };
  if (backend.url !== null) env['CIVICPASS_DATABASE_URL'] = backend.url;
  else delete env['CIVICPASS_DATABASE_URL'];
  const child = spawn(
    process.execPath,
    [
      '--max-semi-space-size=64',
      'bin/civicpass.js',
      'serve',
      '--data-dir',
      backend.dataDir,
      '--host',
      '127.0.0.1',
      '--port',
      '0',
    ],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', log] },
  );
  closeSync(log);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      try {
        const parsed = JSON.parse(line) as { listening?: unknown };
        if (typeof parsed.listening === 'string') resolveUrl(parsed.listening);
      } catch {
        // Not the JSON line.
      }
    });
    child.once('exit', (code) => reject(new Error(`civicpass serve exited (${code}); see ${logFile}`)));
  });
  const pid = child.pid!;
  return {
    url,
    child,
    cpuMs: () => processCpuMs(pid) ?? 0,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

// ---------------------------------------------------------------- simulated terminals

interface SimTerminal {
  readonly n: number;
  readonly deviceId: string;
  readonly key: DeviceKey;
  readonly audience: string;
  /** One client per server process; requests go to them in turn. */
  readonly clients: SyncHttp[];
  next: number;
  trustListPath: string | null;
  statusLists: { uri: string; path: string }[];
  readonly etags: Map<string, string>;
  registryCursor: string;
  redemptionsCursor: string;
  callsCursor: string;
  trustListSeq: number | null;
  busy: Promise<void>;
}

interface Tally {
  /** Distinct event ids sent. */
  sent: number;
  accepted: number;
  /** Events answered `accepted` more than once (a duplicate stored). */
  doubleAccepted: number;
  /** Events of a race that neither answer accepted. */
  neverAccepted: number;
  rejected: number;
  races: number;
  requests: number;
  notModified: number;
  errors: Map<string, number>;
}

const newTally = (): Tally => ({
  sent: 0,
  accepted: 0,
  doubleAccepted: 0,
  neverAccepted: 0,
  rejected: 0,
  races: 0,
  requests: 0,
  notModified: 0,
  errors: new Map(),
});

const errorCount = (t: Tally): number => [...t.errors.values()].reduce((a, b) => a + b, 0);

function isPublic(path: string): boolean {
  return path.startsWith('/v1/public/');
}

function pick(t: SimTerminal): SyncHttp {
  return t.clients[t.next++ % t.clients.length]!;
}

async function enrolTerminal(n: number, servers: ServerProcess[], code: string, root: string): Promise<SimTerminal> {
  const dataDir = join(root, `t${n}`);
  mkdirSync(dataDir, { mode: 0o700 });
  const server = servers[n % servers.length]!;
  const { enrolment } = await enrolDevice({
    dataDir,
    serverUrl: server.url,
    code,
    label: `fleet ${n}`,
    pinnedAnchors: [],
    timeoutMs: REQUEST_TIMEOUT_MS,
  });
  const key = await loadDeviceKey(dataDir);
  const token = (): Promise<string> => deviceToken(key, enrolment.deviceId, enrolment.audience, Date.now() / 1000);
  return {
    n,
    deviceId: enrolment.deviceId,
    key,
    audience: enrolment.audience,
    clients: servers.map((s) => new SyncHttp({ baseUrl: s.url, token, timeoutMs: REQUEST_TIMEOUT_MS })),
    next: n,
    trustListPath: null,
    statusLists: [],
    etags: new Map(),
    registryCursor: '0',
    redemptionsCursor: '0',
    callsCursor: '0',
    trustListSeq: null,
    busy: Promise.resolve(),
  };
}

/** 50 events as a till queues them: scans, a tenth of them offer redemptions, now and then a staff call. */
function makeEvents(count: number): TerminalEvent[] {
  const events: TerminalEvent[] = [];
  const now = Date.now();
  for (let i = 0; i < count; i++) {
    const at = new Date(now - (count - i) * 1000).toISOString();
    const id = uuid7(now - (count - i) * 1000);
    if (i === 0 && Math.random() < 0.05) {
      events.push({ type: 'staff_call', id, at });
      continue;
    }
    const redeem = Math.random() < 0.1;
    events.push({
      type: 'scan',
      id,
      at,
      service: redeem ? 'citysave' : 'library',
      offer: redeem ? 'cafe-10' : null,
      outcome: 'valid',
      reason: 'ok',
      source: 'hid',
      cardRef: randomBytes(32).toString('base64url'),
      kid: 'fleet-kid',
      trustSeq: 1,
      latencyMs: 0.7,
    });
  }
  return events;
}

interface PushResults {
  results?: { id?: string; status?: string }[];
}

async function push(t: SimTerminal, tally: Tally): Promise<void> {
  const events = makeEvents(EVENTS_PER_PUSH);
  const health: TerminalHealth = {
    appVersion: '0.1.0',
    trustListSeq: t.trustListSeq,
    statusListAges: [],
    queueDepth: events.length,
    clockSkew: 0,
  };
  const body = { events, health };
  tally.sent += events.length;
  // A race: the same batch to every process at once (to the one process twice).
  const race = Math.random() < RACE;
  const targets = race ? (t.clients.length > 1 ? t.clients : [t.clients[0]!, t.clients[0]!]) : [pick(t)];
  if (race) tally.races++;
  tally.requests += targets.length;
  const answers = await Promise.all(targets.map((c) => c.request('POST', '/v1/events', { body })));
  const accepted = new Map<string, number>();
  for (const a of answers) {
    for (const r of (JSON.parse(a.text) as PushResults).results ?? []) {
      if (r.status === 'accepted' && r.id !== undefined) accepted.set(r.id, (accepted.get(r.id) ?? 0) + 1);
      else if (r.status === 'rejected') tally.rejected++;
    }
  }
  for (const e of events) {
    const n = accepted.get(e.id) ?? 0;
    if (n >= 1) tally.accepted++;
    if (n > 1) tally.doubleAccepted += n - 1;
    if (n === 0) tally.neverAccepted++;
  }
}

/** A GET with the ETag last held for `kind` (the trust list keeps its tag whichever path it came from). */
async function conditionalGet(t: SimTerminal, kind: string, path: string, tally: Tally): Promise<string | null> {
  tally.requests++;
  const r = await pick(t).request('GET', path, { etag: t.etags.get(kind) ?? null, auth: !isPublic(path) });
  if (r.status === 304) {
    tally.notModified++;
    return null;
  }
  if (r.etag !== null) t.etags.set(kind, r.etag);
  return r.text;
}

async function feed(
  t: SimTerminal,
  path: string,
  cursor: string,
  tally: Tally,
  count: (page: Record<string, unknown>) => number,
): Promise<string> {
  for (let more = true; more;) {
    tally.requests++;
    const r = await pick(t).request('GET', `${path}?since=${encodeURIComponent(cursor)}`);
    const page = JSON.parse(r.text) as Record<string, unknown> & { cursor: string; more: boolean };
    cursor = page.cursor;
    more = page.more && count(page) > 0;
  }
  return cursor;
}

/** One sync cycle, in the order SyncClient runs it; the answers are kept, not verified (terminal CPU). */
async function cycle(t: SimTerminal, tally: Tally): Promise<void> {
  await push(t, tally);
  const trustPath = t.trustListPath ?? '/v1/trust';
  const trust = await conditionalGet(t, 'trust', trustPath, tally);
  if (trust !== null) {
    const payload = JSON.parse(Buffer.from(trust.split('.')[1] ?? '', 'base64url').toString()) as { seq?: number };
    t.trustListSeq = payload.seq ?? null;
  }
  const config = await conditionalGet(t, 'config', '/v1/config', tally);
  if (config !== null) {
    const doc = JSON.parse(config) as { statusLists?: { uri: string; path: string }[]; trustListPath?: string };
    t.statusLists = doc.statusLists ?? [];
    t.trustListPath = typeof doc.trustListPath === 'string' ? doc.trustListPath : null;
  }
  for (const list of t.statusLists) await conditionalGet(t, list.uri, list.path, tally);
  t.registryCursor = await feed(t, '/v1/registry', t.registryCursor, tally, (p) => {
    const upsert = p['upsert'] as unknown[];
    const remove = p['remove'] as unknown[];
    return upsert.length + remove.length;
  });
  t.redemptionsCursor = await feed(t, '/v1/redemptions', t.redemptionsCursor, tally, () => 1);
  tally.requests++;
  await pick(t).request('GET', '/v1/time');
  t.callsCursor = await feed(t, '/v1/staff-calls', t.callsCursor, tally, () => 1);
}

// ---------------------------------------------------------------- phases

interface PhaseResult {
  readonly label: string;
  readonly terminals: number;
  readonly cycles: number;
  readonly times: number[];
  readonly lateness: number[];
  readonly wallMs: number;
  readonly tally: Tally;
  readonly serverCpuMs: number;
  readonly dbCpuMs: number | null;
  readonly clientCpuMs: number;
}

async function measure(
  label: string,
  terminals: number,
  backend: Backend,
  servers: ServerProcess[],
  run: (tally: Tally, times: number[], lateness: number[]) => Promise<void>,
): Promise<PhaseResult> {
  const tally = newTally();
  const times: number[] = [];
  const lateness: number[] = [];
  const serverBefore = servers.reduce((a, s) => a + s.cpuMs(), 0);
  const dbBefore = backend.dbCpuMs();
  const clientBefore = process.cpuUsage();
  const start = performance.now();
  await run(tally, times, lateness);
  const wallMs = performance.now() - start;
  const client = process.cpuUsage(clientBefore);
  const dbAfter = backend.dbCpuMs();
  return {
    label,
    terminals,
    cycles: times.length,
    times,
    lateness,
    wallMs,
    tally,
    serverCpuMs: servers.reduce((a, s) => a + s.cpuMs(), 0) - serverBefore,
    dbCpuMs: dbBefore === null || dbAfter === null ? null : dbAfter - dbBefore,
    clientCpuMs: (client.user + client.system) / 1000,
  };
}

async function timedCycle(t: SimTerminal, tally: Tally, times: number[]): Promise<void> {
  const start = performance.now();
  try {
    await cycle(t, tally);
    times.push(performance.now() - start);
  } catch (e) {
    const message = (e as Error).message.slice(0, 120);
    tally.errors.set(message, (tally.errors.get(message) ?? 0) + 1);
  }
}

/** Every terminal's cycles at their times: terminal i at offset i/N of the interval, each interval. */
async function scheduled(fleet: SimTerminal[], minutes: number, tally: Tally, times: number[], lateness: number[]) {
  const interval = SYNC_INTERVAL_MS / SPEED;
  const jobs: { due: number; t: SimTerminal }[] = [];
  for (let k = 0; k < minutes; k++)
    for (const t of fleet) jobs.push({ due: k * interval + (t.n / fleet.length) * interval, t });
  jobs.sort((a, b) => a.due - b.due);
  const start = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      const wait = start + job.due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      await job.t.busy;
      lateness.push(Math.max(0, performance.now() - start - job.due));
      const done = timedCycle(job.t, tally, times);
      job.t.busy = done;
      await done;
    }
  };
  await Promise.all(Array.from({ length: Math.min(WORKERS, jobs.length) }, worker));
}

async function pool<T>(items: T[], workers: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(workers, items.length) }, async () => {
      while (next < items.length) await run(items[next++]!);
    }),
  );
}

// ---------------------------------------------------------------- one configuration

interface ConfigResult {
  readonly name: string;
  readonly settings: string;
  readonly enrolMs: number;
  readonly baseline: PhaseResult;
  readonly warm: PhaseResult;
  readonly fleet: PhaseResult;
  readonly stored: number;
  readonly distinctSent: number;
  readonly bytesPerEvent: number;
}

async function runConfiguration(kind: 'sqlite' | 'postgres', processes: number, root: string): Promise<ConfigResult> {
  const name = `${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, ${processes} process${processes > 1 ? 'es' : ''}`;
  console.error(`\n== ${name}`);
  const backend = kind === 'sqlite' ? await sqliteBackend(root) : await postgresBackend(root);
  const settings = await backend.settings();
  // The deployment, one venue per PER_VENUE terminals, and an enrolment code per terminal.
  const setup = await backend.open();
  const now = Date.now() / 1000;
  await createDemoDeployment(backend.dataDir, setup, now);
  const venues = Math.ceil(TERMINALS / PER_VENUE);
  for (let v = 0; v < venues; v++)
    await addVenue(setup, { ...DEMO_LIBRARY_VENUE, venueId: `fleet-${v}`, name: `Fleet venue ${v}` });
  const codes: string[] = [];
  for (let n = 0; n <= TERMINALS; n++)
    codes.push(await makeEnrolmentCode(setup, n === TERMINALS ? 'demo-library' : `fleet-${n % venues}`, now));
  const storedBefore = await setup.eventCount();
  const bytesBefore = await backend.eventBytes();
  await setup.close();

  const servers: ServerProcess[] = [];
  try {
    for (let p = 0; p < processes; p++)
      servers.push(await startServerProcess(backend, join(root, `serve-${kind}-${processes}-${p}.log`)));
    const terminalsRoot = mkdtempSync(join(root, 'terminals-'));
    const enrolStart = performance.now();
    const fleet: SimTerminal[] = [];
    await pool(
      Array.from({ length: TERMINALS }, (_, n) => n),
      WORKERS,
      async (n) => void fleet.push(await enrolTerminal(n, servers, codes[n]!, terminalsRoot)),
    );
    fleet.sort((a, b) => a.n - b.n);
    const enrolMs = performance.now() - enrolStart;
    console.error(`enrolled ${fleet.length} terminals in ${fmt(enrolMs / 1000, 1)} s`);

    // Baseline: one terminal alone (its first sync not counted), cycle after cycle.
    const lone = await enrolTerminal(TERMINALS, servers, codes[TERMINALS]!, terminalsRoot);
    const loneFirst = newTally();
    await cycle(lone, loneFirst);
    const baseline = await measure('baseline: 1 terminal alone', 1, backend, servers, async (tally, times) => {
      for (let i = 0; i < BASELINE_CYCLES; i++) await timedCycle(lone, tally, times);
    });
    console.error(`baseline: p50 ${fmt(percentile(baseline.times, 50), 1)} ms`);

    // Every terminal's first sync (full downloads), as fast as the pool allows.
    const warm = await measure('first sync of every terminal', TERMINALS, backend, servers, (tally, times) =>
      pool(fleet, WORKERS, (t) => timedCycle(t, tally, times)),
    );
    console.error(`first syncs: ${warm.cycles} in ${fmt(warm.wallMs / 1000, 1)} s`);

    const fleetResult = await measure(
      `${TERMINALS} terminals, every 60 s`,
      TERMINALS,
      backend,
      servers,
      (tally, times, lateness) => scheduled(fleet, MINUTES, tally, times, lateness),
    );
    console.error(`fleet: ${fleetResult.cycles} cycles in ${fmt(fleetResult.wallMs / 1000, 1)} s`);

    for (const s of servers.splice(0)) await s.stop();
    const check = await backend.open();
    const stored = (await check.eventCount()) - storedBefore;
    await check.close();
    const distinctSent = [loneFirst, baseline.tally, warm.tally, fleetResult.tally].reduce((a, t) => a + t.sent, 0);
    const bytes = (await backend.eventBytes()) - (kind === 'sqlite' ? bytesBefore : 0);
    rmSync(terminalsRoot, { recursive: true, force: true });
    return {
      name,
      settings,
      enrolMs,
      baseline,
      warm,
      fleet: fleetResult,
      stored,
      distinctSent,
      bytesPerEvent: stored > 0 ? bytes / stored : 0,
    };
  } finally {
    for (const s of servers) await s.stop();
    await backend.drop();
  }
}

// ---------------------------------------------------------------- report

const perThousand = (cpuMs: number | null, events: number): string =>
  cpuMs === null || events === 0 ? '-' : fmt((cpuMs / events) * 1000, 0);

function row(r: PhaseResult, baseline: PhaseResult): Record<string, string> {
  const p50 = percentile(r.times, 50);
  const p99 = percentile(r.times, 99);
  const cpu = r.serverCpuMs + (r.dbCpuMs ?? 0);
  const baseCpu = baseline.serverCpuMs + (baseline.dbCpuMs ?? 0);
  const events = r.tally.accepted;
  return {
    run: r.label,
    cycles: String(r.cycles),
    'p50 ms': fmt(p50, 1),
    'p99 ms': fmt(p99, 1),
    'max ms': fmt(Math.max(...r.times), 1),
    'p99 ratio': fmt(p99 / percentile(baseline.times, 99), 2),
    'events/s': fmt((events / r.wallMs) * 1000, 0),
    errors: String(errorCount(r.tally)),
    'server CPU ms/1k ev': perThousand(r.serverCpuMs, events),
    'DB CPU ms/1k ev': perThousand(r.dbCpuMs, events),
    'CPU ratio': events === 0 ? '-' : fmt(cpu / events / (baseCpu / baseline.tally.accepted), 2),
    'client CPU ms/1k ev': perThousand(r.clientCpuMs, events),
  };
}

const root = mkdtempSync(join(tmpdir(), 'civicpass-fleet-'));
const results: ConfigResult[] = [];
try {
  for (const kind of BACKENDS) for (const p of PROCESSES) results.push(await runConfiguration(kind, p, root));
} finally {
  rmSync(root, { recursive: true, force: true });
}

const cpu = cpus();
console.log(
  `\nMachine: ${cpu.length} x ${cpu[0]?.model ?? '?'}, ${fmt(totalmem() / 2 ** 30, 0)} GiB, Node ${process.version}`,
);
console.log(
  `Fleet: ${TERMINALS} terminals (${PER_VENUE} a venue), a push of ${EVENTS_PER_PUSH} events + conditional pulls every 60 s of simulated time, ` +
    `${MINUTES} simulated minutes at speed ${SPEED} (one minute = ${fmt(60 / SPEED, 1)} s, offered ${fmt((TERMINALS * SPEED) / 60, 1)} cycles/s), ` +
    `${WORKERS} workers, ${fmt(RACE * 100, 1)}% of pushes raced to two processes`,
);
for (const r of results) {
  printTable(`${r.name} (${r.settings}); enrolment of ${TERMINALS}: ${fmt(r.enrolMs / 1000, 1)} s`, [
    row(r.baseline, r.baseline),
    row(r.warm, r.baseline),
    row(r.fleet, r.baseline),
  ]);
  const f = r.fleet;
  const all = [r.baseline, r.warm, r.fleet];
  const sum = (k: 'accepted' | 'doubleAccepted' | 'neverAccepted' | 'rejected' | 'races'): number =>
    all.reduce((a, x) => a + x.tally[k], 0);
  const duplicates = r.stored - r.distinctSent;
  console.log(
    `stored ${r.stored} events for ${r.distinctSent} distinct sent: duplicates ${duplicates}, ` +
      `answered accepted twice ${sum('doubleAccepted')}, never accepted ${sum('neverAccepted')}, rejected ${sum('rejected')}, ` +
      `raced pushes ${sum('races')}; ${fmt(r.bytesPerEvent, 0)} bytes stored per event`,
  );
  console.log(
    `fleet: lateness p99 ${fmt(percentile(f.lateness, 99), 1)} ms, ${f.tally.requests} requests (${f.tally.notModified} answered 304), ` +
      `server CPU ${fmt(f.serverCpuMs / 1000, 1)} s + DB ${f.dbCpuMs === null ? '-' : fmt(f.dbCpuMs / 1000, 1)} s + client ${fmt(f.clientCpuMs / 1000, 1)} s in ${fmt(f.wallMs / 1000, 1)} s`,
  );
  for (const [message, n] of [...r.warm.tally.errors, ...f.tally.errors]) console.log(`  error x${n}: ${message}`);
  const met =
    percentile(f.times, 99) < 500 && errorCount(f.tally) === 0 && duplicates === 0 && sum('doubleAccepted') === 0;
  console.log(`target (p99 < 500 ms, 0 errors, 0 duplicates): ${met ? 'met' : 'NOT met'}`);
}
