/**
 * Runs tasks one at a time, in the order given: SIP2 has no request ids, so an answer is matched
 * to its request only by never having two requests on the socket at once.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private closedWith: Error | null = null;

  run<T>(task: () => Promise<T>): Promise<T> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    const result = this.tail.then(() => {
      if (this.closedWith) throw this.closedWith;
      return task();
    });
    // The chain goes on whatever this task's outcome.
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Tasks not yet started reject with this error; so does any task given later. */
  close(error: Error): void {
    this.closedWith = error;
  }
}
