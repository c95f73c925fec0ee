/**
 * The Playground's outbox, as data: one entry per run still owing the server something (its creation, epochs,
 * rollout pictures, the finish, the weights). The page writes epochs into the entry as training reports them and
 * a sender (app/_lib/outbox) works through `nextStep` until the entry is done; the entry lives in IndexedDB, so a
 * reload or a crashed tab resumes where the last acknowledged request left off. Pure: no I/O, no clock.
 */
import type { ErrorBody } from "@/lib/errors";
import type { RolloutSnapshot } from "@/lib/ml/snapshots";
import type { CurvePoint } from "./curve";

/** What the finish request carries (lib/api/runs ZFinishRunRequest). */
export interface OutboxFinish {
  status: "finished" | "stopped" | "failed";
  finalTrainLoss: number | null;
  finalValLoss: number | null;
  msPerEpoch: number | null;
  backend: string | null;
}

export interface OutboxEntry {
  /** The training worker's id for the run: the page's key (the server's id comes later). */
  localId: string;
  /** Whose run: a tab signed in as someone else leaves it alone. */
  userId: string;
  config: unknown;
  classroomId: string | null;
  /** The server's id, once the run is created there. */
  runId: string | null;
  /** Epochs not acknowledged yet, consecutive and in order. */
  points: CurvePoint[];
  rollouts: RolloutSnapshot[];
  /** The last epoch training reported (acknowledged or not): what an interrupted run ends on. */
  last: CurvePoint | null;
  /** Set once training ended (or was found dead): sent after the last epoch. */
  finish: OutboxFinish | null;
  finishSent: boolean;
  /** The trained weights (weight file, base64), stored after the finish. */
  weights: string | null;
}

export type OutboxStep =
  | { kind: "create" }
  | { kind: "rollout"; rollout: RolloutSnapshot }
  | { kind: "points"; points: CurvePoint[] }
  | { kind: "finish"; finish: OutboxFinish }
  | { kind: "weights"; data: string }
  /** Everything is stored: the entry can go. */
  | { kind: "done" }
  /** Nothing to send until training reports more. */
  | { kind: "wait" };

/** The server takes at most this many epochs per request (lib/api/runs SNAPSHOT_BATCH_MAX). */
export const OUTBOX_BATCH_EPOCHS = 500;
/** Retry delays after failures in a row: 1 s, 2 s, 4 s, 8 s, then every 10 s (a restarted server is found soon). */
export const FIRST_RETRY_MS = 1000;
export const MAX_RETRY_MS = 10_000;

export function newEntry(localId: string, userId: string, config: unknown, classroomId: string | null): OutboxEntry {
  return { localId, userId, config, classroomId, runId: null, points: [], rollouts: [], last: null, finish: null, finishSent: false, weights: null };
}

/** What to send next. Epochs go before the finish, so the server never ends a run that is missing some. */
export function nextStep(entry: OutboxEntry): OutboxStep {
  if (entry.runId === null) return { kind: "create" };
  const rollout = entry.rollouts[0];
  if (rollout) return { kind: "rollout", rollout };
  if (entry.points.length > 0) return { kind: "points", points: entry.points.slice(0, OUTBOX_BATCH_EPOCHS) };
  if (entry.finish === null) return { kind: "wait" };
  if (!entry.finishSent) return { kind: "finish", finish: entry.finish };
  if (entry.weights !== null) return { kind: "weights", data: entry.weights };
  return { kind: "done" };
}

/** Training reported epochs: only the next consecutive ones are kept (a repeat changes nothing). */
export function appendPoints(entry: OutboxEntry, points: readonly CurvePoint[]): OutboxEntry {
  let last = entry.last;
  const added: CurvePoint[] = [];
  for (const point of points) {
    if (point.epoch !== (last?.epoch ?? 0) + 1) continue;
    added.push(point);
    last = point;
  }
  return added.length === 0 ? entry : { ...entry, points: [...entry.points, ...added], last };
}

/** The server stored the curve through `lastEpoch`: those epochs are forgotten. */
export function acknowledgePoints(entry: OutboxEntry, lastEpoch: number): OutboxEntry {
  return { ...entry, points: entry.points.filter((p) => p.epoch > lastEpoch) };
}

/** The run's trainer is gone (the tab was reloaded or crashed): it ends, stopped, on its last reported epoch. */
export function interruptedFinish(entry: OutboxEntry): OutboxFinish {
  return { status: "stopped", finalTrainLoss: entry.last?.trainLoss ?? null, finalValLoss: entry.last?.valLoss ?? null, msPerEpoch: null, backend: null };
}

/**
 * Whether a failed request is worth sending again: the network, a restarting server or a throttle pass; a refusal
 * (the run ended, is not the caller's, bad input) does not.
 */
export function isRetryable(error: ErrorBody): boolean {
  return ["internal", "unavailable", "rate_limited", "csrf_failed", "unauthenticated"].includes(error.code);
}

/** The delay before retrying after `failures` failed attempts in a row (1 or more). */
export function retryDelayMs(failures: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, failures - 1));
}
