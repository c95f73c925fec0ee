/**
 * Races on the server: one live room per race in memory (lib/race/room), the Race row as the source of truth for
 * status, deadline and rules, runs and curves stored through the RaceRunStore.
 *
 * Several processes (REDIS_URL) share a race this way: every process folds the snapshots that reach it into its
 * own copy of the room and *owns* those runs; once per tick it sends the coalesced changes of its own runs to the
 * other processes (`serverSideEmit`), which mirror them, and sends its *own* sockets one tick with every change
 * since its previous tick: its runs' and those its peers reported meanwhile (coalesced per run). So nobody sends
 * one message per snapshot, every socket gets one tick per period whatever the number of processes (several
 * volatile ticks back to back would be dropped by a busy socket), and any process can answer a full-state request
 * from memory. Ticks are aligned to the wall clock, and with peers each process sends its sockets their tick a
 * little after the shared instant (`peerSlackMs`), so a peer's changes usually make the same tick. Status changes go through the Race
 * row with a conditional update, so two processes noticing the same deadline end the race once.
 *
 * The race ranks by verified scores (Run.verifiedScore, written by the scoring area when an upload is scored and
 * at the reveal). Whichever process scored the upload calls `scoresChanged`; it tells its peers, and every
 * process reads the race's stored scores itself and sends its own sockets the changes (reliably: a finished run
 * ticks no more). Reading storage rather than forwarding the scores means a late or reordered message can never
 * put an older score back.
 */
import { randomInt, randomUUID } from "node:crypto";
import { DEFAULT_FLOOD_RULES, type FloodRules } from "@/lib/race/flood-guard";
import { selfReportedScore, standings } from "@/lib/race/ranking";
import type { ResultVersion } from "@/lib/race/result-version";
import { DEFAULT_ROOM_CAPS, RaceRoom, type EpochInput, type LiveRun, type RoomCaps, type RoomRefusal } from "@/lib/race/room";
import { configViolations, type RaceRules } from "@/lib/race/rules";
import { applyControl, settle, type ControlRefusal, type RaceControl, type RaceSchedule, type RaceStatus } from "@/lib/race/status";
import type { LossPoint, RunDelta, RunLive, RunView } from "@/lib/race/views";
import { configSummary } from "@/lib/runs/config-columns";
import type { TrainingConfig } from "@/lib/ml/config";
import { race as raceStrings } from "@/lib/i18n/en/race";
import { format } from "@/lib/i18n/format";
import type { InterServerEvents, ServerToClientEvents } from "@/lib/realtime/events";
import { RACE_TICK_MS, type RaceState, type RaceView } from "@/lib/realtime/race";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import type { RaceRecord } from "../persistence/records";
import { SnapshotWriter } from "../runs/snapshot-writer";
import { authorize } from "../services/classrooms";
import { roomNames, type AppServer } from "../realtime/channel";

declare module "@/server/context" {
  interface AppServices {
    races: RaceService;
  }
}

export const raceRoomName = roomNames.race;

/** An ended race stays in memory this long (late page loads, the podium), then is read from storage again. */
const ENDED_RACE_RETENTION_MS = 10 * 60 * 1000;

export interface RaceServiceOptions {
  tickMs: number;
  caps: RoomCaps;
  flood: FloodRules;
  /**
   * How often each run's buffered epochs are written. Each write is a transaction: at 1 s a 300-student room spent
   * 40% of the server's CPU in the database client (bench:room profile). Longer only means more epochs for
   * clients to re-send after a crash, which they do anyway; a reconnecting client's run is written at once.
   * The writes are spread over the ticks (a slice of the runs each tick), so the database never blocks the
   * process for one big batch: SQLite's driver is synchronous.
   */
  flushIntervalMs: number;
  /**
   * With other processes: how long after the shared tick instant (ticks are aligned to the wall clock) a process
   * sends its own sockets their tick, so the changes its peers sent at that instant (through Redis) are in it
   * rather than waiting a whole period.
   */
  peerSlackMs: number;
}

export const DEFAULT_RACE_SERVICE_OPTIONS: RaceServiceOptions = {
  tickMs: RACE_TICK_MS,
  caps: DEFAULT_ROOM_CAPS,
  flood: DEFAULT_FLOOD_RULES,
  flushIntervalMs: 5000,
  peerSlackMs: 40,
};

