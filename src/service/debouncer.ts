/**
 * Drops a message repeated by the same source within a window: a scanner held over a phone
 * reads the same code many times a second, and each read must not become a scan.
 */
export class Debouncer {
  private readonly seen = new Map<string, number>();

  constructor(private readonly windowMs = 3000) {}

  /** True when this message from this source was already seen within the window. */
  isRepeat(source: string, message: string, nowMs: number): boolean {
    const key = `${source}\u0000${message}`;
    const last = this.seen.get(key);
    this.seen.set(key, nowMs);
    if (this.seen.size > 256) this.prune(nowMs);
    return last !== undefined && nowMs - last < this.windowMs;
  }

  private prune(nowMs: number): void {
    for (const [key, at] of this.seen) if (nowMs - at >= this.windowMs) this.seen.delete(key);
  }
}
