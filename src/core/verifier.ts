import { readCardClaims, type CardClaims } from './card-claims';
import { parseCompactJws } from './jws-parse';
import { checkProfileHeader } from './profile-header';
import { normaliseMessage, type NormalisedMessage } from './normalise';
import type { Reason, Warning } from './reasons';
import { cardViewOf, makeResult, type ResultDetail, type VerificationResult } from './result';
import { trustListFreshness, type StalenessPolicy } from './staleness';
import type { SignatureVerifier } from './signatures';
import { checkStatus } from './status-check';
import type { TrustMaterial } from './trust-material';
import type { ClockReading, TrustedClock } from './trusted-clock';

/** docs/contract/credential-profile.md §2: a token is at most 2048 bytes in all. */
export const MAX_TOKEN_BYTES = 2048;

/** A verified (or refused) card token, with the claims when the signature held. */
export interface CardCheck {
  readonly result: VerificationResult;
  /** Present once the signature verified, whatever came after. */
  readonly claims: CardClaims | null;
}

/** What a verification judges by: the trust material, a clock reading and the staleness policy. */
export interface VerificationContext {
  readonly material: TrustMaterial;
  readonly clock: ClockReading;
  readonly policy: StalenessPolicy;
}

export interface CardVerifierDeps {
  /** The current trust material; read per scan so a sync can swap it atomically. */
  readonly material: () => TrustMaterial;
  readonly clock: TrustedClock;
  readonly policy: () => StalenessPolicy;
}

function refuse(reason: Parameters<typeof makeResult>[0], detail: VerificationResult['detail'] = {}): CardCheck {
  return { result: makeResult(reason, { detail }), claims: null };
}

/**
 * Verifies card tokens offline, in the fixed order of docs/contract/credential-profile.md §7 up
 * to the status check. Venue policy (service, offers) is applied afterwards by `applyVenuePolicy`.
 * The signature check goes through `signatures`, so each runtime uses its fastest one.
 */
export class CardVerifier {
  constructor(
    private readonly deps: CardVerifierDeps,
    private readonly signatures: SignatureVerifier,
  ) {}

  verify(message: string): Promise<CardCheck> {
    return this.verifyNormalised(normaliseMessage(message));
  }

  /** For callers that already normalised the message. */
  verifyNormalised(msg: NormalisedMessage): Promise<CardCheck> {
    return this.verifyWith(msg, {
      material: this.deps.material(),
      clock: this.deps.clock.read(),
      policy: this.deps.policy(),
    });
  }

  /**
   * Verifies against an explicit snapshot of the trust material, the time and the policy, so a
   * caller that judges a scan in several steps (the pipeline) judges all of them by one reading.
   */
  async verifyWith(msg: NormalisedMessage, ctx: VerificationContext): Promise<CardCheck> {
    if (!msg.tokenShaped) return refuse('unreadable');
    const text = msg.text;
    // A token-shaped message is ASCII (JWS_SHAPE), so its length is its size in bytes.
    if (text.length > MAX_TOKEN_BYTES) return refuse('malformed');
    const jws = parseCompactJws(text);
    if (!jws) return refuse('malformed');

    const { header, payload } = jws;
    const checked = checkProfileHeader(header, 'civicpass+jwt');
    if (!checked.ok) return refuse(checked.problem);
    const { alg, kid } = checked;

    const { policy, clock, material } = ctx;
    const now = clock.effective;
    const trust = material.trust;
    if (!trust || trustListFreshness(trust, now, policy) === 'unusable') return refuse('trust_unavailable');
    const iss = payload['iss'];
    if (typeof iss !== 'string') return refuse('malformed');
    const issuer = trust.issuers.get(iss);
    const detail = { iss, kid, trustSeq: trust.seq };
    if (!issuer) return refuse('unknown_issuer', detail);
    const key = issuer.keys.get(kid);
    if (!key || key.alg !== alg) return refuse('unknown_key', detail);
    // The header was checked above (exactly alg, kid, typ; no crit), and the key's alg is the
    // header's, so what jose's compactVerify added here is done; only the signature is left.
    const signed = await this.signatures.verify(key, text.slice(0, text.lastIndexOf('.')), jws.signature);
    if (!signed) return refuse('bad_signature', detail);

    // From here the issuer vouches for the payload.
    const claims = readCardClaims(payload);
    const iat = payload['iat'];
    if (typeof iat === 'number' && ((key.nbf !== null && iat < key.nbf) || (key.exp !== null && iat > key.exp))) {
      return { result: makeResult('key_not_valid', { detail }), claims: null };
    }
    if (!claims) return refuse('malformed', detail);
    const card = cardViewOf(claims);
    const done = (reason: Reason, warnings: readonly Warning[] = [], extra?: ResultDetail): CardCheck => ({
      result: makeResult(reason, { card, warnings, detail: extra ? { ...detail, ...extra } : detail }),
      claims,
    });
    if (now > claims.exp + policy.leeway) return done('expired');
    const validFrom = Math.max(claims.nbf ?? 0, claims.iat);
    if (now + policy.leeway < validFrom) return done('not_yet_valid', [], { validFrom });

    const status = checkStatus(material, claims, now, policy, clock.suspect);
    return done(status.reason, status.warnings);
  }
}
