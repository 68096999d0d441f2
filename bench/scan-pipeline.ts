/**
 * Scan pipeline end to end in Node: message in -> verified -> row committed (log, outbox, in
 * one fsync'd transaction) -> event out. p50/p99 latency over 10,000 scans, and throughput.
 * Target (issue): p99 < 5 ms. Baseline in the same run: verification alone (no database), so the
 * ratio shows what persistence costs. Run: npx tsx bench/scan-pipeline.ts [count]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { JWK } from 'jose';
import { TrustedClock } from '../src/core/trusted-clock';
import { CardVerifier } from '../src/core/verifier';
import { signCardToken } from '../src/issuer/sign';
import { keyFromPrivateJwk } from '../src/issuer/keys';
import { DEMO_ISSUER, DEMO_STATUS_URI } from '../src/issuer/demo-deployment';
import { installFastBase64 } from '../src/node/fast-base64';
import { nodeSignatures } from '../src/node/node-signatures';
import { makeTerminal } from '../test/support/terminal';
import { fmt, percentile, printTable } from './support';

installFastBase64();
const COUNT = Number(process.argv[2] ?? 10_000);
const t = await makeTerminal();
const issuer = await keyFromPrivateJwk(
  JSON.parse(readFileSync(join(t.demoDir, 'keys/issuer.private.jwk'), 'utf8')) as JWK,
  'ES256',
);
const now = Math.floor(Date.now() / 1000);
const tokens: string[] = [];
for (let i = 0; i < COUNT; i++) {
  tokens.push(
    await signCardToken(issuer, {
      v: 1,
      iss: DEMO_ISSUER,
      sub: `bench_${String(i).padStart(10, '0')}`,
      iat: now - 60,
      exp: now + 86400,
      svc: ['library'],
      name: 'Bench',
      status: { status_list: { idx: 1, uri: DEMO_STATUS_URI } },
    }),
  );
}

// Baseline: the verifier alone, same tokens, no persistence.
const verifyOnly: number[] = [];
const verifier = new CardVerifier(
  {
    material: () => t.service.admin.material,
    clock: new TrustedClock({ now: () => Date.now() / 1000 }, () => 300),
    policy: () => t.service.admin.venue.staleness,
  },
  nodeSignatures,
);
for (const token of tokens) {
  const start = performance.now();
  await verifier.verify(token);
  verifyOnly.push(performance.now() - start);
}

// The pipeline: each scan awaited, as a kiosk handles one card at a time.
let events = 0;
t.service.subscribe((e) => {
  if (e.type === 'scan') events++;
});
const latencies: number[] = [];
const wall = performance.now();
for (const token of tokens) {
  const start = performance.now();
  const r = await t.service.submit({ text: token, source: 'hid', receivedAt: start });
  if (r.status !== 'handled' || r.result.outcome !== 'valid') throw new Error(`unexpected result ${JSON.stringify(r)}`);
  latencies.push(performance.now() - start);
}
const elapsed = performance.now() - wall;
if (events !== COUNT) throw new Error(`${events} events for ${COUNT} scans`);
await t.service.close();

printTable(`Scan pipeline, ${COUNT} valid ES256 scans, one at a time (SQLite WAL, synchronous=FULL)`, [
  {
    run: 'baseline: verification only',
    p50: `${fmt(percentile(verifyOnly, 50), 2)} ms`,
    p99: `${fmt(percentile(verifyOnly, 99), 2)} ms`,
    'scans/s': '-',
    ratio: '1.00',
  },
  {
    run: 'pipeline: normalise, verify, policy, commit, event',
    p50: `${fmt(percentile(latencies, 50), 2)} ms`,
    p99: `${fmt(percentile(latencies, 99), 2)} ms`,
    'scans/s': fmt((COUNT / elapsed) * 1000, 0),
    ratio: `p50 ${fmt(percentile(latencies, 50) / percentile(verifyOnly, 50), 2)}`,
  },
]);
