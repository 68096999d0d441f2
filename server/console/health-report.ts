/**
 * The health a terminal reports with each sync (`health` in POST /v1/events, issue 13), checked
 * strictly: bounded strings and numbers, no member the contract does not name. A report that
 * does not fit is dropped (the caller logs it); it never fails the sync, whose events matter more.
 */
import type { TerminalHealth } from '../../src/contract/console-api';
import { int, nullable, num, object, str, type Schema } from '../../src/contract/validate';

const YEAR = 366 * 24 * 3600;
const MAX_STATUS_LISTS = 16;

const statusListAge = object({ uri: str({ min: 1, max: 256 }), ageSeconds: num(-YEAR, 100 * YEAR) });

const statusListAges: Schema<{ uri: string; ageSeconds: number }[]> = (v, path) => {
  if (!Array.isArray(v) || v.length > MAX_STATUS_LISTS)
    throw new TypeError(`${path} must be a list of at most ${MAX_STATUS_LISTS}`);
  return v.map((item, i) => statusListAge(item, `${path}[${i}]`));
};

const healthSchema = object({
  // Printable ASCII: a version, not a message.
  appVersion: str({ min: 1, max: 64, pattern: /^[\x20-\x7e]+$/ }),
  trustListSeq: nullable(int(0, Number.MAX_SAFE_INTEGER)),
  statusListAges,
  queueDepth: int(0, 1_000_000_000),
  clockSkew: nullable(num(-100 * YEAR, 100 * YEAR)),
});

/** The report, absent (undefined: an older terminal), or refused with why. */
export function parseHealth(body: unknown): { health: TerminalHealth | null; problem: string | null } {
  const raw =
    typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as { health?: unknown }).health
      : undefined;
  if (raw === undefined) return { health: null, problem: null };
  try {
    return { health: healthSchema(raw, 'health'), problem: null };
  } catch (e) {
    return { health: null, problem: (e as Error).message };
  }
}
