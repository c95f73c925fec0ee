/**
 * The live state of one race room: each run's latest numbers and curve, the rules a snapshot must satisfy, and
 * the coalesced tick. Pure (no I/O, no clock: callers pass "now" and the race status), mutable for speed: a
 * room of 300 students takes thousands of snapshots a second.
 *
 * A room folds in two kinds of runs: runs it *owns* (their snapshots arrive through this server process; it
 * validates them and announces them in its ticks) and runs it *mirrors* (another process owns them and sends
 * its ticks; `mergeTick` folds them in so this process can answer a full-state request on its own).
 */
import { verifiedScore, type RunScore } from "./ranking";
import { acceptsNewRuns, acceptsSnapshots, type RaceStatus } from "./status";
import type { LossPoint, RaceTick, RolloutView, RunDelta, RunIdentity, RunStatus, RunView } from "./views";

export interface EpochInput {
  epoch: number;
  trainLoss: number;
  valLoss: number | null;
  msPerEpoch: number;
}

export interface LiveRun extends RunIdentity {
  status: RunStatus;
  lastEpoch: number;
  trainLoss: number | null;
  valLoss: number | null;
  msPerEpoch: number | null;
  score: number | null;
  /**
   * The server's score of the run's counted submission (Run.verifiedScore): what a race ranks by. Every process
   * reads it from storage itself (`setVerifiedScores`), so it never depends on which process owns the run.
   */
  verifiedScore: number | null;
  points: LossPoint[];
  rollout: RolloutView | null;
  /** Whether this process receives the run's snapshots (and so validates and ticks it). */
  owned: boolean;
}

export interface RoomCaps {
  /** Distinct students with a run in the race. */
  maxStudents: number;
  /** Runs in the race, all students together (restarts count). */
  maxRuns: number;
  /** Points per run in a full-state answer (the curve is thinned beyond it). */
  maxStatePointsPerRun: number;
}

export const DEFAULT_ROOM_CAPS: RoomCaps = { maxStudents: 400, maxRuns: 2000, maxStatePointsPerRun: 300 };

/** Why the room refuses something; the server maps each to an ack error with a message from lib/i18n. */
export type RoomRefusal =
  | "race_not_running"
  | "room_full_students"
  | "room_full_runs"
  | "run_exists"
  | "unknown_run"
  | "not_your_run"
  | "run_not_running"
  | "epochs_out_of_order"
  | "epoch_gap"
  | "beyond_budget"
  | "bad_loss"
  | "bad_rollout";

export type RoomResult<T> = { ok: true; value: T } | { ok: false; reason: RoomRefusal };

const refuse = (reason: RoomRefusal) => ({ ok: false as const, reason });

export interface SnapshotAcceptance {
  /** Epochs newly taken (duplicates of stored epochs are skipped, not refused: clients re-send after a reconnect). */
  fresh: EpochInput[];
  lastEpoch: number;
}

function isLoss(x: unknown): x is number {
  return typeof x === "number" && Number.isFinite(x) && x >= 0;
}

/**
 * Checks a batch of epochs from `userId` for `run` under the race's status and budget, without changing
 * anything. Returns the epochs that are new. Epochs at or below the run's last epoch are duplicates (skipped);
 * the first new epoch must follow the last one (no gap), and the batch must go strictly up.
 */
export function checkSnapshots(
  run: LiveRun | undefined,
  userId: string,
  status: RaceStatus,
  maxEpochs: number,
  batch: readonly EpochInput[],
): RoomResult<EpochInput[]> {
  if (!acceptsSnapshots(status)) return refuse("race_not_running");
  if (!run) return refuse("unknown_run");
  if (run.userId !== userId) return refuse("not_your_run");
  if (run.status !== "running") return refuse("run_not_running");
  for (let i = 0; i < batch.length; i++) {
    const s = batch[i]!;
    if (!Number.isInteger(s.epoch) || s.epoch < 1) return refuse("epochs_out_of_order");
    if (i > 0 && s.epoch <= batch[i - 1]!.epoch) return refuse("epochs_out_of_order");
    if (!isLoss(s.trainLoss) || (s.valLoss !== null && !isLoss(s.valLoss)) || !isLoss(s.msPerEpoch)) return refuse("bad_loss");
  }
  const fresh = batch.filter((s) => s.epoch > run.lastEpoch);
  if (fresh.length === 0) return { ok: true, value: [] };
  if (fresh[0]!.epoch !== run.lastEpoch + 1) return refuse("epoch_gap");
  if (fresh[fresh.length - 1]!.epoch > Math.min(maxEpochs, run.plannedEpochs)) return refuse("beyond_budget");
  return { ok: true, value: fresh };
}

