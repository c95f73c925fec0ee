/**
 * The live state of one race room: each run's latest numbers and curve, the rules a snapshot must satisfy, and
 * the coalesced tick. Pure (no I/O, no clock: callers pass "now" and the race status), mutable for speed: a
 * room of 300 students takes thousands of snapshots a second.
 *
 * A room folds in two kinds of runs: runs it *owns* (their snapshots arrive through this server process; it
 * validates them and announces them in its ticks) and runs it *mirrors* (another process owns them and sends
 * its ticks; `mergeTick` folds them in so this process can answer a full-state request on its own).
 */
export { checkSnapshots, hasGap, thin, type EpochInput, type RoomRefusal, type RoomResult, type SnapshotAcceptance } from "./room-checks";
import { checkSnapshots, hasGap, isLoss, refuse, short, thin, type EpochInput, type RoomResult, type SnapshotAcceptance } from "./room-checks";
import { acceptsNewRuns, acceptsSnapshots, type RaceStatus } from "./status";
import type { LossPoint, RaceTick, RolloutView, RunDelta, RunIdentity, RunLive, RunStatus, RunView } from "./views";

export interface LiveRun extends RunIdentity {
  status: RunStatus;
  lastEpoch: number;
  trainLoss: number | null;
  valLoss: number | null;
  msPerEpoch: number | null;
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


export class RaceRoom {
  private readonly runs = new Map<string, LiveRun>();
  /** Owned runs changed since the last tick, with the points that arrived meanwhile. */
  private readonly pending = new Map<string, { points: LossPoint[]; rollout?: RolloutView }>();

  constructor(
    readonly raceId: string,
    private readonly caps: RoomCaps = DEFAULT_ROOM_CAPS,
  ) {}

  get(runId: string): LiveRun | undefined {
    return this.runs.get(runId);
  }

  all(): LiveRun[] {
    return [...this.runs.values()];
  }

  /**
   * Whether a new run may join, without adding it (the server checks before writing the Run row). `starting` runs
   * of the same student are on their way in (checked, not yet added): they count against the limits too.
   */
  canStart(identity: Pick<RunIdentity, "runId" | "userId">, status: RaceStatus, maxRunsPerStudent: number, starting = 0): RoomResult<void> {
    if (!acceptsNewRuns(status)) return refuse("race_not_running");
    if (this.runs.has(identity.runId)) return refuse("run_exists");
    if (this.runs.size + starting >= this.caps.maxRuns) return refuse("room_full_runs");
    let own = starting;
    const students = new Set<string>();
    for (const run of this.runs.values()) {
      students.add(run.userId);
      if (run.userId === identity.userId) own++;
    }
    if (own >= maxRunsPerStudent) return refuse("student_run_limit");
    if (!students.has(identity.userId) && students.size >= this.caps.maxStudents) return refuse("room_full_students");
    return { ok: true, value: undefined };
  }

  /**
   * Adds a run (a new one, or one loaded back from storage after a restart). A student trains one run at a
   * time: starting another stops the earlier ones still running. Returns the runs it stopped.
   */
  addRun(run: LiveRun): LiveRun[] {
    const stopped: LiveRun[] = [];
    // Only a start made here stops the student's other runs: a run another process started is announced with
    // the runs it stopped (their end arrives on its own), and announcements may come in any order.
    if (run.status === "running" && run.owned) {
      for (const other of this.runs.values()) {
        if (other.userId !== run.userId || other.status !== "running" || other.runId === run.runId) continue;
        other.status = "stopped";
        if (other.owned) this.touch(other.runId);
        stopped.push(other);
      }
    }
    const live: LiveRun = { ...run, points: run.points.slice() };
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
        points: change.points.map(([epoch, train, val]) => [epoch, short(train), val === null ? null : short(val)]),
        ...(change.rollout ? { rollout: change.rollout } : {}),
      });
    }
    this.pending.clear();
    return { raceId: this.raceId, at: now, runs };
  }

  /**
   * Folds in another process's tick. Unknown runs are ignored until their identity arrives (`addRun` on the
   * run-started message). Ticks between processes may come late, twice, out of order or not at all: points already
   * held are skipped, a run never goes back to running, and runs whose curve now has a gap are returned for the
   * caller to restore from storage (`restoreCurve`).
   */
  mergeTick(tick: RaceTick): string[] {
    const gaps: string[] = [];
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
      if (run.status === "running") run.status = delta.status;
      if (delta.rollout && (run.rollout === null || delta.rollout.epoch >= run.rollout.epoch)) run.rollout = delta.rollout;
      if (hasGap(run)) gaps.push(run.runId);
    }
    return gaps;
  }

  /**
   * Another process ended one of its runs (its whole curve is stored by then). Returns whether the curve held here
   * has a gap to restore from storage.
   */
  applyEnded(live: RunLive): boolean {
    const run = this.runs.get(live.runId);
    if (!run) return false;
    // Only the process receiving a run's snapshots reports on it: if that was us, the student moved on.
    this.release(live.runId);
    if (run.status === "running") run.status = live.status;
    if (live.lastEpoch >= run.lastEpoch) {
      run.lastEpoch = live.lastEpoch;
      run.trainLoss = live.trainLoss;
      run.valLoss = live.valLoss;
      run.msPerEpoch = live.msPerEpoch;
    }
    return hasGap(run);
  }

  /**
   * Fills a mirrored run's curve from storage (`stored`: epochs 1..n in order): stored points up to n, then the
   * points held here beyond it. A run that storage says is over takes storage's status: it is the one truth once
   * processes disagree (two of them ended the run at once). Returns whether a gap remains (storage is behind).
   */
  restoreCurve(runId: string, stored: readonly LossPoint[], storedStatus: RunStatus = "running"): boolean {
    const run = this.runs.get(runId);
    if (!run || (run.owned && storedStatus === "running")) return false;
    // An ended run takes no more epochs here: nothing is owned any more.
    if (storedStatus !== "running") this.release(runId);
    const through = stored[stored.length - 1]?.[0] ?? 0;
    run.points = [...stored, ...run.points.filter((p) => p[0] > through)];
    const last = run.points[run.points.length - 1];
    if (last && last[0] >= run.lastEpoch) {
      run.lastEpoch = last[0];
      run.trainLoss = last[1];
      run.valLoss = last[2];
    }
    if (storedStatus !== "running") run.status = storedStatus;
    return hasGap(run);
  }

  /**
   * This process now receives the run's snapshots (the student reconnected here, or the server restarted). Its
   * curve restarts from what storage holds (`stored`, epochs 1..n), which another process may have extended
   * meanwhile: the client re-sends everything after it.
   */
  adopt(runId: string, stored: readonly LossPoint[]): void {
    const run = this.runs.get(runId);
    if (!run) return;
    run.owned = true;
    run.points = stored.slice();
    const last = stored[stored.length - 1];
    run.lastEpoch = last?.[0] ?? 0;
    run.trainLoss = last?.[1] ?? null;
    run.valLoss = last?.[2] ?? null;
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
      // eslint-disable-next-line @typescript-eslint/no-unused-vars -- `owned` is this process's business only
      const { owned, points, ...rest } = run;
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