/** Folds a run's change into the changes still waiting to be sent (points appended, latest numbers kept). */
function coalesce(waiting: Map<string, RunDelta>, deltas: readonly RunDelta[]): void {
  for (const delta of deltas) {
    const before = waiting.get(delta.runId);
    waiting.set(delta.runId, before ? { ...delta, points: [...before.points, ...delta.points], rollout: delta.rollout ?? before.rollout } : delta);
  }
}

interface LoadedRace {
  id: string;
  classroomId: string;
  name: string;
  createdAt: number;
  rules: RaceRules;
  /** As stored in the Race row (the effective status is `settle(stored, now)`). */
  stored: RaceSchedule;
  room: RaceRoom;
  /** Run changes (this process's and its peers') not yet sent to this process's own sockets, one per run. */
  forward: Map<string, RunDelta>;
  /** The verified scores being read from storage, and whether to read them once more after (a newer change). */
  scoreRead: Promise<void> | null;
  scoreReadAgain: boolean;
}

const REFUSAL_CODE: Record<RoomRefusal | ControlRefusal, "bad_request" | "forbidden" | "not_found"> = {
  race_not_running: "forbidden",
  room_full_students: "forbidden",
  room_full_runs: "forbidden",
  run_exists: "bad_request",
  unknown_run: "not_found",
  not_your_run: "forbidden",
  run_not_running: "forbidden",
  epochs_out_of_order: "bad_request",
  epoch_gap: "bad_request",
  beyond_budget: "bad_request",
  bad_loss: "bad_request",
  bad_rollout: "bad_request",
  wrong_status: "forbidden",
  no_time_limit: "bad_request",
};

export function raceError(reason: keyof typeof raceStrings.errors, values?: Record<string, string | number>): AppError {
  const code = reason in REFUSAL_CODE ? REFUSAL_CODE[reason as RoomRefusal] : reason === "unknown_race" ? "not_found" : reason === "throttled" ? "rate_limited" : "bad_request";
  return new AppError(code, { reason, message: format(raceStrings.errors[reason], values) });
}

const ms = (d: Date | null) => (d ? d.getTime() : null);
const date = (n: number | null) => (n === null ? null : new Date(n));

function scheduleOf(record: RaceRecord): RaceSchedule {
  return {
    status: record.status,
    startsAt: ms(record.startsAt),
    endsAt: ms(record.endsAt),
    pausedAt: ms(record.pausedAt),
    endedAt: ms(record.endedAt),
  };
}

function liveOf(run: LiveRun): RunLive {
  const { runId, status, lastEpoch, trainLoss, valLoss, msPerEpoch, score } = run;
  return { runId, status, lastEpoch, trainLoss, valLoss, msPerEpoch, score };
}

function viewOf(run: LiveRun): RunView {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- ownership is this process's business only; `score` carries the verified score
  const { owned, verifiedScore, ...rest } = run;
  return { ...rest, points: run.points.slice() };
}

export class RaceService {
  private readonly loading = new Map<string, Promise<LoadedRace>>();
  private readonly races = new Map<string, LoadedRace>();
  /** runId → raceId, for the snapshot path (no database read per snapshot). */
  private readonly runRace = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;
  private emitTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private ticking = false;
  /** Runs whose buffered epochs the coming ticks write, a slice per tick. */
  private flushQueue: string[] = [];
  private flushSlice = 0;

  private readonly writer: SnapshotWriter;

  constructor(
    private readonly ctx: AppContext,
    private readonly io: AppServer,
    readonly options: RaceServiceOptions = DEFAULT_RACE_SERVICE_OPTIONS,
  ) {
    // The writer's own timer is only a backstop: tick() spreads the writes.
    this.writer = new SnapshotWriter({ runs: ctx.repos.runs, logger: ctx.logger, flushIntervalMs: Math.max(60_000, options.flushIntervalMs * 4) });
  }

