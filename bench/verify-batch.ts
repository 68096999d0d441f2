/**
 * `civicpass verify --batch` throughput on 20,000 distinct valid ES256 tokens, against a bare
 * single-thread node:crypto verify loop over the same tokens in the same run (issue 15: the
 * whole built process at >= 1.5x the loop, all checks on). Three alternated rounds (loop, in
 * process, whole process), medians reported. Run: npx tsx bench/verify-batch.ts [count]
 */
import { spawn } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { ensureCliBuilt } from '../bin/build-cli.js';
import { runVerify } from '../src/cli/verify-command';
import { installFastBase64 } from '../src/node/fast-base64';
import { makeDeployment, NOW } from '../test/support/deployment';
import { CLI_ARGV, ROOT, writeDeploymentFiles } from '../test/support/cli';
import { fmt, median, printTable, timeIt } from './support';

installFastBase64(); // as the CLI entry point does
const COUNT = Number(process.argv[2] ?? 20_000);
const ROUNDS = 3;

await ensureCliBuilt();
const dir = mkdtempSync(join(tmpdir(), 'civicpass-bench-verify-'));
const d = await makeDeployment({ alg: 'ES256' });
const files = writeDeploymentFiles(d, dir);
const tokens: string[] = [];
for (let i = 0; i < COUNT; i++)
  tokens.push(
    await d.token({
      sub: `bench_card_${String(i).padStart(8, '0')}`,
      status: { status_list: { idx: i % 8, uri: d.payload().status.status_list.uri } },
    }),
  );
const input = tokens.join('\n') + '\n';
const inputFile = join(dir, 'tokens.txt');
const outputFile = join(dir, 'results.jsonl');
writeFileSync(inputFile, input);
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
const countValid = (text: string): number => text.split('"reason":"ok"').length - 1;

// Baseline: what a bare signature check costs, single-threaded, no parsing, no policy.
const key = createPublicKey({ key: d.issuerKey.publicJwk as never, format: 'jwk' });
const bareLoop = (): void => {
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
};

// The batch command in process (one thread): the same code as the CLI, minus process start-up.
let cpuMicros = 0;
let cpuWall = 0;
const inProcessRun = async (): Promise<void> => {
  let valid = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      valid += countValid(chunk.toString());
      done();
    },
  });
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const status = await runVerify(args.slice(1), {
    stdin: Readable.from([input]),
    stdout: sink,
    stderr: process.stderr,
  });
  const cpu = process.cpuUsage(cpu0);
  cpuMicros += cpu.user + cpu.system;
  cpuWall += performance.now() - wall0;
  if (status !== 0) throw new Error(`verify exited ${status}`);
  if (valid !== COUNT) throw new Error(`in process: only ${valid} of ${COUNT} tokens were valid`);
};

// The whole built command as a gate would run it: `node out/cli/civicpass.js verify --batch
// < tokens.txt > results.jsonl`. Files, not pipes, so this process spends no CPU meanwhile.
const wholeProcessRun = (): Promise<void> =>
  new Promise<void>((resolve, reject) => {
    const stdin = openSync(inputFile, 'r');
    const stdout = openSync(outputFile, 'w');
    const child = spawn(process.execPath, [...CLI_ARGV, ...args], { cwd: ROOT, stdio: [stdin, stdout, 'inherit'] });
    child.on('close', (code) => {
      closeSync(stdin);
      closeSync(stdout);
      const valid = countValid(readFileSync(outputFile, 'utf8'));
      if (code !== 0) reject(new Error(`exit ${code}`));
      else if (valid !== COUNT) reject(new Error(`whole process: only ${valid} of ${COUNT} tokens were valid`));
      else resolve();
    });
  });

const bare: number[] = [];
const inProcess: number[] = [];
const wholeProcess: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  bare.push(await timeIt(bareLoop));
  inProcess.push(await timeIt(inProcessRun));
  wholeProcess.push(await timeIt(wholeProcessRun));
}
console.log(
  `in-process: cores busy: ${(cpuMicros / 1000 / cpuWall).toFixed(2)}, cpu µs/token ${(cpuMicros / COUNT / ROUNDS).toFixed(1)}`,
);
console.log(
  `rounds (ms): bare ${bare.map((t) => fmt(t, 0)).join(', ')}; whole process ${wholeProcess.map((t) => fmt(t, 0)).join(', ')}`,
);

const rate = (ms: number): number => (COUNT / ms) * 1000;
const row = (run: string, times: number[]): Record<string, string> => {
  const ms = median(times);
  return { run, ms: fmt(ms, 0), 'tokens/s': fmt(rate(ms), 0), 'ratio vs baseline': fmt(median(bare) / ms, 2) };
};
printTable(`verify --batch, ${COUNT} distinct valid ES256 tokens (median of ${ROUNDS} alternated rounds)`, [
  row('baseline: bare node:crypto verify loop', bare),
  row('verify --batch, in process (all checks)', inProcess),
  row('verify --batch, whole CLI process', wholeProcess),
]);
