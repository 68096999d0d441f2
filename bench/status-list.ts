/**
 * Status list of 10 million entries, 2 bits each: decode time, lookup time, memory.
 * Targets (issue): decode < 150 ms, lookup < 1 µs. Baselines in the same run: a bare
 * zlib.inflateSync of the same bytes (the floor for decoding), and a bare Uint8Array read.
 * Run: npx tsx bench/status-list.ts
 */
import { inflateSync } from 'node:zlib';
import { base64url } from 'jose';
import { decodeStatusList } from '../src/core/status-list';
import { verifyStatusList } from '../src/core/status-list';
import { verifyTrustList } from '../src/core/trust-list';
import { importAnchors } from '../src/core/anchors';
import { zlibInflater } from '../src/node/zlib-inflater';
import { encodeLst, packStatuses, signStatusList } from '../src/issuer/status-list-writer';
import { makeDeployment, NOW, STATUS_URI } from '../test/support/deployment';
import { fmt, median, medianTime, printTable } from './support';

const SIZE = 10_000_000;
const LOOKUPS = 10_000_000;

// A realistic list: 2% revoked, 0.5% suspended, scattered (deterministic pseudo-random).
const statuses = new Uint8Array(SIZE);
let seed = 42;
// Math.imul keeps the LCG in 32-bit integers (a float multiply would lose bits and cycle early).
const rand = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
for (let i = 0; i < SIZE; i++) {
  const r = rand();
  statuses[i] = r < 0.02 ? 1 : r < 0.025 ? 2 : 0;
}
const packed = packStatuses(2, statuses);
const lst = encodeLst(packed);
const compressed = base64url.decode(lst);

const baselineInflate = await medianTime(7, () => inflateSync(compressed));
const decode = await medianTime(7, () => decodeStatusList(2, lst, zlibInflater));

const heapBefore = process.memoryUsage();
const list = decodeStatusList(2, lst, zlibInflater);
const heapAfter = process.memoryUsage();

// Lookups at pseudo-random indexes, checked against the source array.
const indexes = new Uint32Array(LOOKUPS);
for (let i = 0; i < LOOKUPS; i++) indexes[i] = Math.floor(rand() * SIZE);
for (let i = 0; i < 1000; i++) if (list.get(indexes[i]!) !== statuses[indexes[i]!]) throw new Error('lookup mismatch');
const lookupRounds: number[] = [];
const bareRounds: number[] = [];
let sink = 0;
for (let r = 0; r < 5; r++) {
  let t = performance.now();
  for (let i = 0; i < LOOKUPS; i++) sink += list.get(indexes[i]!) ?? 0;
  lookupRounds.push(performance.now() - t);
  t = performance.now();
  for (let i = 0; i < LOOKUPS; i++) sink += statuses[indexes[i]!]!;
  bareRounds.push(performance.now() - t);
}
const lookupNs = (median(lookupRounds) * 1e6) / LOOKUPS;
const bareNs = (median(bareRounds) * 1e6) / LOOKUPS;

// The whole status list JWT as a sync delivers it: signature check plus decode.
const d = await makeDeployment();
const trust = await verifyTrustList(d.trustList, await importAnchors(d.anchorJwk));
const jwt = await signStatusList(d.issuerKey, { sub: STATUS_URI, iat: NOW, ttl: 21600, status_list: { bits: 2, lst } });
const verifyAndDecode = await medianTime(5, () => verifyStatusList(jwt, trust, zlibInflater));

printTable(
  `Status list, ${SIZE.toLocaleString('en-GB')} entries x 2 bits (${(packed.length / 1e6).toFixed(1)} MB raw, ${(compressed.length / 1e6).toFixed(2)} MB zlib, JWT ${(jwt.length / 1e6).toFixed(2)} MB)`,
  [
    {
      measure: 'decode (base64url + bounded inflate), median of 7',
      value: `${fmt(decode)} ms`,
      baseline: `bare inflateSync ${fmt(baselineInflate)} ms`,
      ratio: fmt(decode / baselineInflate, 2),
      target: '< 150 ms',
    },
    {
      measure: 'verify signature + decode the JWT, median of 5',
      value: `${fmt(verifyAndDecode)} ms`,
      baseline: '-',
      ratio: '-',
      target: '-',
    },
    {
      measure: `lookup, ${LOOKUPS.toLocaleString('en-GB')} random indexes, median of 5`,
      value: `${fmt(lookupNs, 2)} ns`,
      baseline: `bare Uint8Array read ${fmt(bareNs, 2)} ns`,
      ratio: fmt(lookupNs / bareNs, 2),
      target: '< 1000 ns',
    },
    {
      measure: 'memory of the decoded list',
      value: `${(list.size / 4 / 1e6).toFixed(2)} MB array`,
      baseline: `RSS +${((heapAfter.rss - heapBefore.rss) / 1e6).toFixed(1)} MB`,
      ratio: '-',
      target: '-',
    },
  ],
);
if (sink === -1) console.log(sink);
