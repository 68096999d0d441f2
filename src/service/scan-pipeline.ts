import { performance } from 'node:perf_hooks';
import { cardForRole } from '../core/card-view';
import { normaliseMessage, sameCardKey, type NormalisedMessage } from '../core/normalise';
import { checkReference, isReference, type RegistryLookup } from '../core/registry';
import type { UsageHistory } from '../core/ports';
import { syncEvents, type ScanSource } from '../core/sync-protocol';
import type { VenueConfig } from '../core/venue-config';
import { applyVenuePolicy, UnknownOfferError } from '../core/venue-policy';
import type { CardCheck, CardVerifier, VerificationContext } from '../core/verifier';
import type { ScanResult, SubmitResult } from '../contract/terminal-api';
import { ApiError } from '../contract/validate';
import type { CardRefs } from '../node/store/keyed-hash';
import type { ScanStore } from '../node/store/scan-store';
import { uuid7 } from '../node/store/uuid7';
import { RecentResults } from './recent-results';

export interface ScanInput {
  readonly text: string;
  readonly source: ScanSource;
  /** performance.now() when the message arrived, so latency includes any queueing. */
  readonly receivedAt?: number;
}

export interface PipelineSettings {
  readonly service: string | null;
  readonly offerId: string | null;
  readonly nfcPrefix: string;
  readonly nfcSuffix: string;
  /** A self-service kiosk shows no personal data, whatever the venue's role. */
  readonly selfService: boolean;
}

/**
 * Everything one scan is judged by, read once before its first `await`: a sync that swaps the
 * trust material, or staff who change a setting, mid-scan change the next scan, never half of
 * this one.
 */
export interface ScanContext extends VerificationContext {
  readonly venue: VenueConfig;
  readonly settings: PipelineSettings;
}

export interface PipelineDeps {
  readonly verifier: CardVerifier;
  /** A snapshot of what a scan is judged by (material, venue, policy, settings, time). */
  readonly context: () => ScanContext;
  readonly registry: RegistryLookup;
  /** Hashes references for the registry with the deployment's registry key; null without one. */
  readonly registryRef: (reference: string) => string | null;
  readonly store: ScanStore;
  readonly cardRefs: CardRefs;
  /** Refuses to verify (withdrawn terminal); the reason is its message. */
  readonly blocked: () => string | null;
  /** The injected system clock in milliseconds, for the repeat window (tests let time pass). */
  readonly nowMs: () => number;
}

/**
 * A scan's result with what only the service needs: the patron's library number for the
 * library system's account lookup (the token's `lib`, or a library number typed or scanned as
 * such; never an NFC reference, which is not a patron number), or null.
 */
export interface PipelineOutcome extends SubmitResult {
  readonly patron: string | null;
}

/** Shows staff what they typed without putting the whole number on screen: `••••••••••0017`. */
export function maskEntered(text: string): string {
  return text.length <= 4 ? text : '•'.repeat(text.length - 4) + text.slice(-4);
}

type Route = 'token' | 'registry' | 'other';

/**
 * The one entry point for every input source: normalise -> repeat check -> verify (token) or
 * look up (registry reference) -> venue policy -> persist (log, outbox, redemption in one
 * transaction) -> result.
 */
export class ScanPipeline {
  readonly recent = new RecentResults();
  /** Checks under way, by card: a second read of the same card waits for the first. */
  private readonly inFlight = new Map<string, Promise<PipelineOutcome>>();
  private libraryNumber: { pattern: string; regex: RegExp } | null = null;

  constructor(private readonly deps: PipelineDeps) {}

  async submit(input: ScanInput): Promise<PipelineOutcome> {
    const receivedAt = input.receivedAt ?? performance.now();
    const ctx = this.deps.context();
    let { text, source } = input;
    // A reader that types (keyboard or HID), recognised by its prefix; a serial reader's
    // messages arrive as `nfc` with the reader's own framing already removed.
    if (source !== 'nfc' && ctx.settings.nfcPrefix !== '' && text.startsWith(ctx.settings.nfcPrefix)) {
      source = 'nfc';
      text = text.slice(ctx.settings.nfcPrefix.length);
      if (ctx.settings.nfcSuffix !== '' && text.endsWith(ctx.settings.nfcSuffix))
        text = text.slice(0, -ctx.settings.nfcSuffix.length);
    }
    const message = normaliseMessage(text);
    const blocked = this.deps.blocked();
    if (blocked !== null) throw new ApiError('withdrawn', blocked);

    const windowMs = ctx.venue.repeatWindowSeconds * 1000;
    const route = this.routeOf(message, source, ctx.venue);
    // The same card is the same signed content (or text) checked the same way: a number typed
    // after a failed scan of it goes to the registry, and is not the scan's repeat.
    const sameCard = `${route}\u0000${sameCardKey(message)}`;
    if (windowMs > 0) {
      // Two readers (the camera and the handheld) on one card at the same moment: the second
      // waits for the first and gets its answer, so one card never counts twice.
      const pending = this.inFlight.get(sameCard);
      if (pending) {
        const first = await pending.catch(() => null);
        if (first) return { ...first, result: { ...first.result, repeat: true, latencyMs: 0 } };
      }
      const earlier = this.recent.repeatOf(sameCard, this.deps.nowMs(), windowMs);
      if (earlier) return { ...earlier, result: { ...earlier.result, repeat: true, latencyMs: 0 } };
    }
    const run = this.evaluate(message, source, route, ctx, receivedAt).then((outcome) => {
      if (windowMs > 0) this.recent.remember(sameCard, outcome, this.deps.nowMs(), windowMs);
      return outcome;
    });
    this.inFlight.set(sameCard, run);
    try {
      return await run;
    } finally {
      if (this.inFlight.get(sameCard) === run) this.inFlight.delete(sameCard);
    }
  }

