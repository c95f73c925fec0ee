/**
 * How a race's runs reach storage: the Run row when a run starts and when it ends, and its epochs through the
 * SnapshotWriter, written every `flushIntervalMs` in slices spread over the ticks (SQLite's driver is
 * synchronous: one big batch would block the process). A process *takes over* a run when its student's socket
 * arrives here (a reconnect, a restart): it accepts epochs again after what storage holds, and the client re-sends
 * the rest from its buffer.
 */
import type { LiveRun } from "@/lib/race/room";
import type { EpochInput } from "@/lib/race/room-checks";
import type { AppContext } from "../context";
import type { NewRunRecord } from "../persistence/records";
import { SnapshotWriter } from "../runs/snapshot-writer";
import type { RaceFanout } from "./fanout";
import type { LoadedRace, RaceRegistry } from "./registry";
import { liveOf } from "./views";

export interface RaceRunsOptions {
  tickMs: number;
  /**
   * How often each run's buffered epochs are written. Each write is a transaction: at 1 s a 300-student room spent
   * 40% of the server's CPU in the database client (bench:room profile). Longer only means more epochs for
   * clients to re-send after a crash, which they do anyway; a reconnecting client's run is written at once.
   */
  flushIntervalMs: number;
}

export type RunEnd = "finished" | "stopped" | "failed";

export class RaceRuns {
  private readonly writer: SnapshotWriter;
  /** Runs whose buffered epochs the coming ticks write, a slice per tick. */
  private queue: string[] = [];
  private slice = 0;

  constructor(
    private readonly ctx: AppContext,
    private readonly registry: RaceRegistry,
    private readonly fanout: RaceFanout,
    private readonly options: RaceRunsOptions,
    /**
     * After a run ends, every process (this one too) takes its final state from storage a write period later:
     * two processes may each have believed they received its epochs when it ended (a reconnect in flight).
     */
    private readonly settleLater: (race: LoadedRace, runId: string) => void,
  ) {
    // The writer's own timer is only a backstop: flushSome() spreads the writes over the ticks.
    this.writer = new SnapshotWriter({
      runs: ctx.repos.runs,
      logger: ctx.logger,
      scheduler: ctx.scheduler,
      flushIntervalMs: Math.max(60_000, options.flushIntervalMs * 4),
    });
  }

  async create(run: NewRunRecord): Promise<void> {
    await this.ctx.repos.runs.create(run);
    this.writer.open(run.id, 0);
  }

  /** Buffers a batch's new epochs (the room accepted them) with the time since the run started. */
  push(run: LiveRun, fresh: readonly EpochInput[]): void {
    if (fresh.length === 0) return;
    const tMs = Math.max(0, Math.round(this.ctx.clock.now() - run.startedAt));
    this.writer.push(run.runId, fresh.map((s) => ({ ...s, tMs })));
  }

  /**
   * This process starts receiving a run's snapshots (the student reconnected here, or the server restarted): what
   * it still buffers from an earlier stint is written, and it accepts epochs again after what storage holds (which
   * another process may have extended meanwhile); the client re-sends the rest.
   */
  async takeOver(race: LoadedRace, run: LiveRun): Promise<void> {
    await this.writer.close(run.runId);
    const stored = await this.ctx.repos.runs.readCurve(run.runId);
    this.writer.open(run.runId, stored[stored.length - 1]?.epoch ?? 0);
    race.room.adopt(run.runId, stored.map((p) => [p.epoch, p.trainLoss, p.valLoss]));
  }

  /**
   * After a reconnect: the run is this process's from now on, in step with storage; returns the epoch through
   * which it is stored (written first, so the client re-sends as little as possible).
   */
  async resume(race: LoadedRace, run: LiveRun): Promise<number> {
    if (run.status === "running") {
      if (!run.owned) await this.takeOver(race, run);
      await this.writer.flush(run.runId);
      // Storage went further than this process's curve: another process took epochs meanwhile.
      if ((this.writer.durableThrough(run.runId) ?? 0) !== run.lastEpoch) await this.takeOver(race, run);
    }
    if (!this.writer.isOpen(run.runId)) return (await this.ctx.repos.runs.findById(run.runId))?.lastEpoch ?? 0;
    return this.writer.durableThrough(run.runId) ?? 0;
  }

  /** Another process receives the run's epochs now: what this one still buffers is written, then forgotten. */
  async release(runId: string): Promise<void> {
    if (this.writer.isOpen(runId)) await this.writer.close(runId);
  }

  /** Writes the next slice of runs, so that every run is written about every flushIntervalMs. Called each tick. */
  flushSome(): void {
    if (this.queue.length === 0) {
      for (const race of this.registry.all()) {
        for (const run of race.room.all()) if (run.owned && this.writer.isOpen(run.runId)) this.queue.push(run.runId);
      }
      this.slice = Math.ceil(this.queue.length / Math.max(1, this.options.flushIntervalMs / this.options.tickMs));
    }
    for (const runId of this.queue.splice(0, this.slice)) {
      this.writer.flush(runId).catch((error: unknown) => this.ctx.logger.error("race: writing epochs failed", { runId, error }));
    }
  }

  /**
   * A run of this process ended: its epochs and its end are stored, then everyone watching is told (the other
   * processes too: by then the whole curve is in storage for them to read).
   */
  async end(race: LoadedRace, run: LiveRun, status: RunEnd, msPerEpoch: number | null = run.msPerEpoch, backend: string | null = null): Promise<void> {
    await this.writer.close(run.runId);
    const ended = await this.ctx.repos.runs.finish(run.runId, {
      status,
      finishedAt: new Date(this.ctx.clock.now()),
      finalTrainLoss: run.trainLoss,
      finalValLoss: run.valLoss,
      msPerEpoch,
      ...(backend ? { backend } : {}),
    });
    // Another process ended it first (the race's end met the student's finish): the stored status stands.
    if (!ended) run.status = (await this.ctx.repos.runs.findById(run.runId))?.status ?? run.status;
    const live = liveOf(run);
    this.fanout.toRace(race.id, "race:run-updated", { raceId: race.id, run: live });
    this.fanout.toPeers({ type: "run-updated", raceId: race.id, run: live });
    this.settleLater(race, run.runId);
  }

  /** The race ended: every run this process receives is stopped and stored; those it mirrors, settled later. */
  async stopOwned(race: LoadedRace): Promise<void> {
    for (const run of race.room.stopAll()) {
      if (run.owned) await this.end(race, run, "stopped");
      else this.settleLater(race, run.runId);
    }
  }

  /** Writes every buffered epoch: the process is stopping. */
  async stop(): Promise<void> {
    await this.writer.stop();
  }
}
