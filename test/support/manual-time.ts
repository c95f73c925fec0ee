/**
 * A clock and scheduler that only move when a test says so: `advance(ms)` fires every timer that falls due, in
 * order, letting the promises each callback started settle before the next fires. Servers built with it
 * (`deps: { clock: time, scheduler: time }`) tick, coalesce and flush exactly when the test advances.
 */
import type { Clock, Scheduler, Timer } from "@/server/clock";

interface Pending {
  id: number;
  at: number;
  fn: () => void;
  /** Repeats every `period` ms when set. */
  period: number | null;
}

/** Lets already-started async work (database calls on real I/O included) run a little. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

export class ManualTime implements Clock, Scheduler {
  private current: number;
  private nextId = 0;
  private readonly timers = new Map<number, Pending>();

  constructor(start = Date.UTC(2026, 11, 6, 9, 0, 0)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  after(ms: number, fn: () => void): Timer {
    return this.add(Math.max(0, ms), fn, null);
  }

  every(ms: number, fn: () => void): Timer {
    return this.add(Math.max(1, ms), fn, Math.max(1, ms));
  }

  /** Timers still waiting to fire. */
  get pending(): number {
    return this.timers.size;
  }

  /**
   * Moves time forward by `ms`, firing due timers in time order (a timer set by a callback fires in the same
   * call when it falls due), and lets the async work they start settle after each.
   */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      const next = [...this.timers.values()].filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!next) break;
      this.current = Math.max(this.current, next.at);
      if (next.period === null) this.timers.delete(next.id);
      // Like setInterval after the clock jumped (`set`): the next firing is a period from now, not a catch-up storm.
      else next.at = Math.max(next.at, this.current) + next.period;
      next.fn();
      await settle();
    }
    this.current = target;
    await settle();
  }

  /** Sets the clock without firing anything (a wall-clock jump): what fell due fires at the next `advance`. */
  set(now: number): void {
    this.current = now;
  }

  private add(ms: number, fn: () => void, period: number | null): Timer {
    const id = ++this.nextId;
    this.timers.set(id, { id, at: this.current + ms, fn, period });
    return { cancel: () => void this.timers.delete(id) };
  }
}

/**
 * The real clock plus a shift a test can move forward: the server keeps running on real timers (sockets, ticks),
 * and a deadline ten seconds away passes at once when the test jumps the shift.
 */
export class ShiftedClock implements Clock {
  shift = 0;

  now(): number {
    return Date.now() + this.shift;
  }
}
