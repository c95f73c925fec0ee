/**
 * Database work of uploads, a few at a time, each started in its own event-loop turn. The SQLite driver answers
 * synchronously and Prisma compiles every query on the main thread, so thirty uploads arriving together would
 * otherwise run all their queries back to back in one stretch and stall every socket for hundreds of
 * milliseconds (bench:score measured it): on SQLite one lane. PostgreSQL answers over the network, so one lane
 * would leave the main thread idle while each round trip is out and a class's checkpoints would queue behind each
 * other (bench:race, two processes, measured 9 s of queueing): there a few lanes overlap the round trips.
 * Scoring itself is in the worker pool and stays parallel.
 */
export class Turns {
  private readonly waiting: (() => Promise<void>)[] = [];
  private running = 0;

  constructor(private readonly lanes = 1) {
    if (!Number.isInteger(lanes) || lanes < 1) throw new Error(`Turns needs at least one lane, got ${lanes}`);
  }

  /** Runs `work` once a lane is free, in order of arrival, starting on a fresh event-loop turn. */
  run<T>(work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push(() => work().then(resolve, reject));
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.lanes && this.waiting.length > 0) {
      const job = this.waiting.shift()!;
      this.running += 1;
      setImmediate(() => {
        void job().finally(() => {
          this.running -= 1;
          this.pump();
        });
      });
    }
  }
}
