/**
 * Database work of uploads, one at a time, each in its own event-loop turn. The SQLite driver answers
 * synchronously and Prisma compiles every query on the main thread, so thirty uploads arriving together would
 * otherwise run all their queries back to back in one stretch and stall every socket for hundreds of
 * milliseconds (bench:score measured it). Scoring itself is in the worker pool and stays parallel.
 */
export class Turns {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `work` after the work queued before it, starting on a fresh event-loop turn. */
  run<T>(work: () => Promise<T>): Promise<T> {
    const next = this.tail.then(
      () => new Promise<void>((resolve) => setImmediate(resolve)),
      () => new Promise<void>((resolve) => setImmediate(resolve)),
    ).then(work);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
