/**
 * One refresh at a time per key (a race's scores, a run's stored curve): asking while one runs makes exactly one
 * more run after it, so a burst of changes costs a few reads and the last read always sees the last write.
 */
export class SerialRefresh {
  private readonly running = new Map<string, { done: Promise<void>; again: boolean }>();

  /** Resolves when a refresh that started after this call has finished. */
  request(key: string, work: () => Promise<void>): Promise<void> {
    const current = this.running.get(key);
    if (current) {
      current.again = true;
      return current.done;
    }
    const entry = { done: Promise.resolve(), again: false };
    entry.done = (async () => {
      try {
        do {
          entry.again = false;
          await work();
        } while (entry.again);
      } finally {
        this.running.delete(key);
      }
    })();
    this.running.set(key, entry);
    return entry.done;
  }
}
