import { hasExactlyMembers, type JsonObject } from './jws-parse';
import { isAllowedAlg, type SigAlg } from './keys';

export type HeaderProblem = 'header_rejected' | 'unsupported_alg';

/**
 * The profile's rule for the protected header of every signed object (card token, trust list,
 * status list): exactly `alg`, `kid`, `typ`; `alg` ES256 or EdDSA; `kid` a string; `typ` the
 * object's own. Checked in that order (docs/decisions.md, decision 1).
 */
export function checkProfileHeader(
  header: Readonly<JsonObject>,
  typ: string,
): { ok: true; alg: SigAlg; kid: string } | { ok: false; problem: HeaderProblem } {
  if (!hasExactlyMembers(header, ['alg', 'kid', 'typ'])) return { ok: false, problem: 'header_rejected' };
  const alg = header['alg'];
  if (!isAllowedAlg(alg)) return { ok: false, problem: 'unsupported_alg' };
  const kid = header['kid'];
  if (typeof kid !== 'string' || header['typ'] !== typ) return { ok: false, problem: 'header_rejected' };
  return { ok: true, alg, kid };
}
