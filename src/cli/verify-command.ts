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

  // Batch in one thread (in process: tests, benches, `gate`): verify up to BATCH_WINDOW lines at
  // once, their signatures on libuv's thread pool (so every core verifies while this thread
  // parses), and print the results in input order, a block of lines per write so that output
  // costs one system call per block rather than per token.
  const pending: Promise<VerificationResult>[] = [];
  let block = '';
  let inBlock = 0;
  const emit = async (result: Promise<VerificationResult>): Promise<void> => {
    block += JSON.stringify(cliResult(await result)) + '\n';
    if (++inBlock >= OUTPUT_BLOCK) await flush();
  };
  const flush = async (): Promise<void> => {
    if (block === '') return;
    const drained = io.stdout.write(block);
    block = '';
    inBlock = 0;
    if (!drained) await new Promise<void>((resolve) => io.stdout.once('drain', resolve));
  };
  for await (const line of streamLines(io.stdin)) {
    pending.push(check(line));
    if (pending.length >= BATCH_WINDOW) await emit(pending.shift()!);
  }
  while (pending.length > 0) await emit(pending.shift()!);
  await flush();
  return 0;
}
