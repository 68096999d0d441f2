/**
 * `civicpass verify --batch` throughput on 20,000 distinct valid ES256 tokens, against a bare
 * node:crypto verify loop over the same tokens in the same run (issue: target >= 1.0x, all
 * checks on). Run: npx tsx bench/verify-batch.ts [count]
 */
import { spawn } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { runVerify } from '../src/cli/verify-command';
import { installFastBase64 } from '../src/node/fast-base64';
import { makeDeployment, NOW } from '../test/support/deployment';
import { CLI_ARGV, ROOT, writeDeploymentFiles } from '../test/support/cli';
import { fmt, medianTime, printTable } from './support';

installFastBase64(); // as the CLI entry point does
const COUNT = Number(process.argv[2] ?? 20_000);
const ROUNDS = 5;

const d = await makeDeployment({ alg: 'ES256' });
const files = writeDeploymentFiles(d, mkdtempSync(join(tmpdir(), 'civicpass-bench-verify-')));
const tokens: string[] = [];
for (let i = 0; i < COUNT; i++)
  tokens.push(
    await d.token({
      sub: `bench_card_${String(i).padStart(8, '0')}`,
      status: { status_list: { idx: i % 8, uri: d.payload().status.status_list.uri } },
    }),
  );
const input = tokens.join('\n') + '\n';
const args = [
  'verify',
  '--anchor',
  files.anchor,
  '--trust',
  files.trust,
  '--status-dir',
  files.statusDir,
  '--now',
  new Date(NOW * 1000).toISOString(),
  '--batch',
];

// Baseline: what a bare signature check costs, single-threaded, no parsing, no policy.
const key = createPublicKey({ key: d.issuerKey.publicJwk as never, format: 'jwk' });
const bare = await medianTime(ROUNDS, () => {
  for (const token of tokens) {
    const dot = token.lastIndexOf('.');
    const ok = verify(
      'sha256',
      Buffer.from(token.slice(0, dot)),
      { key, dsaEncoding: 'ieee-p1363' },
      Buffer.from(token.slice(dot + 1), 'base64url'),
    );
    if (!ok) throw new Error('baseline verify failed');
  }
});

// The batch command in process: the same code as the CLI, minus process start-up.
let valid = 0;
const cpu0 = process.cpuUsage();
const wall0 = performance.now();
const inProcess = await medianTime(ROUNDS, async () => {
  valid = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      valid += chunk.toString().split('"reason":"ok"').length - 1;
      done();
    },
  });
  const status = await runVerify(args.slice(1), {
    stdin: Readable.from([input]),
    stdout: sink,
    stderr: process.stderr,
  });
  if (status !== 0) throw new Error(`verify exited ${status}`);
});
const cpu = process.cpuUsage(cpu0);
console.log(
  `in-process: cores busy: ${((cpu.user + cpu.system) / 1000 / (performance.now() - wall0)).toFixed(2)}, cpu µs/token ${((cpu.user + cpu.system) / COUNT / ROUNDS).toFixed(1)}`,
);
if (valid !== COUNT) throw new Error(`only ${valid} of ${COUNT} tokens were valid`);

// The whole command as a gate would run it: node + tsx start-up, file loading, stdin, stdout.
const wholeProcess = await medianTime(
  3,
  () =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [...CLI_ARGV, ...args], {
        cwd: ROOT,
        stdio: ['pipe', 'ignore', 'inherit'],
      });
      child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`exit ${code}`))));
      child.stdin.end(input);
    }),
);

const rate = (ms: number): number => (COUNT / ms) * 1000;
printTable(`verify --batch, ${COUNT} distinct valid ES256 tokens (median of ${ROUNDS}; whole process: median of 3)`, [
  {
    run: 'baseline: bare node:crypto verify loop',
    ms: fmt(bare, 0),
    'tokens/s': fmt(rate(bare), 0),
    'ratio vs baseline': '1.00',
  },
  {
    run: 'verify --batch, in process (all checks)',
    ms: fmt(inProcess, 0),
    'tokens/s': fmt(rate(inProcess), 0),
    'ratio vs baseline': fmt(bare / inProcess, 2),
  },
  {
    run: 'verify --batch, whole CLI process',
    ms: fmt(wholeProcess, 0),
    'tokens/s': fmt(rate(wholeProcess), 0),
    'ratio vs baseline': fmt(bare / wholeProcess, 2),
  },
]);