  /** Verifies or looks up one message, applies the venue policy, and stores the scan. */
  private async evaluate(
    message: NormalisedMessage,
    source: ScanSource,
    route: Route,
    ctx: ScanContext,
    receivedAt: number,
  ): Promise<PipelineOutcome> {
    const check = await this.check(message, route, ctx);
    const now = ctx.clock.effective;
    const { venue, settings } = ctx;
    const offer = settings.offerId === null ? undefined : venue.offers.find((o) => o.id === settings.offerId);
    const request = offer ? { offerId: offer.id } : settings.service !== null ? { service: settings.service } : {};
    // The card's keyed reference, made once: for the offer's usage, the log and the redemption.
    const cardRef = check.claims ? this.deps.cardRefs.ref(check.claims.sub) : null;
    const usage: UsageHistory | null =
      cardRef === null
        ? null
        : { usesSince: (_card, offerId, since) => this.deps.store.usesOfRef(cardRef, offerId, since) };
    let result;
    try {
      result = applyVenuePolicy(check, venue, request, usage, now);
    } catch (e) {
      if (!(e instanceof UnknownOfferError)) throw e;
      result = applyVenuePolicy(check, venue, {}, usage, now);
    }
    const redeems = offer !== undefined && result.outcome === 'valid' && cardRef !== null;
    // The id carries the same (injected) time as the event, so ids sort as the events happened.
    const id = uuid7(now * 1000);
    const service = result.detail.service ?? offer?.service ?? settings.service ?? null;
    const latencyMs = (): number => Math.round((performance.now() - receivedAt) * 100) / 100;
    const event = syncEvents.scan({
      id,
      at: now,
      service,
      offer: offer?.id ?? null,
      outcome: result.outcome,
      reason: result.reason,
      source,
      cardRef,
      kid: result.detail.kid ?? null,
      trustSeq: result.detail.trustSeq ?? null,
      // What the log and the server keep: arrival to verdict (the commit it is stored with
      // cannot include itself). The result below adds the commit.
      latencyMs: latencyMs(),
    });
    this.deps.store.recordScan(event, now, redeems ? { offerId: offer.id, cardRef } : null);
    const scan: ScanResult = {
      eventId: id,
      at: now,
      source,
      outcome: result.outcome,
      reason: result.reason,
      warnings: result.warnings,
      card: result.card ? cardForRole(result.card, settings.selfService ? 'self_service' : venue.role) : null,
      service,
      offer: offer ? { id: offer.id, title: offer.title, limit: offer.limit } : null,
      lastUsedAt: result.detail.lastUsedAt ?? null,
      validFrom: result.detail.validFrom ?? null,
      undoable: redeems,
      repeat: false,
      entered: source === 'manual' ? maskEntered(message.text) : null,
      // The service decides (it knows the library link) and says so before anyone sees this.
      libraryLookup: false,
      // Arrival to verdict committed.
      latencyMs: latencyMs(),
    };
    const patron =
      route === 'registry' ? (source === 'nfc' ? null : message.text) : (result.card?.libraryNumber ?? null);
    return { status: 'handled', result: scan, patron };
  }

  /** The venue's library-number pattern, compiled once per configuration. */
  private libraryNumberRegex(pattern: string): RegExp {
    if (this.libraryNumber?.pattern !== pattern) this.libraryNumber = { pattern, regex: new RegExp(pattern) };
    return this.libraryNumber.regex;
  }

  /**
   * How a message is checked: a token is verified; an unsigned reference (typed, from an NFC
   * reader, or a barcode matching the venue's library-number pattern) is looked up in the
   * registry; anything else goes to the verifier, which calls it unreadable.
   */
  private routeOf(message: NormalisedMessage, source: ScanSource, venue: VenueConfig): Route {
    if (message.tokenShaped) return 'token';
    const isLibraryNumber = this.libraryNumberRegex(venue.libraryNumberPattern).test(message.text);
    return (source === 'nfc' || source === 'manual' || isLibraryNumber) && isReference(message.text)
      ? 'registry'
      : 'other';
  }

  private check(message: NormalisedMessage, route: Route, ctx: ScanContext): Promise<CardCheck> {
    if (route !== 'registry') return this.deps.verifier.verifyWith(message, ctx);
    const refHash = this.deps.registryRef(message.text);
    return Promise.resolve(
      checkReference(refHash, {
        registry: this.deps.registry,
        material: ctx.material,
        clock: ctx.clock,
        policy: ctx.policy,
      }),
    );
  }
}
