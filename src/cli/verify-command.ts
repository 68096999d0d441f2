import { parseArgs } from 'node:util';
import { isoFromSeconds, type Clock } from '../core/time';
import type { VerificationResult } from '../core/result';
import { DEFAULT_STALENESS } from '../core/staleness';
import { TrustedClock } from '../core/trusted-clock';
import { applyVenuePolicy, DEFAULT_VISIT_WINDOW, type VenuePolicy } from '../core/venue-policy';
import { CardVerifier } from '../core/verifier';
import { loadTrustFiles, TrustFileError } from '../node/trust-files';
import { diagnose, readAll, streamLines, UsageError, writeJsonLine, type CommandIo } from '../node/command-io';

/** How many tokens are in flight at once in batch mode: enough to keep both cores busy. */
const BATCH_WINDOW = 256;
/** Result lines written per write(2) in batch mode. */
const OUTPUT_BLOCK = 128;

/** The CLI's result: exactly the members of the command-line contract. */
export function cliResult(r: VerificationResult): Record<string, unknown> {
  const out: Record<string, unknown> = { outcome: r.outcome, reason: r.reason, warnings: r.warnings };
  if (r.card) {
    out['card'] = {
      ...(r.card.name !== null ? { name: r.card.name } : {}),
      services: r.card.services,
      concessions: r.card.concessions,
      expires: isoFromSeconds(r.card.expires),
    };
  }
  return out;
}

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

  let loaded;
  try {
    loaded = await loadTrustFiles({
      anchor: values.anchor,
      trust: values.trust,
      ...(values['status-dir'] ? { statusDir: values['status-dir'] } : {}),
    });
  } catch (e) {
    if (e instanceof TrustFileError) throw new UsageError(e.message, 'input_file');
    throw e;
  }
  for (const p of loaded.problems) diagnose(io, `status list ${p.file ?? ''} refused (${p.problem}): ${p.message}`);

  const clock: Clock = { now: () => fixedNow ?? Date.now() / 1000 };
  const material = loaded.material;
  // With --now the operator states the time, so signed material does not overrule it.
  const trustedClock = new TrustedClock(
    clock,
    () => DEFAULT_STALENESS.clockTolerance,
    fixedNow === null ? material.latestSignedTime : 0,
  );
  const verifier = new CardVerifier({ material: () => material, clock: trustedClock, policy: () => DEFAULT_STALENESS });
  const venue: VenuePolicy = {
    services: values.service ? [values.service] : [],
    offers: [],
    timeZone: 'Europe/London',
    visitWindow: DEFAULT_VISIT_WINDOW,
  };
  const check = async (message: string): Promise<VerificationResult> => {
    const c = await verifier.verify(message);
    return applyVenuePolicy(
      c,
      venue,
      values.service ? { service: values.service } : {},
      null,
      trustedClock.read().effective,
    );
  };

  if (!values.batch) {
    const token = positionals[0] === '-' ? await readAll(io.stdin) : (positionals[0] ?? '');
    const result = await check(token);
    writeJsonLine(io.stdout, cliResult(result));
    return result.outcome === 'valid' ? 0 : 1;
  }

  // Batch: verify up to BATCH_WINDOW lines at once (signature checks run on libuv's thread
  // pool, so both cores work), and print the results in input order, a block of lines per
  // write so that output costs one system call per block rather than per token.
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
