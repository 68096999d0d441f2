/**
 * One presentation of a code to the camera is one scan. The camera decodes several frames a
 * second, and a card rests in front of it for as long as its holder likes; each frame must not
 * become a scan. A code counts again only once it has left the view (no frame decoded it for
 * `goneAfterMs`) or after a different code was delivered.
 */
export class CodePresence {
  private current: { text: string; lastSeenMs: number } | null = null;

  constructor(private readonly goneAfterMs = 1500) {}

  /** The codes decoded in one frame, in order; returns those that are new presentations. */
  frame(texts: readonly string[], nowMs: number): string[] {
    const fresh: string[] = [];
    for (const text of texts) {
      const c = this.current;
      const elapsed = c ? nowMs - c.lastSeenMs : Infinity;
      if (c && c.text === text && elapsed >= 0 && elapsed < this.goneAfterMs) {
        c.lastSeenMs = nowMs;
        continue;
      }
      this.current = { text, lastSeenMs: nowMs };
      fresh.push(text);
    }
    return fresh;
  }
}
