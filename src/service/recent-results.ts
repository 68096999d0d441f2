import type { PipelineOutcome } from './scan-pipeline';

interface Entry {
  readonly result: PipelineOutcome;
  lastSeenMs: number;
}

/**
 * The results of the last few seconds, by message. One presentation of a card is one scan: a
 * re-scan of the same code on any source (the camera, then the handheld; a customer offering the
 * phone twice) within the venue's window shows the earlier result again, marked as a repeat, and
 * logs and redeems nothing. The window slides with every read of the code, so a card held in front
 * of a presentation scanner stays one scan however long it stays there.
 */
export class RecentResults {
  private readonly entries = new Map<string, Entry>();

  /** The earlier result for this message, when it was read less than `windowMs` ago. */
  repeatOf(message: string, nowMs: number, windowMs: number): PipelineOutcome | null {
    const entry = this.entries.get(message);
    if (!entry) return null;
    const elapsed = nowMs - entry.lastSeenMs;
    // A clock that went backwards proves nothing about how long ago the card was read.
    if (elapsed < 0 || elapsed >= windowMs) {
      this.entries.delete(message);
      return null;
    }
    entry.lastSeenMs = nowMs;
    return entry.result;
  }

  remember(message: string, result: PipelineOutcome, nowMs: number, windowMs: number): void {
    this.entries.delete(message);
    this.entries.set(message, { result, lastSeenMs: nowMs });
    if (this.entries.size > 64) this.prune(nowMs, windowMs);
  }

  /** Forgets the result of one scan (its redemption was undone: a new scan must count again). */
  forgetEvent(eventId: string): void {
    for (const [message, entry] of this.entries)
      if (entry.result.result.eventId === eventId) this.entries.delete(message);
  }

  /** Forgets everything (what the terminal checks changed, so earlier answers no longer apply). */
  clear(): void {
    this.entries.clear();
  }

  private prune(nowMs: number, windowMs: number): void {
    for (const [message, entry] of this.entries) {
      const elapsed = nowMs - entry.lastSeenMs;
      if (elapsed < 0 || elapsed >= windowMs) this.entries.delete(message);
    }
    // Never more than a screenful of codes matters; drop the oldest beyond that.
    for (const message of this.entries.keys()) {
      if (this.entries.size <= 64) break;
      this.entries.delete(message);
    }
  }
}
