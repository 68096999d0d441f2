import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CommandIo } from '../node/command-io';
import type { TrustTexts } from '../node/trust-files';
import type { CheckOptions } from './verify-check';
import type { FromWorker, ToWorker } from './verify-protocol';

/** Chunks sent to a worker ahead of its answers, so it never waits for the main thread. */
const AHEAD = 2;
/** Bytes merged into one chunk at most: ~100 tokens, ~10 ms of work, so the workers end together. */
const MAX_CHUNK = 64 * 1024;
/** A worker's young generation (measured: scavenges were ~3% of a worker's time at the default). */
const YOUNG_GENERATION_MB = 96;
/** Input held unsent before stdin is paused, so an endless stream is read at verifying speed. */
const MAX_QUEUED = 4 * 1024 * 1024;

interface PoolWorker {
  readonly worker: Worker;
  inFlight: number;
}

/**
 * `verify --batch` on worker threads, one per core: the main thread only cuts stdin into chunks
 * of whole lines, hands each to the least busy worker (buffers transferred, not copied), and
 * writes the answers in input order. A line is sent as soon as it is read when a worker is free
 * (a gate's scanner types one token at a time); under load, lines wait and go in larger chunks.
 * Measured in docs/benchmarks.md; why workers now pay off where they did not: docs/decisions.md.
 */
export class VerifyWorkerPool {
  private readonly workers: PoolWorker[];
  /** Where a worker's fault goes: kept until a run is there to fail, then that run's reject. */
  private failure: ((e: Error) => void) | null = (e) => (this.fault ??= e);
  private fault: Error | null = null;
  private closing: Promise<void> | null = null;

  constructor(entry: URL, count = availableParallelism()) {
    this.workers = [];
    for (let i = 0; i < Math.max(1, count); i++) {
      const worker = new Worker(entry, {
        // Each token leaves a few kilobytes of short-lived garbage: a larger young generation
        // means fewer scavenges (the CLI's `--max-semi-space-size=64`, for a worker's own heap).
        resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
      });
      worker.on('error', (e) => this.failure?.(e));
      worker.on('exit', (code) => {
        if (code !== 0) this.failure?.(new Error(`a verify worker exited with status ${code}`));
      });
      this.workers.push({ worker, inFlight: 0 });
    }
  }

  /** Ends the workers (after a run, or when the trust files were refused). */
  async close(): Promise<void> {
    this.failure = null;
    this.closing ??= Promise.all(this.workers.map((w) => w.worker.terminate())).then(() => undefined);
    await this.closing;
  }

  run(init: { texts: TrustTexts } & CheckOptions, io: CommandIo): Promise<number> {
    const start: ToWorker = {
      kind: 'init',
      texts: init.texts,
      options: { fixedNow: init.fixedNow, service: init.service },
    };
    for (const w of this.workers) w.worker.postMessage(start);
    return new Promise<number>((resolve, reject) => {
      const queue: Uint8Array[] = [];
      let queued = 0;
      let carry: Uint8Array = new Uint8Array(0);
      let ended = false;
      let finished = false;
      let nextSeq = 0;
      let nextOut = 0;
      const answers = new Map<number, Uint8Array>();
      let outputBlocked = false;
      const fail = (e: Error): void => {
        io.stdin.pause();
        void this.close().then(() => reject(e));
      };
      if (this.fault) return fail(this.fault);
      this.failure = fail;

      const flowControl = (): void => {
        if (outputBlocked || queued > MAX_QUEUED) io.stdin.pause();
        else if (!ended) io.stdin.resume();
      };

      const dispatch = (): void => {
        while (queue.length > 0) {
          let target: PoolWorker | null = null;
          for (const w of this.workers) if (w.inFlight < AHEAD && (!target || w.inFlight < target.inFlight)) target = w;
          if (!target) break;
          const bytes = takeChunk();
          target.inFlight++;
          const message: ToWorker = { kind: 'chunk', seq: nextSeq++, bytes };
          target.worker.postMessage(message, [bytes.buffer as ArrayBuffer]);
        }
        flowControl();
        if (ended && !finished && queue.length === 0 && nextOut === nextSeq) {
          finished = true;
          void this.close().then(() => resolve(0), reject);
        }
      };

      /** Merges queued pieces into one chunk of at most MAX_CHUNK bytes (or one larger piece). */
      const takeChunk = (): Uint8Array => {
        let size = queue[0]!.length;
        let n = 1;
        while (n < queue.length && size + queue[n]!.length <= MAX_CHUNK) size += queue[n++]!.length;
        const pieces = queue.splice(0, n);
        queued -= size;
        if (n === 1) return pieces[0]!;
        const out = new Uint8Array(size);
        let at = 0;
        for (const p of pieces) {
          out.set(p, at);
          at += p.length;
        }
        return out;
      };

      /** Queues the whole lines of `data`, keeping a partial last line for the next read. */
      const read = (data: Buffer): void => {
        const nl = data.lastIndexOf(10);
        if (nl === -1) {
          carry = concat(carry, data);
          return;
        }
        // A fresh buffer of its own: stdin's Buffers may share a pool that cannot be transferred.
        const piece = concat(carry, data.subarray(0, nl + 1));
        carry = data.subarray(nl + 1).length > 0 ? Uint8Array.from(data.subarray(nl + 1)) : new Uint8Array(0);
        queue.push(piece);
        queued += piece.length;
        dispatch();
      };

      const write = (): void => {
        for (let bytes = answers.get(nextOut); bytes !== undefined; bytes = answers.get(nextOut)) {
          answers.delete(nextOut++);
          if (!io.stdout.write(bytes)) {
            outputBlocked = true;
            io.stdout.once('drain', () => {
              outputBlocked = false;
              dispatch();
            });
          }
        }
      };

      for (const w of this.workers) {
        w.worker.on('message', (answer: FromWorker) => {
          w.inFlight--;
          answers.set(answer.seq, answer.bytes);
          write();
          dispatch();
        });
      }
      io.stdin.on('data', (data: Buffer | string) => read(typeof data === 'string' ? Buffer.from(data) : data));
      io.stdin.on('error', fail);
      io.stdin.on('end', () => {
        ended = true;
        if (carry.length > 0) {
          queue.push(carry);
          queued += carry.length;
          carry = new Uint8Array(0);
        }
        dispatch();
      });
    });
  }
}

/** `a` then `b` in a new buffer that owns its memory (transferable). */
function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
