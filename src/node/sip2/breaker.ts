/**
 * The circuit breaker: an LMS that is down costs one timeout, not one per scan. After a failure
 * that means the link is unusable, calls fail at once (with the problem that opened it) until
 * the cool-down has passed; then one call is let through as a trial, and its outcome closes the
 * breaker or opens it again. Calls are serialised by the client's queue, so "one trial" needs no
 * bookkeeping of its own: the next call after the cool-down is it.
 */
import type { LibraryProblem } from '../../core/library-system';

export class CircuitBreaker {
  private openedAt: number | null = null;
  private problem: LibraryProblem = 'lms_unreachable';

  constructor(
    private readonly cooldownMs: number,
    private readonly now: () => number,
  ) {}

  /** The problem to fail with now, or null when a call may go ahead. */
  refusal(): { problem: LibraryProblem; retryInMs: number } | null {
    if (this.openedAt === null) return null;
    const waited = this.now() - this.openedAt;
    return waited >= this.cooldownMs ? null : { problem: this.problem, retryInMs: this.cooldownMs - waited };
  }

  open(problem: LibraryProblem): void {
    this.openedAt = this.now();
    this.problem = problem;
  }

  close(): void {
    this.openedAt = null;
  }

  get isOpen(): boolean {
    return this.openedAt !== null;
  }
}
