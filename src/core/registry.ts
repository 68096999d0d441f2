/**
 * The card registry (docs/contract/credential-profile.md §6): for references that carry no signature
 * (NFC payloads, legacy library numbers). The terminal holds keyed hashes of the references,
 * never the references, with each card's services and status list position.
 */
import { makeResult } from './result';
import type { Reason, Warning } from './reasons';
import { trustListFreshness, type StalenessPolicy } from './staleness';
import { checkStatus } from './status-check';
import type { TrustMaterial } from './trust-material';
import type { ClockReading } from './trusted-clock';
import type { CardCheck } from './verifier';

export interface RegistryEntry {
  /** Keyed hash of the reference (base64url), the registry's key. */
  readonly refHash: string;
  readonly services: readonly string[];
  readonly iss: string;
  readonly statusUri: string;
  readonly statusIndex: number;
}

/** Looks up a reference's keyed hash; the adapter owns the key. */
export interface RegistryLookup {
  lookup(refHash: string): RegistryEntry | null;
}

/** Library numbers and NFC references: printable ASCII, no spaces, at most 64 bytes. */
const REFERENCE = /^[\x21-\x7e]{1,64}$/;

export function isReference(text: string): boolean {
  return REFERENCE.test(text);
}

/**
 * Checks an unsigned reference: registry lookup, then the card's status list entry, with the
 * same staleness rules as tokens. The "card" seen by venue policy carries only the services.
 */
export function checkReference(
  refHash: string | null,
  deps: { registry: RegistryLookup; material: TrustMaterial; clock: ClockReading; policy: StalenessPolicy },
): CardCheck {
  const refuse = (reason: Reason): CardCheck => ({ result: makeResult(reason), claims: null });
  // Without a registry (no key delivered yet) no reference can be on this terminal's list.
  if (refHash === null) return refuse('unknown_card');
  const now = deps.clock;
  const trust = deps.material.trust;
  if (!trust || trustListFreshness(trust, now.effective, deps.policy) === 'unusable')
    return refuse('trust_unavailable');
  const entry = deps.registry.lookup(refHash);
  if (!entry) return refuse('unknown_card');
  const claims = {
    iss: entry.iss,
    sub: `ref:${entry.refHash}`,
    iat: 0,
    nbf: null,
    exp: Number.MAX_SAFE_INTEGER,
    services: entry.services,
    name: null,
    libraryNumber: null,
    concessions: [],
    statusIndex: entry.statusIndex,
    statusUri: entry.statusUri,
  };
  const detail = { iss: entry.iss, trustSeq: trust.seq };
  const done = (reason: Reason, warnings: Warning[] = []): CardCheck => ({
    result: makeResult(reason, { warnings, detail }),
    claims,
  });
  const status = checkStatus(deps.material, entry, now.effective, deps.policy, now.suspect);
  return done(status.reason, status.warnings);
}
