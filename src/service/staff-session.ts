/** How long a staff unlock lasts without activity. */
export const STAFF_SESSION_MS = 5 * 60 * 1000;

/** The staff session opened by the PIN: it expires after a few idle minutes. */
export class StaffSession {
  private until = 0;

  constructor(private readonly now: () => number = Date.now) {}

  open(): void {
    this.until = this.now() + STAFF_SESSION_MS;
  }

  close(): void {
    this.until = 0;
  }

  /** True while unlocked; each use extends the session. */
  use(): boolean {
    if (this.now() >= this.until) return false;
    this.until = this.now() + STAFF_SESSION_MS;
    return true;
  }

  get unlocked(): boolean {
    return this.now() < this.until;
  }
}
