/**
 * Time on the server: "now" (`Clock`) and timers (`Scheduler`), both passed in through the context, so tests and
 * benchmarks can run the server on a manual clock and advance it instead of sleeping (test/support/manual-time.ts).
 */

/** The one source of "now" on the server, passed to lib/ code, so tests can control time. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export interface Timer {
  /** Idempotent; a cancelled timer never fires. */
  cancel(): void;
}

/**
 * Timers of long-lived services (ticks, coalesced broadcasts, flushes). Callbacks never run synchronously inside
 * `after`/`every`, and a pending timer never keeps the process alive: services stop theirs in `close()`.
 */
export interface Scheduler {
  after(ms: number, fn: () => void): Timer;
  every(ms: number, fn: () => void): Timer;
}

export const systemClock: Clock = { now: () => Date.now() };

export const systemScheduler: Scheduler = {
  after(ms, fn) {
    const handle = setTimeout(fn, Math.max(0, ms));
    handle.unref();
    return { cancel: () => clearTimeout(handle) };
  },
  every(ms, fn) {
    const handle = setInterval(fn, Math.max(1, ms));
    handle.unref();
    return { cancel: () => clearInterval(handle) };
  },
};