  /** Starts the tick loop and listens to the other processes. */
  start(): void {
    this.schedule();
    this.io.on("race:tick", (tick) => {
      const race = this.races.get(tick.raceId);
      if (!race) return;
      race.room.mergeTick(tick);
      coalesce(race.forward, tick.runs);
    });
    this.io.on("race:run-started", ({ raceId, run }) => {
      const race = this.races.get(raceId);
      if (!race || race.room.get(run.runId)) return;
      race.room.addRun({ ...run, owned: false });
      this.runRace.set(run.runId, raceId);
    });
    this.io.on("race:run-updated", ({ raceId, run }) => {
      const race = this.races.get(raceId);
      const live = race?.room.get(run.runId);
      if (!race || !live) return;
      // Only the process receiving a run's snapshots reports on it: if that was us, the student moved on.
      race.room.release(run.runId);
      Object.assign(live, run);
      // Scored here: this process reads verified scores itself (the owner's may be older).
      live.score = race.room.scoreOf(live);
    });
    this.io.on("race:scores-changed", ({ raceId }) => {
      const race = this.races.get(raceId);
      // A race not in memory here reads its scores with everything else when it is first needed.
      if (race) this.readScores(race).catch((error: unknown) => this.ctx.logger.error("race: reading verified scores failed", { raceId, error }));
    });
    this.io.on("race:updated", ({ race }) => {
      const loaded = this.races.get(race.id);
      if (!loaded) return;
      const wasEnded = loaded.stored.status === "ended";
      loaded.stored = { status: race.status, startsAt: race.startsAt, endsAt: race.endsAt, pausedAt: race.pausedAt, endedAt: race.endedAt };
      if (race.status === "ended" && !wasEnded) void this.stopOwnedRuns(loaded);
    });
  }

