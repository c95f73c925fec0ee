/**
 * What a race room checks before it folds anything in: a batch of epochs against the run, the status and the
 * budget, and the curve helpers the room and its mirrors share. Pure.
 */
import { acceptsSnapshots, type RaceStatus } from "./status";
import type { LiveRun } from "./room";
import type { LossPoint } from "./views";

export interface EpochInput {
  epoch: number;
  trainLoss: number;
  valLoss: number | null;
  msPerEpoch: number;
}

/** Why the room refuses something; the server sends it as an error reason (lib/errors RACE_REFUSALS), the page words it. */
export type RoomRefusal =
  | "race_not_running"
  | "room_full_students"
  | "room_full_runs"
  | "student_run_limit"
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

export const refuse = (reason: RoomRefusal) => ({ ok: false as const, reason });

export interface SnapshotAcceptance {
  /** Epochs newly taken (duplicates of stored epochs are skipped, not refused: clients re-send after a reconnect). */
  fresh: EpochInput[];
  lastEpoch: number;
}

export function isLoss(x: unknown): x is number {
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

/** Whether a run's curve misses epochs before its latest (points are kept sorted and unique). */
export function hasGap(run: Pick<LiveRun, "points" | "lastEpoch">): boolean {
  return run.points.length !== run.lastEpoch || (run.points[run.points.length - 1]?.[0] ?? 0) !== run.lastEpoch;
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
export function short(x: number): number {
  return Number(x.toPrecision(6));
}
