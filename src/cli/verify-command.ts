import { parseArgs } from 'node:util';
import type { VerificationResult } from '../core/result';
import { loadTrustFiles, TrustFileError, type LoadedTrustFiles } from '../node/trust-files';
import { diagnose, readAll, streamLines, UsageError, writeJsonLine, type CommandIo } from '../node/command-io';
import { nodeSignatures, nodeThreadPoolSignatures } from '../node/node-signatures';
import { cliResult, makeChecker, type CheckOptions } from './verify-check';
import { VerifyWorkerPool } from './verify-pool';
import { verifyWorkerEntry } from './worker-entry';

/** Tokens in flight at once in one-thread batch mode: enough to keep the thread pool busy. */
const BATCH_WINDOW = 256;
/** Result lines written per write(2) in batch mode. */
const OUTPUT_BLOCK = 128;

function parseNow(value: string): number {
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(ms))
    throw new UsageError(`--now ${value} is not an ISO-8601 time`);
  return ms / 1000;
}

export async function runVerify(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      anchor: { type: 'string' },
      trust: { type: 'string' },
      'status-dir': { type: 'string' },
      service: { type: 'string' },
      now: { type: 'string' },
      batch: { type: 'boolean', default: false },
    },
  });
  if (!values.anchor || !values.trust) throw new UsageError(`--anchor and --trust are required`);
  if (values.batch && positionals.length > 0) throw new UsageError('--batch reads stdin; give no TOKEN');
  if (!values.batch && positionals.length !== 1) throw new UsageError(`give one TOKEN, or - for stdin`);
  if (values.service !== undefined && !/^[a-z0-9-]{1,32}$/.test(values.service)) {
    throw new UsageError(`--service ${values.service} is not a service code`);
  }
  const fixedNow = values.now === undefined ? null : parseNow(values.now);

  // Batch mode on the built command line verifies on worker threads, one per core. They start
  // now, so their start-up overlaps the loading and checking of the trust files below.
  const entry = values.batch ? verifyWorkerEntry() : null;
  const pool = entry ? new VerifyWorkerPool(entry) : null;
  let loaded: LoadedTrustFiles;
  try {
    loaded = await loadTrustFiles({
      anchor: values.anchor,
      trust: values.trust,
      ...(values['status-dir'] ? { statusDir: values['status-dir'] } : {}),
    });
  } catch (e) {
    await pool?.close();
    if (e instanceof TrustFileError) throw new UsageError(e.message, 'input_file');
    throw e;
  }
  for (const p of loaded.problems) diagnose(io, `status list ${p.file ?? ''} refused (${p.problem}): ${p.message}`);
  const options: CheckOptions = { fixedNow, service: values.service ?? null };
  if (pool) return pool.run({ texts: loaded.texts, ...options }, io);
  const check = makeChecker(loaded.material, options, values.batch ? nodeThreadPoolSignatures : nodeSignatures);

  if (!values.batch) {
    const token = positionals[0] === '-' ? await readAll(io.stdin) : (positionals[0] ?? '');
    const result = await check(token);
    writeJsonLine(io.stdout, cliResult(result));
    return result.outcome === 'valid' ? 0 : 1;
  }

  // Batch in one thread (in process: tests, benches, `gate` run from source): verify up to
  // BATCH_WINDOW lines at once, their signatures on libuv's thread pool (so every core verifies
  // while this thread parses), and print the results in input order as they come: a block of up
  // to OUTPUT_BLOCK lines per write under load (one system call per block, not per token), and
  // at once when nothing else is waiting (a scanner typing one token is answered before the next).
  const pending: Promise<VerificationResult>[] = [];
  let block = '';
  let inBlock = 0;
  let room: (() => void) | null = null;
  let writing: Promise<void> | null = null;
  const flush = async (): Promise<void> => {
    const drained = io.stdout.write(block);
    block = '';
    inBlock = 0;
    if (!drained) await new Promise<void>((resolve) => io.stdout.once('drain', resolve));
  };
  /** Writes the results in order until none is waiting. */
  const write = async (): Promise<void> => {
    while (pending.length > 0) {
      const next = pending.shift()!;
      room?.();
      block += JSON.stringify(cliResult(await next)) + '\n';
      if (++inBlock >= OUTPUT_BLOCK || pending.length === 0) await flush();
    }
    writing = null;
  };
  // A failed write (stdout closed) ends the batch with that error, wherever the reader waits.
  let failed: { error: unknown } | null = null;
  const startWriting = (): Promise<void> =>
    write().catch((error: unknown) => {
      failed = { error };
      writing = null;
      room?.();
    });
  for await (const line of streamLines(io.stdin)) {
    if (failed) break;
    pending.push(check(line));
    writing ??= startWriting();
    while (pending.length >= BATCH_WINDOW && !failed) await new Promise<void>((resolve) => (room = resolve));
  }
  while (writing) await writing;
  if (failed) throw (failed as { error: unknown }).error;
  return 0;
}