  async close(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.emitTimer) clearTimeout(this.emitTimer);
    this.timer = this.emitTimer = null;
    await this.writer.stop();
  }

  /** The next tick at the next multiple of tickMs on the wall clock: every process ticks at the same instants. */
  private schedule(): void {
    if (this.stopped) return;
    const period = this.options.tickMs;
    const now = Date.now();
    this.timer = setTimeout(() => {
      void this.tick();
      this.schedule();
    }, Math.ceil((now + 1) / period) * period - now);
  }

  // ── Teachers ──────────────────────────────────────────────────────────────────────────────────────────────

  async list(userId: string, classroomId: string): Promise<RaceView[]> {
    await authorize(this.ctx, classroomId, userId, "view");
    const records = await this.ctx.repos.races.listForClassroom(classroomId);
    return records.map((r) => this.viewOfRecord(r));
  }

  async create(userId: string, classroomId: string, name: string, rules: RaceRules): Promise<RaceView> {
    await authorize(this.ctx, classroomId, userId, "manage");
    const record: RaceRecord = {
      id: randomUUID(),
      classroomId,
      createdById: userId,
      name,
      rules,
      status: "lobby",
      createdAt: new Date(this.ctx.clock.now()),
      startsAt: null,
      endsAt: null,
      pausedAt: null,
      endedAt: null,
      hiddenSeed: randomInt(0, 2 ** 31 - 1),
      revealedAt: null,
      resultJson: null,
    };
    await this.ctx.repos.races.create(record);
    const view = this.viewOfRecord(record);
    this.announce(view);
    return view;
  }

  async control(userId: string, raceId: string, control: RaceControl): Promise<RaceView> {
    const race = await this.load(raceId);
    await authorize(this.ctx, race.classroomId, userId, "manage");
    for (let attempt = 0; ; attempt++) {
      const now = this.ctx.clock.now();
      const result = applyControl(race.stored, control, now);
      if (!result.ok) throw raceError(result.reason);
      const written = await this.writeSchedule(race, result.schedule);
      if (written) break;
      // Another process changed the race meanwhile: start again from what is stored.
      if (attempt > 0) throw raceError("wrong_status");
      await this.reloadSchedule(race);
    }
    return this.viewOf(race);
  }

  /**
   * Some of the race's runs have new verified scores in storage (an upload was scored, or the private board was
   * revealed): every process re-ranks from storage, and once the race is over its final standings are written
   * again. Resolves when this process has them (its sockets were sent the changes).
   */
  async scoresChanged(raceId: string): Promise<void> {
    this.toPeers("race:scores-changed", { raceId });
    let race = this.races.get(raceId);
    if (!race) {
      // No socket here watches the race (it would be loaded): only its final standings, once it is over, need
      // this process, so a running race is not loaded (every curve read) just for an upload.
      if ((await this.ctx.repos.races.findById(raceId))?.status !== "ended") return;
      race = await this.load(raceId);
    }
    // Read before the scores: the standings written below include at least what this version counts.
    const version = await this.ctx.repos.races.resultVersion(raceId);
    await this.readScores(race);
    if (race.stored.status === "ended" && version) await this.writeResult(race, version);
  }

  async rulesOf(raceId: string): Promise<RaceRules> {
    return (await this.load(raceId)).rules;
  }

  // ── Everyone in the classroom ─────────────────────────────────────────────────────────────────────────────

  /** The full state, after checking membership; the caller joins the race room. */
  async state(userId: string, raceId: string): Promise<RaceState> {
    const race = await this.load(raceId);
    await authorize(this.ctx, race.classroomId, userId, "view").catch(() => {
      throw raceError("unknown_race");
    });
    return { race: this.viewOf(race), runs: race.room.views(), now: this.ctx.clock.now() };
  }

  // ── Students ──────────────────────────────────────────────────────────────────────────────────────────────

  async startRun(userId: string, raceId: string, config: TrainingConfig, backend: string | null, device: string | null): Promise<RunView> {
    const race = await this.load(raceId);
    const { membership } = await authorize(this.ctx, race.classroomId, userId, "view").catch(() => {
      throw raceError("unknown_race");
    });
    if (membership.role !== "student") throw new AppError("forbidden", { reason: "students_only", message: raceStrings.errors.students_only });
    const problems = configViolations(config, race.rules);
    if (problems.length > 0) throw raceError("entry_not_allowed", { problems: problems.map((p) => p.message).join("; ") });
    const runId = randomUUID();
    const status = this.statusOf(race);
    const allowed = race.room.canStart({ runId, userId }, status);
    if (!allowed.ok) throw raceError(allowed.reason);
    const startedAt = this.ctx.clock.now();
    await this.ctx.repos.runs.create({ id: runId, userId, classroomId: race.classroomId, raceId, kind: "race", config, startedAt: new Date(startedAt), backend, device });
    this.writer.open(runId, 0);
    const stopped = race.room.addRun({
      runId,
      userId,
      displayName: membership.displayName,
      config: configSummary(config),
      plannedEpochs: Math.min(config.epochs, race.rules.budget.maxEpochs),
      startedAt,
      status: "running",
      lastEpoch: 0,
      trainLoss: null,
      valLoss: null,
      msPerEpoch: null,
      points: [],
      rollout: null,
      owned: true,
    });
    this.runRace.set(runId, raceId);
    const run = race.room.get(runId)!;
    for (const other of stopped) await this.finishStored(race, other, "stopped");
    this.publish(race, "race:run-started", { raceId, run: viewOf(run) });
    return viewOf(run);
  }

  async snapshots(userId: string, runId: string, batch: EpochInput[]): Promise<{ accepted: number; lastEpoch: number }> {
    const { race, run } = await this.runFor(userId, runId);
    if (!run.owned) await this.takeOver(race, run);
    const result = race.room.applySnapshots(userId, runId, this.statusOf(race), race.rules.budget.maxEpochs, batch);
    if (!result.ok) throw raceError(result.reason);
    const { fresh, lastEpoch } = result.value;
    if (fresh.length > 0) {
      const tMs = Math.max(0, Math.round(this.ctx.clock.now() - run.startedAt));
      this.writer.push(runId, fresh.map((s) => ({ ...s, tMs })));
    }
    return { accepted: fresh.length, lastEpoch };
  }

  /** The run's durable last epoch; this process takes the run over (the student's socket is here now). */
  async resume(userId: string, runId: string): Promise<{ lastEpoch: number; status: RunLive["status"] }> {
    const { race, run } = await this.runFor(userId, runId);
    if (!run.owned && run.status === "running") await this.takeOver(race, run);
    if (!this.writer.isOpen(runId)) return { lastEpoch: (await this.ctx.repos.runs.findById(runId))?.lastEpoch ?? 0, status: run.status };
    await this.writer.flush(runId);
    return { lastEpoch: this.writer.durableThrough(runId) ?? 0, status: run.status };
  }

  async rollout(userId: string, runId: string, rollout: { epoch: number; mse: number; predicted: number[] }): Promise<void> {
    const { race } = await this.runFor(userId, runId);
    const expected = race.rules.dataset.length - race.rules.window;
    const result = race.room.applyRollout(userId, runId, this.statusOf(race), rollout, expected);
    if (!result.ok) throw raceError(result.reason);
    await this.ctx.repos.runs.addRollout(runId, rollout);
  }

  async finish(userId: string, runId: string, status: "finished" | "stopped" | "failed", msPerEpoch: number | null, backend: string | null = null): Promise<RunLive> {
    const { race, run } = await this.runFor(userId, runId);
    const wasRunning = run.status === "running";
    const result = race.room.finishRun(userId, runId, status);
    if (!result.ok) throw raceError(result.reason);
    if (wasRunning) await this.finishStored(race, run, status, msPerEpoch, backend);
    return liveOf(run);
  }

  // ── Internals ─────────────────────────────────────────────────────────────────────────────────────────────

  /** One tick: due timed transitions, then each race's coalesced changes (nothing is sent for a quiet race). */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const now = this.ctx.clock.now();
      for (const race of this.races.values()) {
        const settled = settle(race.stored, now);
        if (settled.status !== race.stored.status) {
          await this.writeSchedule(race, settled).catch((error: unknown) => this.ctx.logger.error("race transition failed", { raceId: race.id, error }));
        }
        const own = race.room.takeTick(now);
        if (own) {
          this.toPeers("race:tick", own);
          coalesce(race.forward, own.runs);
        }
        if (race.stored.status === "ended" && race.stored.endedAt !== null && now - race.stored.endedAt > ENDED_RACE_RETENTION_MS) this.forget(race);
      }
      if (this.ctx.config.redisUrl) {
        if (this.emitTimer) clearTimeout(this.emitTimer);
        this.emitTimer = setTimeout(() => this.emitLocal(), this.options.peerSlackMs);
      } else {
        this.emitLocal();
      }
      this.flushSome();
    } finally {
      this.ticking = false;
    }
  }

  /** Each race's waiting changes, as one tick to this process's own sockets in its room. */
  private emitLocal(): void {
    this.emitTimer = null;
    const at = this.ctx.clock.now();
    for (const race of this.races.values()) {
      if (race.forward.size === 0) continue;
      const runs = [...race.forward.values()];
      race.forward.clear();
      this.io.local.to(raceRoomName(race.id)).volatile.emit("race:tick", { raceId: race.id, at, runs });
    }
  }

  /** Writes the next slice of runs, so that every run is written about every flushIntervalMs. */
  private flushSome(): void {
    if (this.flushQueue.length === 0) {
      this.flushQueue = [...this.races.values()].flatMap((race) => race.room.all().filter((r) => r.owned && this.writer.isOpen(r.runId)).map((r) => r.runId));
      this.flushSlice = Math.ceil(this.flushQueue.length / Math.max(1, this.options.flushIntervalMs / this.options.tickMs));
    }
    for (const runId of this.flushQueue.splice(0, this.flushSlice)) {
      this.writer.flush(runId).catch((error: unknown) => this.ctx.logger.error("race: writing epochs failed", { runId, error }));
    }
  }

  /**
   * Reads the race's verified scores from storage into the room and sends this process's sockets those that
   * changed. Reads one at a time per race; a change arriving during a read makes one more read after it, so a
   * burst of uploads costs a few reads and the last read always sees the last write.
   */
  private readScores(race: LoadedRace): Promise<void> {
    if (race.scoreRead) {
      race.scoreReadAgain = true;
      return race.scoreRead;
    }
    const read = async () => {
      do {
        race.scoreReadAgain = false;
        const rows = await this.ctx.repos.runs.listForRace(race.id);
        const changed = race.room.setVerifiedScores(new Map(rows.map((row) => [row.id, row.verifiedScore])));
        if (changed.length > 0) {
          this.io.local.to(raceRoomName(race.id)).emit("race:scores", { raceId: race.id, scores: changed.map(({ runId, score }) => ({ runId, score })) });
        }
      } while (race.scoreReadAgain);
    };
    race.scoreRead = read().finally(() => {
      race.scoreRead = null;
    });
    return race.scoreRead;
  }

  private forget(race: LoadedRace): void {
    this.races.delete(race.id);
    for (const run of race.room.all()) this.runRace.delete(run.runId);
  }

  private async runFor(userId: string, runId: string): Promise<{ race: LoadedRace; run: LiveRun }> {
    let raceId = this.runRace.get(runId);
    if (!raceId) {
      // Not in memory: this process restarted, or the student reconnected to another process.
      const located = await this.ctx.repos.runs.findById(runId);
      if (!located?.raceId) throw raceError("unknown_run");
      if (located.userId !== userId) throw raceError("not_your_run");
      raceId = located.raceId;
    }
    const race = await this.load(raceId);
    const run = race.room.get(runId);
    if (!run) throw raceError("unknown_run");
    if (run.userId !== userId) throw raceError("not_your_run");
    return { race, run };
  }

  /**
   * This process starts receiving a run's snapshots (the student reconnected here, or the server restarted): it
   * accepts epochs again from what is stored, and the client re-sends the rest from its buffer.
   */
  private async takeOver(race: LoadedRace, run: LiveRun): Promise<void> {
    if (!this.writer.isOpen(run.runId)) {
      const stored = await this.ctx.repos.runs.findById(run.runId);
      this.writer.open(run.runId, stored?.lastEpoch ?? 0);
    }
    race.room.adopt(run.runId, this.writer.through(run.runId) ?? 0);
  }

  private statusOf(race: LoadedRace): RaceStatus {
    return settle(race.stored, this.ctx.clock.now()).status;
  }

  /** Conditionally writes a new schedule; on success announces it (and wraps the race up when it ended). */
  private async writeSchedule(race: LoadedRace, schedule: RaceSchedule): Promise<boolean> {
    const record = await this.ctx.repos.races.transition(race.id, race.stored.status, {
      status: schedule.status,
      startsAt: date(schedule.startsAt),
      endsAt: date(schedule.endsAt),
      pausedAt: date(schedule.pausedAt),
      endedAt: date(schedule.endedAt),
    });
    if (!record) {
      await this.reloadSchedule(race);
      return false;
    }
    const wasEnded = race.stored.status === "ended";
    race.stored = scheduleOf(record);
    this.announce(this.viewOf(race));
    if (race.stored.status === "ended" && !wasEnded) await this.wrapUp(race);
    return true;
  }

  private async reloadSchedule(race: LoadedRace): Promise<void> {
    const record = await this.ctx.repos.races.findById(race.id);
    if (record) race.stored = scheduleOf(record);
  }

  /** The race ended here: stop every run, store the final standings. */
  private async wrapUp(race: LoadedRace): Promise<void> {
    await this.stopOwnedRuns(race);
    // Runs nobody is sending for (their student left, or their process went away) end here too.
    const finishedAt = new Date(this.ctx.clock.now());
    for (const row of await this.ctx.repos.runs.listForRace(race.id)) {
      if (row.status !== "running") continue;
      await this.ctx.repos.runs.finish(row.id, { status: "stopped", finishedAt, finalTrainLoss: row.finalTrainLoss, finalValLoss: row.finalValLoss, msPerEpoch: row.msPerEpoch });
    }
    // Uploads of the last runs may have been scored on other processes meanwhile.
    const version = await this.ctx.repos.races.resultVersion(race.id);
    await this.readScores(race);
    if (version) await this.writeResult(race, version);
  }

  /**
   * The final standings (verified scores; a student without one is listed unranked after the ranked ones), each
   * run's numbers, config and self-reported loss. Written when the race ends and again whenever its verified
   * scores change afterwards (late uploads, the reveal), so the podium and replays read the standings as published.
   * Several processes may write them at nearly the same moment; `version` (read before the scores) makes the one
   * that read older scores lose even when it writes last (lib/race/result-version).
   */
  private async writeResult(race: LoadedRace, version: ResultVersion): Promise<void> {
    const runs = race.room.all();
    const result = {
      standings: standings(runs, (run) => race.room.scoreOf(run)),
      runs: runs.map((r) => ({ ...liveOf(r), userId: r.userId, displayName: r.displayName, config: r.config, selfReported: selfReportedScore(r) })),
    };
    if ((await this.ctx.repos.races.writeResult(race.id, version, result)) === "stale") {
      this.ctx.logger.debug("race: newer final standings were already stored", { raceId: race.id, version });
    }
  }

  private async stopOwnedRuns(race: LoadedRace): Promise<void> {
    for (const run of race.room.stopAll()) {
      if (run.owned) await this.finishStored(race, run, "stopped");
    }
  }

  private async finishStored(
    race: LoadedRace,
    run: LiveRun,
    status: "finished" | "stopped" | "failed",
    msPerEpoch: number | null = run.msPerEpoch,
    backend: string | null = null,
  ): Promise<void> {
    await this.writer.close(run.runId);
    await this.ctx.repos.runs.finish(run.runId, {
      status,
      finishedAt: new Date(this.ctx.clock.now()),
      finalTrainLoss: run.trainLoss,
      finalValLoss: run.valLoss,
      msPerEpoch,
      ...(backend ? { backend } : {}),
    });
    this.publish(race, "race:run-updated", { raceId: race.id, run: liveOf(run) });
  }

  /** To clients in the race room and to the other processes. */
  private publish<E extends "race:run-started" | "race:run-updated">(race: LoadedRace, event: E, payload: Parameters<ServerToClientEvents[E]>[0]): void {
    (this.io.to(raceRoomName(race.id)).emit as (e: string, p: unknown) => boolean)(event, payload);
    this.toPeers(event, payload);
  }

  /** A race's status changed: the classroom room, the race room, and the other processes. */
  private announce(view: RaceView): void {
    this.io.to([roomNames.classroom(view.classroomId), raceRoomName(view.id)]).emit("race:updated", { race: view });
    this.toPeers("race:updated", { race: view });
  }

  /** The other server processes (only with Redis: the in-memory adapter has no peers and no serverSideEmit). */
  private toPeers<E extends keyof InterServerEvents>(event: E, payload: Parameters<InterServerEvents[E]>[0]): void {
    if (this.ctx.config.redisUrl) (this.io.serverSideEmit as (e: string, p: unknown) => boolean)(event, payload);
  }

  private viewOf(race: LoadedRace): RaceView {
    return {
      id: race.id,
      classroomId: race.classroomId,
      name: race.name,
      rules: race.rules,
      createdAt: race.createdAt,
      ...settle(race.stored, this.ctx.clock.now()),
    };
  }

  private viewOfRecord(record: RaceRecord): RaceView {
    const loaded = this.races.get(record.id);
    if (loaded) return this.viewOf(loaded);
    return {
      id: record.id,
      classroomId: record.classroomId,
      name: record.name,
      rules: record.rules,
      createdAt: record.createdAt.getTime(),
      ...settle(scheduleOf(record), this.ctx.clock.now()),
    };
  }

  /** The race's live room, built from storage the first time this process needs it. */
  private load(raceId: string): Promise<LoadedRace> {
    const loaded = this.races.get(raceId);
    if (loaded) return Promise.resolve(loaded);
    let pending = this.loading.get(raceId);
    if (!pending) {
      pending = this.build(raceId).finally(() => this.loading.delete(raceId));
      this.loading.set(raceId, pending);
    }
    return pending;
  }

  private async build(raceId: string): Promise<LoadedRace> {
    const record = await this.ctx.repos.races.findById(raceId);
    if (!record) throw raceError("unknown_race");
    const rules = record.rules;
    const room = new RaceRoom(raceId, this.options.caps);
    const race: LoadedRace = {
      id: raceId,
      classroomId: record.classroomId,
      name: record.name,
      createdAt: record.createdAt.getTime(),
      rules,
      stored: scheduleOf(record),
      room,
      forward: new Map(),
      scoreRead: null,
      scoreReadAgain: false,
    };
    const rows = await this.ctx.repos.runs.listForRace(raceId);
    if (rows.length > 0) {
      const names = new Map((await this.ctx.repos.memberships.list(record.classroomId)).map((m) => [m.userId, m.displayName]));
      for (const row of rows) {
        const config = row.config;
        const points: LossPoint[] = (await this.ctx.repos.runs.readCurve(row.id)).map((p) => [p.epoch, p.trainLoss, p.valLoss]);
        const last = points[points.length - 1];
        room.addRun({
          runId: row.id,
          userId: row.userId,
          displayName: names.get(row.userId) ?? "?",
          config: configSummary(config),
          plannedEpochs: Math.min(config.epochs, rules.budget.maxEpochs),
          startedAt: row.startedAt.getTime(),
          status: row.status,
          lastEpoch: last?.[0] ?? 0,
          trainLoss: last?.[1] ?? row.finalTrainLoss,
          valLoss: last?.[2] ?? row.finalValLoss,
          msPerEpoch: row.msPerEpoch,
          verifiedScore: row.verifiedScore,
          points,
          rollout: null,
          owned: false,
        });
        this.runRace.set(row.id, raceId);
      }
    }
    // Loading took a while; another call may have finished first.
    const existing = this.races.get(raceId);
    if (existing) return existing;
    this.races.set(raceId, race);
    return race;
  }
}