/** At most `max` points: evenly spaced, always keeping the first and the latest. */
export function thin(points: readonly LossPoint[], max: number): LossPoint[] {
  if (points.length <= max) return points.slice();
  if (max < 2) return points.slice(-max);
  const out: LossPoint[] = [];
  const step = (points.length - 1) / (max - 1);
  for (let i = 0; i < max; i++) out.push(points[Math.round(i * step)]!);
  return out;
}

/** Six significant digits: what a chart or a board shows, and a third of the bytes of a full double. */
function short(x: number): number {
  return Number(x.toPrecision(6));
}

export class RaceRoom {
  private readonly runs = new Map<string, LiveRun>();
  /** Owned runs changed since the last tick, with the points that arrived meanwhile. */
  private readonly pending = new Map<string, { points: LossPoint[]; rollout?: RolloutView }>();

  constructor(
    readonly raceId: string,
    private readonly caps: RoomCaps = DEFAULT_ROOM_CAPS,
    private readonly score: RunScore<LiveRun> = verifiedScore,
  ) {}

  get(runId: string): LiveRun | undefined {
    return this.runs.get(runId);
  }

  all(): LiveRun[] {
    return [...this.runs.values()];
  }

  /** What the room ranks `run` by. */
  scoreOf(run: LiveRun): number | null {
    return this.score(run);
  }

  /**
   * Takes the runs' verified scores (runId → score, as stored) and re-scores them. Returns the change of each run
   * whose score moved, for the caller to send to its own sockets: every process applies the stored scores
   * itself, so these changes are not ticked to the other processes (nothing is added to the pending tick).
   */
  setVerifiedScores(scores: ReadonlyMap<string, number | null>): RunDelta[] {
    const changed: RunDelta[] = [];
    for (const [runId, verified] of scores) {
      const run = this.runs.get(runId);
      if (!run || run.verifiedScore === verified) continue;
      run.verifiedScore = verified;
      const score = this.score(run);
      if (score === run.score) continue;
      run.score = score;
      changed.push({ runId, status: run.status, lastEpoch: run.lastEpoch, score: score === null ? null : short(score), points: [] });
    }
    return changed;
  }

  /** Whether a new run may join, without adding it (the server checks before writing the Run row). */
  canStart(identity: Pick<RunIdentity, "runId" | "userId">, status: RaceStatus): RoomResult<void> {
    if (!acceptsNewRuns(status)) return refuse("race_not_running");
    if (this.runs.has(identity.runId)) return refuse("run_exists");
    if (this.runs.size >= this.caps.maxRuns) return refuse("room_full_runs");
    const students = new Set([...this.runs.values()].map((r) => r.userId));
    if (!students.has(identity.userId) && students.size >= this.caps.maxStudents) return refuse("room_full_students");
    return { ok: true, value: undefined };
  }

  /**
   * Adds a run (a new one, or one loaded back from storage after a restart). A student trains one run at a
   * time: starting another stops the earlier ones still running. Returns the runs it stopped.
   */
  addRun(run: Omit<LiveRun, "score" | "verifiedScore"> & { verifiedScore?: number | null }): LiveRun[] {
    const stopped: LiveRun[] = [];
    if (run.status === "running") {
      for (const other of this.runs.values()) {
        if (other.userId === run.userId && other.status === "running" && other.runId !== run.runId) {
          other.status = "stopped";
          if (other.owned) this.touch(other.runId);
          stopped.push(other);
        }
      }
    }
    const live: LiveRun = { ...run, verifiedScore: run.verifiedScore ?? null, points: run.points.slice(), score: null };
    live.score = this.score(live);
    this.runs.set(run.runId, live);
    if (run.owned) this.touch(run.runId);
    return stopped;
  }

  /** Validates and folds in a batch of epochs; nothing changes when it is refused. */
  applySnapshots(userId: string, runId: string, status: RaceStatus, maxEpochs: number, batch: readonly EpochInput[]): RoomResult<SnapshotAcceptance> {
    const run = this.runs.get(runId);
    const checked = checkSnapshots(run, userId, status, maxEpochs, batch);
    if (!checked.ok) return checked;
    const fresh = checked.value;
    if (fresh.length > 0) {
      const pending = this.touch(runId);
      for (const s of fresh) {
        const point: LossPoint = [s.epoch, s.trainLoss, s.valLoss];
        run!.points.push(point);
        pending.points.push(point);
      }
      const last = fresh[fresh.length - 1]!;
      run!.lastEpoch = last.epoch;
      run!.trainLoss = last.trainLoss;
      run!.valLoss = last.valLoss;
      run!.msPerEpoch = last.msPerEpoch;
      run!.owned = true;
      run!.score = this.score(run!);
    }
    return { ok: true, value: { fresh, lastEpoch: run!.lastEpoch } };
  }

