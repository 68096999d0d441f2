/**
 * One presentation of a code to the camera is one scan. The camera decodes several frames a
 * second, a card rests in front of it for as long as its holder likes, and a sheet may show
 * several codes at once; no frame may turn a code already in view into a new scan. A code counts
 * again once it has left the view (no frame decoded it for `goneAfterMs`), or sooner when a
 * different code has been presented meanwhile and this one was not in view then (a card
 * swapped for another, then shown again).
 */
export class CodePresence {
  /** Codes in view, with the time a frame last decoded each. */
  private readonly inView = new Map<string, number>();

  constructor(
    private readonly goneAfterMs = 1500,
    /** A code missing from this many milliseconds of frames when another is presented is out of view. */
    private readonly swappedAfterMs = 450,
  ) {}

  /** The codes decoded in one frame, in order; returns those that are new presentations. */
  frame(texts: readonly string[], nowMs: number): string[] {
    const fresh: string[] = [];
    for (const text of new Set(texts)) {
      const last = this.inView.get(text);
      const elapsed = last === undefined ? Infinity : nowMs - last;
      if (!(elapsed >= 0 && elapsed < this.goneAfterMs)) fresh.push(text);
      this.inView.set(text, nowMs);
    }
    for (const [text, last] of this.inView) {
      const away = nowMs - last;
      if (away < 0 || away >= this.goneAfterMs || (fresh.length > 0 && away >= this.swappedAfterMs))
        this.inView.delete(text);
    }
    return fresh;
  }
}
