/**
 * Races on the server: the use cases of teachers (set up, drive) and students (start runs, stream epochs), with
 * their authorization. The work is done by small parts with one job each:
 * - registry.ts: the races held in memory (one live room each, lib/race/room), and who may still act in them;
 * - lifecycle.ts: the status, through the Race row (conditional updates: one end however many processes notice);
 * - runs.ts: runs and their epochs in storage (batched, spread over the ticks, taken over after a reconnect);
 * - ticker.ts: the coalesced tick; mirror.ts: what the other processes say;
 * - deadlines.ts: timers for timed transitions (a homework closes with nobody connected, after a restart too);
 * - fanout.ts: the only view of the transport (Socket.IO in the server, in memory in tests).
 * Time and timers come from the context's clock and scheduler.
 */
import { randomInt, randomUUID } from "node:crypto";
import { DEFAULT_ROOM_CAPS, type EpochInput, type LiveRun, type RoomCaps } from "@/lib/race/room";
import { configViolations, type RaceRules } from "@/lib/race/rules";
import { homeworkSchedule, type HomeworkWindow } from "@/lib/race/homework";
import { INITIAL_SCHEDULE, settle, type RaceControl, type RaceSchedule, type RaceStatus } from "@/lib/race/status";
import type { RunLive, RunView } from "@/lib/race/views";
import { configSummary } from "@/lib/runs/config-columns";
import type { TrainingConfig } from "@/lib/ml/config";
import { RACE_TICK_MS, type RaceState, type RaceView } from "@/lib/realtime/race";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import type { RaceRecord } from "../persistence/records";
import { authorize } from "../services/classrooms";
import { checkRaceData } from "../services/dataset-access";
import { raceError } from "./errors";
import type { RaceFanout } from "./fanout";
import { RaceDeadlines } from "./deadlines";
import { RaceLifecycle } from "./lifecycle";
import { RaceMirror } from "./mirror";
import { RaceRegistry, type LoadedRace } from "./registry";
import { RaceRuns, type RunEnd } from "./runs";
import { RaceTicker } from "./ticker";
import { dateOf, liveOf, raceViewOf, recordViewOf, runViewOf } from "./views";

declare module "@/server/context" {
  interface AppServices {
    races: RaceService;
  }
}

export interface RaceServiceOptions {
  tickMs: number;
  caps: RoomCaps;
  /** How often each run's buffered epochs are written (see runs.ts). */
  flushIntervalMs: number;
  /** With other processes: how long after the shared tick instant a process sends its own sockets their tick. */
  peerSlackMs: number;
}

export const DEFAULT_RACE_SERVICE_OPTIONS: RaceServiceOptions = {
  tickMs: RACE_TICK_MS,
  caps: DEFAULT_ROOM_CAPS,
  flushIntervalMs: 5000,
  peerSlackMs: 40,
};

export class RaceService {
  private readonly registry: RaceRegistry;
  private readonly runs: RaceRuns;
  private readonly lifecycle: RaceLifecycle;
  private readonly ticker: RaceTicker;
  private readonly mirror: RaceMirror;
  private readonly deadlines: RaceDeadlines;
  /** Resolves once every stored race's timer is armed (start-up reads storage). */
  deadlinesRestored: Promise<void> = Promise.resolve();
  private stopListening: (() => void) | null = null;
  /** Runs being started per `raceId userId` (checked, not yet in the room): they count against the caps. */
  private readonly starting = new Map<string, number>();

  constructor(
    private readonly ctx: AppContext,
    private readonly fanout: RaceFanout,
    readonly options: RaceServiceOptions = DEFAULT_RACE_SERVICE_OPTIONS,
  ) {
    this.registry = new RaceRegistry(ctx, options.caps);
    this.runs = new RaceRuns(ctx, this.registry, fanout, options, (race, runId) => this.mirror.settle(race, runId));
    this.lifecycle = new RaceLifecycle(ctx, fanout, this.runs);
    this.mirror = new RaceMirror(ctx, this.registry, this.lifecycle, this.runs, options.flushIntervalMs);
    this.ticker = new RaceTicker(
      ctx,
      this.registry,
      fanout,
      options,
      (race, now) => this.lifecycle.settleDue(race, now),
      () => this.runs.flushSome(),
    );
    this.deadlines = new RaceDeadlines(ctx, async (raceId) => {
      // A race deleted meanwhile has nothing left to settle; any other failure is the timer's to retry.
      const race = await this.registry.load(raceId).catch((error: unknown) => {
        if (error instanceof AppError && error.options.reason === "unknown_race") return null;
        throw error;
      });
      if (!race) return null;
      await this.lifecycle.settleDue(race, this.ctx.clock.now());
      return race.stored;
    });
  }

