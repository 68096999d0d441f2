/**
 * At most one camera frame in flight. The camera's timer asks at every frame interval; while the
 * worker is still on the last frame the tick is skipped, never queued, so a slow frame costs the
 * frames behind it instead of delaying every later one (and the next frame decoded is a fresh one).
 */
export class FrameGate {
  private inFlight = false;
  /** Ticks skipped because a frame was still being decoded. */
  skipped = 0;
  /** Frames decoded (answered by the worker). */
  decoded = 0;

  /** True when a frame may be sent now (and marks it in flight); false: skip this tick. */
  tryBegin(): boolean {
    if (this.inFlight) {
      this.skipped++;
      return false;
    }
    this.inFlight = true;
    return true;
  }

  /** The worker answered: the next tick may send a frame. */
  end(): void {
    if (!this.inFlight) return;
    this.inFlight = false;
    this.decoded++;
  }
}