  applyRollout(userId: string, runId: string, status: RaceStatus, rollout: RolloutView, expectedLength: number): RoomResult<void> {
    if (!acceptsSnapshots(status)) return refuse("race_not_running");
    const run = this.runs.get(runId);
    if (!run) return refuse("unknown_run");
    if (run.userId !== userId) return refuse("not_your_run");
    if (run.status !== "running") return refuse("run_not_running");
    if (rollout.epoch < 1 || rollout.epoch > run.plannedEpochs || rollout.predicted.length !== expectedLength) return refuse("bad_rollout");
    if (!isLoss(rollout.mse) || !rollout.predicted.every(Number.isFinite)) return refuse("bad_rollout");
    run.rollout = rollout;
    this.touch(runId).rollout = rollout;
    return { ok: true, value: undefined };
  }

  /** Marks the run over (finished its epochs, stopped by the student, or failed). Idempotent for its owner. */
  finishRun(userId: string, runId: string, status: Exclude<RunStatus, "running">): RoomResult<LiveRun> {
    const run = this.runs.get(runId);
    if (!run) return refuse("unknown_run");
    if (run.userId !== userId) return refuse("not_your_run");
    if (run.status !== "running") return run.status === status ? { ok: true, value: run } : refuse("run_not_running");
    run.status = status;
    this.touch(runId);
    return { ok: true, value: run };
  }

  /** The race ended: every run still training is stopped (its curve so far counts). Returns them. */
  stopAll(): LiveRun[] {
    const stopped: LiveRun[] = [];
    for (const run of this.runs.values()) {
      if (run.status !== "running") continue;
      run.status = "stopped";
      if (run.owned) this.touch(run.runId);
      stopped.push(run);
    }
    return stopped;
  }

  /**
   * The coalesced tick: every owned run that changed since the previous call, once, with the points that arrived
   * meanwhile. Null when nothing changed (no message is sent at all).
   */
  takeTick(now: number): RaceTick | null {
    if (this.pending.size === 0) return null;
    const runs: RunDelta[] = [];
    for (const [runId, change] of this.pending) {
      const run = this.runs.get(runId);
      if (!run) continue;
      runs.push({
        runId,
        status: run.status,
        lastEpoch: run.lastEpoch,
        score: run.score === null ? null : short(run.score),
        points: change.points.map(([epoch, train, val]) => [epoch, short(train), val === null ? null : short(val)]),
        ...(change.rollout ? { rollout: change.rollout } : {}),
      });
    }
    this.pending.clear();
    return { raceId: this.raceId, at: now, runs };
  }

  /**
   * Folds in another process's tick. Unknown runs are ignored until their identity arrives (`addRun` on the
   * run-started message).
   */
  mergeTick(tick: RaceTick): void {
    for (const delta of tick.runs) {
      const run = this.runs.get(delta.runId);
      if (!run) continue;
      // Another process ticks this run: its student reconnected there, so that process holds the newer numbers.
      if (run.owned) this.release(run.runId);
      for (const point of delta.points) {
        if (point[0] > (run.points[run.points.length - 1]?.[0] ?? 0)) run.points.push(point);
      }
      const last = delta.points[delta.points.length - 1];
      if (delta.lastEpoch >= run.lastEpoch) {
        run.lastEpoch = delta.lastEpoch;
        if (last && last[0] === delta.lastEpoch) {
          run.trainLoss = last[1];
          run.valLoss = last[2];
        }
      }
      run.status = delta.status;
      // Scored here, not taken from the tick: verified scores reach every process from storage, and the owner's
      // tick may have left before its process read the latest one.
      run.score = this.score(run);
      if (delta.rollout) run.rollout = delta.rollout;
    }
  }

  /**
   * This process now receives the run's snapshots (the student reconnected here, or the server restarted). Its
   * accepted epochs restart from what storage holds durably: the client re-sends everything after that.
   */
  adopt(runId: string, durableLastEpoch: number): void {
    const run = this.runs.get(runId);
    if (!run || run.owned) return;
    run.owned = true;
    run.points = run.points.filter((p) => p[0] <= durableLastEpoch);
    run.lastEpoch = Math.min(run.lastEpoch, durableLastEpoch);
  }

  /** Another process now receives this run's snapshots (the student reconnected there). */
  release(runId: string): void {
    const run = this.runs.get(runId);
    if (run) run.owned = false;
    this.pending.delete(runId);
  }

  /** Every run, with curves thinned to the room's cap: what joiners and reconnecting clients start from. */
  views(): RunView[] {
    return [...this.runs.values()].map((run) => {
      // eslint-disable-next-line @typescript-eslint/no-unused-vars -- `owned` is this process's business only; `score` carries the verified score
      const { owned, points, verifiedScore, ...rest } = run;
      return { ...rest, points: thin(points, this.caps.maxStatePointsPerRun) };
    });
  }

  private touch(runId: string): { points: LossPoint[]; rollout?: RolloutView } {
    let change = this.pending.get(runId);
    if (!change) {
      change = { points: [] };
      this.pending.set(runId, change);
    }
    return change;
  }
}