  /** Starts the tick loop and listens to the other processes. */
  start(): void {
    this.ticker.start();
    this.stopListening = this.fanout.onPeer((message) => this.mirror.handle(message));
    this.deadlinesRestored = this.restoreDeadlines();
  }

  /**
   * The clock jumped (only a test clock does: server/test-clock.ts): timers armed for the old "now" are armed again
   * from storage, as after a restart.
   */
  clockJumped(): Promise<void> {
    this.deadlinesRestored = this.restoreDeadlines();
    return this.deadlinesRestored;
  }

  private restoreDeadlines(): Promise<void> {
    return this.ctx.repos.races
      .listActive()
      .then((active) => this.deadlines.restore(active))
      .catch((error: unknown) => this.ctx.logger.error("arming race timers failed", { error }));
  }

  /** Stops the ticks and timers and writes every buffered epoch. */
  async close(): Promise<void> {
    this.ticker.stop();
    this.deadlines.stop();
    this.mirror.stop();
    this.stopListening?.();
    await this.runs.stop();
  }

  /** One tick now (the loop calls it on its own; tests on a manual clock may too). */
  tick(): Promise<void> {
    return this.ticker.tick();
  }

  // ── Teachers ──────────────────────────────────────────────────────────────────────────────────────────────

  async list(userId: string, classroomId: string): Promise<RaceView[]> {
    await authorize(this.ctx, classroomId, userId, "view");
    const records = await this.ctx.repos.races.listForClassroom(classroomId);
    return records.map((r) => this.viewOfRecord(r));
  }

  /** A live race (its lobby opens at once), or with `homework` one that opens and closes at those instants. */
  async create(userId: string, classroomId: string, name: string, rules: RaceRules, homework: HomeworkWindow | null = null): Promise<RaceView> {
    await authorize(this.ctx, classroomId, userId, "manage");
    let schedule: RaceSchedule = INITIAL_SCHEDULE;
    if (homework) {
      const checked = homeworkSchedule(homework, this.ctx.clock.now());
      if (!checked.ok) throw raceError(checked.problem, { values: checked.values }, checked.field);
      schedule = checked.schedule;
    }
    await checkRaceData(this.ctx, classroomId, rules);
    const record: RaceRecord = {
      id: randomUUID(),
      classroomId,
      createdById: userId,
      name,
      rules,
      kind: schedule.kind,
      status: schedule.status,
      createdAt: new Date(this.ctx.clock.now()),
      startsAt: dateOf(schedule.startsAt),
      endsAt: dateOf(schedule.endsAt),
      pausedAt: null,
      endedAt: null,
      hiddenSeed: randomInt(0, 2 ** 31 - 1),
      revealedAt: null,
    };
    await this.ctx.repos.races.create(record);
    this.deadlines.arm(record.id, schedule);
    const view = this.viewOfRecord(record);
    this.fanout.raceUpdated(view);
    return view;
  }

  async control(userId: string, raceId: string, control: RaceControl): Promise<RaceView> {
    const race = await this.registry.load(raceId);
    await authorize(this.ctx, race.classroomId, userId, "manage");
    await this.lifecycle.control(race, control);
    return raceViewOf(race, this.ctx.clock.now());
  }

  /** A student left or was removed: their runs here (and on every process) take nothing more from them. */
  memberRemoved(classroomId: string, userId: string): void {
    this.registry.memberRemoved(classroomId, userId);
    this.fanout.toPeers({ type: "member-removed", classroomId, userId });
  }

  /** Whether the user may watch the race (a member of its classroom): reconnecting sockets are checked again. */
  async mayWatch(userId: string, raceId: string): Promise<boolean> {
    const race = await this.registry.load(raceId).catch(() => null);
    return race !== null && (await this.registry.isMember(race.classroomId, userId));
  }

  async rulesOf(raceId: string): Promise<RaceRules> {
    return (await this.registry.load(raceId)).rules;
  }

  // ── Everyone in the classroom ─────────────────────────────────────────────────────────────────────────────

  /** The full state, after checking membership; the caller joins the race room. */
  async state(userId: string, raceId: string): Promise<RaceState> {
    const race = await this.registry.load(raceId);
    await authorize(this.ctx, race.classroomId, userId, "view").catch(() => {
      throw raceError("unknown_race");
    });
    return { race: raceViewOf(race, this.ctx.clock.now()), runs: race.room.views(), now: this.ctx.clock.now() };
  }

  // ── Students ──────────────────────────────────────────────────────────────────────────────────────────────

