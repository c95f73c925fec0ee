/**
 * What this process does with its peers' messages (lib/realtime/race.ts PeerMessage): it mirrors the runs other
 * processes receive, so it can answer a full-state request on its own, and forwards their changes to its own
 * sockets in its next tick. Messages are hints: status and memberships are re-read from storage, and a
 * run whose curve shows a gap (a lost tick) or that arrives out of order is restored from its stored curve,
 * again a flush period later while storage has not caught up. A race not in memory here ignores them: it is built
 * from storage when first needed.
 */
import type { PeerMessage } from "@/lib/realtime/race";
import type { Timer } from "../clock";
import type { AppContext } from "../context";
import { SerialRefresh } from "./coalesce";
import type { RaceLifecycle } from "./lifecycle";
import type { LoadedRace, RaceRegistry } from "./registry";
import type { RaceRuns } from "./runs";
import { coalesce } from "./ticker";

export class RaceMirror {
  private readonly repairs = new SerialRefresh();
  private readonly retries = new Map<string, Timer>();

  constructor(
    private readonly ctx: AppContext,
    private readonly registry: RaceRegistry,
    private readonly lifecycle: RaceLifecycle,
    private readonly runs: RaceRuns,
    /** How long storage may lag behind a run's ticks (its owner's write period). */
    private readonly retryMs: number,
  ) {}

  handle(message: PeerMessage): void {
    const fail = (error: unknown) => this.ctx.logger.error("race: handling a peer's message failed", { type: message.type, error });
    if (message.type === "member-removed") {
      this.registry.memberRemoved(message.classroomId, message.userId);
      return;
    }
    const raceId = message.type === "tick" ? message.tick.raceId : message.raceId;
    const race = this.registry.get(raceId);
    if (!race) return;
    switch (message.type) {
      case "tick": {
        const owned = message.tick.runs.filter((delta) => race.room.get(delta.runId)?.owned).map((delta) => delta.runId);
        for (const runId of race.room.mergeTick(message.tick)) this.repair(race, runId);
        // The student reconnected to the sender: what this process still buffers of their run is written now.
        for (const runId of owned) if (!race.room.get(runId)?.owned) this.runs.release(runId).catch(fail);
        coalesce(race.forward, message.tick.runs.filter((delta) => race.room.get(delta.runId)));
        return;
      }
      case "run-started":
        if (race.room.get(message.run.runId)) return;
        race.room.addRun({ ...message.run, owned: false });
        this.registry.indexRun(message.run.runId, raceId);
        return;
      case "run-updated": {
        const known = race.room.get(message.run.runId);
        if (known) {
          race.room.applyEnded(message.run);
          this.runs.release(message.run.runId).catch(fail);
        }
        this.settle(race, message.run.runId);
        return;
      }
      case "race-changed":
        this.lifecycle.reload(race).catch(fail);
        return;
    }
  }

  /**
   * A run ended elsewhere, or was ended here without this process receiving its epochs: once its last epochs
   * are written (a write period later at most), storage holds the final run: take it from there.
   */
  settle(race: LoadedRace, runId: string): void {
    this.retries.get(runId)?.cancel();
    this.retries.set(runId, this.ctx.scheduler.after(this.retryMs, () => this.repair(race, runId)));
  }

  stop(): void {
    for (const timer of this.retries.values()) timer.cancel();
    this.retries.clear();
  }

  /** Restores a mirrored run from storage (adding it if unknown); tries again later while a gap remains. */
  private repair(race: LoadedRace, runId: string): void {
    this.retries.get(runId)?.cancel();
    this.retries.delete(runId);
    const work = async () => {
      const row = await this.ctx.repos.runs.findById(runId);
      if (!row || row.raceId !== race.id) return;
      const run = race.room.get(runId);
      if (!run) {
        await this.registry.addStoredRun(race, row);
        return;
      }
      if (run.owned && row.status === "running") return;
      const stored = await this.ctx.repos.runs.readCurve(runId);
      const gap = race.room.restoreCurve(runId, stored.map((p) => [p.epoch, p.trainLoss, p.valLoss]), row.status);
      if (gap && run.status === "running") {
        this.retries.set(runId, this.ctx.scheduler.after(this.retryMs, () => this.repair(race, runId)));
      }
    };
    this.repairs.request(runId, work).catch((error: unknown) => this.ctx.logger.error("race: restoring a run from storage failed", { runId, error }));
  }
}
