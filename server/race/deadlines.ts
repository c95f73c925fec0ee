/**
 * Timers for races' timed transitions (a homework opening and closing, a live race's countdown and deadline), so
 * they happen with nobody connected: a race room ticking in memory settles its own race, but a homework set on
 * Monday for Friday may have no room anywhere when Friday comes. Every process arms one timer per race with a
 * transition ahead, from storage at start-up (so a restart loses none) and when a race is created here; when it
 * fires, the race is settled through the lifecycle's conditional write, so processes firing together change it
 * once. Timers come from the context's scheduler.
 */
import { nextTransitionAt, type RaceSchedule } from "@/lib/race/status";
import type { Timer } from "../clock";
import type { AppContext } from "../context";
import type { RaceRecord } from "../persistence/records";
import { scheduleOf } from "./views";

/** setTimeout's longest wait (about 24.8 days): a later transition is re-armed from the timer that fires first. */
export const MAX_TIMER_MS = 2 ** 31 - 1;
/** A timer whose settling failed (the database away) tries again after this. */
const RETRY_MS = 60_000;

export class RaceDeadlines {
  private readonly timers = new Map<string, Timer>();
  private stopped = false;

  constructor(
    private readonly ctx: Pick<AppContext, "clock" | "scheduler" | "logger">,
    /** Applies what is due for the race now and returns its schedule afterwards (null: the race is gone). */
    private readonly settleRace: (raceId: string) => Promise<RaceSchedule | null>,
  ) {}

  /** Arms a timer for every race not ended, as stored (`repos.races.listActive()`: start-up, or the clock jumped). */
  restore(active: readonly RaceRecord[]): void {
    for (const timer of this.timers.values()) timer.cancel();
    this.timers.clear();
    for (const record of active) this.arm(record.id, scheduleOf(record));
  }

  /** (Re-)arms the race's timer for its next transition; nothing when none is ahead. */
  arm(raceId: string, schedule: RaceSchedule): void {
    this.timers.get(raceId)?.cancel();
    this.timers.delete(raceId);
    const at = nextTransitionAt(schedule);
    if (this.stopped || at === null) return;
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, at - this.ctx.clock.now()));
    this.timers.set(raceId, this.ctx.scheduler.after(delay, () => void this.fire(raceId)));
  }

  /** Races with a timer armed here (tests and the operator's logs). */
  get armed(): number {
    return this.timers.size;
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) timer.cancel();
    this.timers.clear();
  }

  private async fire(raceId: string): Promise<void> {
    this.timers.delete(raceId);
    try {
      const schedule = await this.settleRace(raceId);
      if (!schedule) return;
      const at = nextTransitionAt(schedule);
      // Still due after settling: the write failed (logged where it failed). Try again later, not at once.
      if (at !== null && at <= this.ctx.clock.now()) this.retry(raceId);
      // Not due yet (a long wait clamped to MAX_TIMER_MS, or the deadline moved): wait again.
      else this.arm(raceId, schedule);
    } catch (error) {
      this.ctx.logger.error("race transition timer failed (trying again)", { raceId, error });
      this.retry(raceId);
    }
  }

  private retry(raceId: string): void {
    if (!this.stopped && !this.timers.has(raceId)) this.timers.set(raceId, this.ctx.scheduler.after(RETRY_MS, () => void this.fire(raceId)));
  }
}