  async startRun(userId: string, raceId: string, config: TrainingConfig, backend: string | null, device: string | null): Promise<RunView> {
    const race = await this.registry.load(raceId);
    const { membership } = await authorize(this.ctx, race.classroomId, userId, "view").catch(() => {
      throw raceError("unknown_race");
    });
    if (membership.role !== "student") throw raceError("students_only");
    const problems = configViolations(config, race.rules);
    if (problems.length > 0) throw raceError("entry_not_allowed", { problems: problems.map(({ field, problem, values }) => ({ field, problem, values })) });
    const runId = randomUUID();
    const key = `${raceId} ${userId}`;
    // Starts of one student on several sockets at once each count before any is written.
    const starting = this.starting.get(key) ?? 0;
    const allowed = race.room.canStart({ runId, userId }, this.statusOf(race), race.rules.maxRunsPerStudent, starting);
    if (!allowed.ok) throw raceError(allowed.reason, { values: { max: race.rules.maxRunsPerStudent } });
    this.starting.set(key, starting + 1);
    const startedAt = this.ctx.clock.now();
    try {
      await this.runs.create({ id: runId, userId, classroomId: race.classroomId, raceId, kind: "race", config, startedAt: new Date(startedAt), backend, device });
    } finally {
      const left = (this.starting.get(key) ?? 1) - 1;
      if (left > 0) this.starting.set(key, left);
      else this.starting.delete(key);
    }
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
    this.registry.indexRun(runId, raceId);
    const run = race.room.get(runId)!;
    for (const other of stopped) await this.runs.end(race, other, "stopped");
    const view = runViewOf(run);
    this.fanout.toRace(raceId, "race:run-started", { raceId, run: view });
    this.fanout.toPeers({ type: "run-started", raceId, run: view });
    return view;
  }

  async snapshots(userId: string, runId: string, batch: EpochInput[]): Promise<{ accepted: number; lastEpoch: number }> {
    const { race, run } = await this.runFor(userId, runId);
    if (!run.owned) await this.runs.takeOver(race, run);
    const result = race.room.applySnapshots(userId, runId, this.statusOf(race), race.rules.budget.maxEpochs, batch);
    if (!result.ok) throw raceError(result.reason);
    this.runs.push(run, result.value.fresh);
    return { accepted: result.value.fresh.length, lastEpoch: result.value.lastEpoch };
  }

  /** The run's durable last epoch; this process takes the run over (the student's socket is here now). */
  async resume(userId: string, runId: string): Promise<{ lastEpoch: number; status: RunLive["status"] }> {
    const { race, run } = await this.runFor(userId, runId);
    return { lastEpoch: await this.runs.resume(race, run), status: run.status };
  }

  async rollout(userId: string, runId: string, rollout: { epoch: number; mse: number; predicted: number[] }): Promise<void> {
    const { race } = await this.runFor(userId, runId);
    const expected = race.rules.dataset.length - race.rules.window;
    const result = race.room.applyRollout(userId, runId, this.statusOf(race), rollout, expected);
    if (!result.ok) throw raceError(result.reason);
    await this.ctx.repos.runs.addRollout(runId, rollout);
  }

  async finish(userId: string, runId: string, status: RunEnd, msPerEpoch: number | null, backend: string | null = null): Promise<RunLive> {
    const { race, run } = await this.runFor(userId, runId);
    const wasRunning = run.status === "running";
    const result = race.room.finishRun(userId, runId, status);
    if (!result.ok) throw raceError(result.reason);
    if (wasRunning) await this.runs.end(race, run, status, msPerEpoch, backend);
    return liveOf(run);
  }

  // ── Internals ─────────────────────────────────────────────────────────────────────────────────────────────

  /** The caller's run and its race, for a student who is still a member of the race's classroom. */
  private async runFor(userId: string, runId: string): Promise<{ race: LoadedRace; run: LiveRun }> {
    const known = this.registry.raceOfRun(runId);
    const race = known ? await this.registry.load(known) : await this.locate(userId, runId);
    const run = race.room.get(runId);
    if (!run) throw raceError("unknown_run");
    if (run.userId !== userId) throw raceError("not_your_run");
    // A removed student's socket may still be open: nothing they send counts any more.
    if (!(await this.registry.isMember(race.classroomId, userId))) throw new AppError("forbidden", { reason: "not_member" });
    return { race, run };
  }

  /**
   * A run this process does not hold: it restarted, or the student reconnected here before the run's start was
   * heard (messages between processes may be late). Storage knows the run.
   */
  private async locate(userId: string, runId: string): Promise<LoadedRace> {
    const row = await this.ctx.repos.runs.findById(runId);
    if (!row?.raceId) throw raceError("unknown_run");
    if (row.userId !== userId) throw raceError("not_your_run");
    const race = await this.registry.load(row.raceId);
    if (!race.room.get(runId)) await this.registry.addStoredRun(race, row);
    return race;
  }

  private statusOf(race: LoadedRace): RaceStatus {
    return settle(race.stored, this.ctx.clock.now()).status;
  }

  private viewOfRecord(record: RaceRecord): RaceView {
    const loaded = this.registry.get(record.id);
    return loaded ? raceViewOf(loaded, this.ctx.clock.now()) : recordViewOf(record, this.ctx.clock.now());
  }
}
