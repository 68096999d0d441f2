/**
 * `verify --batch` on worker threads (issue 15) answers exactly as the single-thread path does,
 * however stdin is cut into reads: lines split across reads, CRLF split between its two bytes,
 * a UTF-8 character split, empty lines, a last line without LF. The workers run the built
 * worker script (built by the global setup); the command itself runs in this process, once
 * without a worker entry (one thread, signatures on the thread pool) and once with the script
 * as the entry (the workers verify, this thread reads and writes).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PassThrough, Readable, Writable } from 'node:stream';
import { runVerify } from '../../src/cli/verify-command';
import { chunkLines } from '../../src/cli/verify-worker';
import { setVerifyWorkerEntry } from '../../src/cli/worker-entry';
import { ROOT, writeDeploymentFiles } from '../support/cli';
import { makeDeployment, NOW, REVOKED_IDX, STATUS_URI } from '../support/deployment';

/** The workers' own script, built with the command line's bundle. */
const BUNDLE = pathToFileURL(join(ROOT, 'out/cli/verify-worker.js'));

/** Runs the command in process with stdin given as these reads; returns stdout and the status. */
async function run(argv: string[], reads: Buffer[]): Promise<{ status: number; stdout: string }> {
  let stdout = '';
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      stdout += chunk.toString();
      done();
    },
  });
  const stderr = new Writable({ write: (_c: Buffer, _e, done) => done() });
  const status = await runVerify(argv, { stdin: Readable.from(reads), stdout: sink, stderr });
  return { status, stdout };
}

/** `bytes` cut at the given offsets. */
function cut(bytes: Buffer, at: number[]): Buffer[] {
  const points = [0, ...at.filter((n) => n > 0 && n < bytes.length).sort((a, b) => a - b), bytes.length];
  return points.slice(1).map((end, i) => bytes.subarray(points[i], end));
}

afterEach(() => setVerifyWorkerEntry(null));

describe('verify --batch on worker threads', async () => {
  const d = await makeDeployment();
  const files = writeDeploymentFiles(d, mkdtempSync(join(tmpdir(), 'civicpass-workers-')));
  const argv = [
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
  const lines: string[] = [];
  for (let i = 0; i < 120; i++) {
    if (i % 10 === 3) lines.push('');
    else if (i % 10 === 5) lines.push('not a card é ✓');
    else if (i % 10 === 7) lines.push((await d.token({ sub: `card_${i}_abcdefgh` })) + '\r');
    else if (i % 10 === 9)
      lines.push(
        await d.token({ sub: `card_${i}_abcdefgh`, status: { status_list: { idx: REVOKED_IDX, uri: STATUS_URI } } }),
      );
    else lines.push(await d.token({ sub: `card_${i}_abcdefgh` }));
  }
  // The last line has no LF: it counts.
  const input = Buffer.from(lines.join('\n'));

  it('answers as the single thread does, in order, whatever the reads', async () => {
    const single = await run(argv, [input]);
    expect(single.status).toBe(0);
    expect(single.stdout.split('\n').filter((l) => l !== '')).toHaveLength(lines.length);

    setVerifyWorkerEntry(BUNDLE);
    const crlf = input.indexOf('\r\n');
    const accent = input.indexOf('é');
    const splits = [
      [],
      [1, 2, 3, crlf + 1, accent + 1],
      Array.from({ length: 200 }, (_, i) => Math.floor((input.length * (i + 1)) / 201)),
    ];
    for (const at of splits) {
      const workers = await run(argv, cut(input, at));
      expect(workers.status).toBe(0);
      expect(workers.stdout).toBe(single.stdout);
    }
  });

  it('answers empty input with nothing, and a lone line without LF', async () => {
    setVerifyWorkerEntry(BUNDLE);
    expect(await run(argv, [])).toEqual({ status: 0, stdout: '' });
    const one = await run(argv, [Buffer.from(await d.token())]);
    expect(JSON.parse(one.stdout)).toMatchObject({ outcome: 'valid', reason: 'ok' });
  });

  it.each([
    ['worker threads', true],
    ['one thread, signatures on the thread pool', false],
  ])('a gate scanner typing one token at a time gets each answer before the next (%s)', async (_name, workers) => {
    if (workers) setVerifyWorkerEntry(BUNDLE);
    const stdin = new PassThrough();
    const answers: string[] = [];
    let answered: (() => void) | null = null;
    const stdout = new Writable({
      write(chunk: Buffer, _enc, done) {
        answers.push(
          ...chunk
            .toString()
            .split('\n')
            .filter((l) => l !== ''),
        );
        answered?.();
        done();
      },
    });
    const stderr = new Writable({ write: (_c: Buffer, _e, done) => done() });
    const status = runVerify(argv, { stdin, stdout, stderr });
    const tokens = [
      await d.token({ sub: 'gate_card_one_abc' }),
      'not a card',
      await d.token({ sub: 'gate_card_two_abc' }),
    ];
    for (const [i, token] of tokens.entries()) {
      // The scanner types the token in pieces with pauses, then the line end.
      const cut = Math.floor(token.length / 2);
      stdin.write(token.slice(0, cut));
      await new Promise((r) => setTimeout(r, 40));
      const next = new Promise<void>((r) => (answered = r));
      stdin.write(token.slice(cut) + '\r\n');
      await next; // no more input until this token is answered: nothing waits for a full chunk
      expect(answers).toHaveLength(i + 1);
      await new Promise((r) => setTimeout(r, 100));
    }
    stdin.end();
    expect(await status).toBe(0);
    expect(answers.map((a) => (JSON.parse(a) as { reason: string }).reason)).toEqual(['ok', 'unreadable', 'ok']);
  });

  it('splits a chunk into lines as streamLines does', () => {
    const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
    expect(chunkLines(enc('a\r\nb\n\nc'))).toEqual(['a', 'b', '', 'c']);
    expect(chunkLines(enc('a\n'))).toEqual(['a']);
    expect(chunkLines(enc('\r\n'))).toEqual(['']);
    expect(chunkLines(enc('\n'))).toEqual(['']);
    expect(chunkLines(enc('a\r'))).toEqual(['a\r']);
  });
});
