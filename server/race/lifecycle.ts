/**
 * A race's status lives in its database row. Every change (a teacher's control, a countdown running out, a
 * deadline passing) is a conditional update from the schedule this process last read, so two processes noticing
 * the same deadline end the race once, and a control meeting another change (another process's, or a second
 * "+1 minute" pressed at once) starts again from what is stored: both count, neither is lost. Controls of one race
 * on one process go one at a time. Whoever wrote a change announces it; the race's end stops its runs.
 */
import { applyControl, settle, type RaceControl, type RaceSchedule } from "@/lib/race/status";
import type { AppContext } from "../context";
import { raceError } from "./errors";
import type { RaceFanout } from "./fanout";
import type { LoadedRace } from "./registry";
import type { RaceRuns } from "./runs";
import { dateOf, raceViewOf, scheduleOf } from "./views";

/** A control may meet this many other changes in a row before it gives up (a teacher pressing very fast). */
const CONTROL_ATTEMPTS = 5;

export class RaceLifecycle {
  private readonly controls = new Map<string, Promise<unknown>>();

  constructor(
    private readonly ctx: AppContext,
    private readonly fanout: RaceFanout,
    private readonly runs: RaceRuns,
  ) {}

  /** Applies a teacher's control; throws the refusal (wrong status, no time limit). */
  control(race: LoadedRace, control: RaceControl): Promise<void> {
    const previous = this.controls.get(race.id) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.apply(race, control));
    this.controls.set(race.id, next);
    void next.finally(() => {
      if (this.controls.get(race.id) === next) this.controls.delete(race.id);
    }).catch(() => undefined);
    return next;
  }

  private async apply(race: LoadedRace, control: RaceControl): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const result = applyControl(race.stored, control, this.ctx.clock.now());
      if (!result.ok) throw raceError(result.reason);
      if (await this.write(race, result.schedule)) return;
      // The race changed meanwhile (write() re-read it): start again from what is stored.
      if (attempt >= CONTROL_ATTEMPTS) throw raceError("wrong_status");
    }
  }

  /** Writes the timed transitions due at `now` (countdown over, deadline passed), if any. Called each tick. */
  async settleDue(race: LoadedRace, now: number): Promise<void> {
    const settled = settle(race.stored, now);
    if (settled.status === race.stored.status) return;
    await this.write(race, settled).catch((error: unknown) => this.ctx.logger.error("race transition failed", { raceId: race.id, error }));
  }

  /** Another process changed the race's row: take what is stored (and wrap up here too if it ended). */
  async reload(race: LoadedRace): Promise<void> {
    const wasEnded = race.stored.status === "ended";
    const record = await this.ctx.repos.races.findById(race.id);
    if (!record) return;
    race.stored = scheduleOf(record);
    if (race.stored.status === "ended" && !wasEnded) await this.runs.stopOwned(race);
  }

  /** Conditionally writes a new schedule; on success announces it (and wraps the race up when it ended). */
  private async write(race: LoadedRace, schedule: RaceSchedule): Promise<boolean> {
    const from = { status: race.stored.status, endsAt: dateOf(race.stored.endsAt), pausedAt: dateOf(race.stored.pausedAt) };
    const record = await this.ctx.repos.races.transition(race.id, from, {
      status: schedule.status,
      startsAt: dateOf(schedule.startsAt),
      endsAt: dateOf(schedule.endsAt),
      pausedAt: dateOf(schedule.pausedAt),
      endedAt: dateOf(schedule.endedAt),
    });
    if (!record) {
      await this.reload(race);
      return false;
    }
    const wasEnded = race.stored.status === "ended";
    race.stored = scheduleOf(record);
    this.fanout.raceUpdated(raceViewOf(race, this.ctx.clock.now()));
    this.fanout.toPeers({ type: "race-changed", raceId: race.id });
    if (race.stored.status === "ended" && !wasEnded) await this.wrapUp(race);
    return true;
  }

  /** The race ended here: stop every run (those nobody sends for too). */
  private async wrapUp(race: LoadedRace): Promise<void> {
    await this.runs.stopOwned(race);
    // Runs nobody is sending for (their student left, or their process went away) end here too.
    const finishedAt = new Date(this.ctx.clock.now());
    for (const row of await this.ctx.repos.runs.listForRace(race.id)) {
      if (row.status !== "running") continue;
      await this.ctx.repos.runs.finish(row.id, { status: "stopped", finishedAt, finalTrainLoss: row.finalTrainLoss, finalValLoss: row.finalValLoss, msPerEpoch: row.msPerEpoch });
    }
  }
}
