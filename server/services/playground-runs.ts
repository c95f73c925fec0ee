/**
 * Recording Playground runs. Creating is idempotent by the page's run id (a retried create answers the same run). The page batches epochs (every second or 50 epochs) and each batch is written in one
 * `RunRepository.appendCurve` call, which de-duplicates by epoch against the stored `lastEpoch` and reports gaps;
 * the reply says which epoch is durable so the page forgets only what is stored. Only the run's owner may write
 * to it, and only while it runs.
 *
 * Why not the SnapshotWriter: it coalesces per-epoch socket messages in one process's memory. Here the batching
 * already happened in the browser, and with several server processes consecutive batches of one run can reach
 * different processes: a writer's in-memory "stored through" would go stale and report gaps that are not there.
 * `appendCurve` reads the durable epoch in its transaction, so every process answers the same.
 */
import { randomUUID } from "node:crypto";
import { checkTrainingConfig } from "@/lib/ml/config";
import { decodeWeights, sameArchitecture, WeightFileError } from "@/lib/ml/weights-format";
import type { CurvePoint } from "@/lib/runs/curve";
import type { TFinishRunRequest, TRolloutRequest, TStartRunRequest, SnapshotBatchResponse } from "@/lib/api/runs";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import type { RunRecord, UserRecord } from "../persistence/records";
import { reserveAll, type RateRule } from "../security/rate-limit";
import { checkTrainingData } from "./dataset-access";

/** Counts the request against the caller's allowance; over it, refuses before anything is read or written. */
async function withinLimit(ctx: AppContext, rule: RateRule, user: UserRecord): Promise<void> {
  await reserveAll(ctx.rateLimiter, [[rule, user.id]]);
}

export async function startPlaygroundRun(ctx: AppContext, user: UserRecord, body: TStartRunRequest): Promise<{ runId: string }> {
  await withinLimit(ctx, ctx.rateRules.runStartPerUser, user);
  const checked = checkTrainingConfig(body.config);
  if (!checked.ok) throw new AppError("bad_request", { field: "config", message: `config: ${checked.problems.join("; ")}` });
  const classroomId = body.classroomId ?? null;
  if (classroomId !== null && !(await ctx.repos.memberships.find(classroomId, user.id))) {
    throw new AppError("forbidden", { reason: "not_member" });
  }
  await checkTrainingData(ctx, user, checked.config.dataset);
  if (body.id !== undefined) {
    const existing = await ctx.repos.runs.findById(body.id);
    if (existing?.userId === user.id && existing.kind === "playground") return { runId: existing.id };
    if (existing) throw new AppError("bad_request", { field: "id", reason: "id_taken", message: "id: another run has this id" });
  }
  const runId = body.id ?? randomUUID();
  await ctx.repos.runs.create({
    id: runId,
    userId: user.id,
    classroomId,
    raceId: null,
    kind: "playground",
    config: checked.config,
    startedAt: new Date(ctx.clock.now()),
    backend: body.backend ?? null,
    device: body.device ?? null,
  });
  return { runId };
}

/** The caller's own Playground run; anyone else's run answers like a missing one. */
async function ownRun(ctx: AppContext, user: UserRecord, runId: string, mustBeRunning: boolean): Promise<RunRecord> {
  const run = await ctx.repos.runs.findById(runId);
  if (!run || run.userId !== user.id || run.kind !== "playground") throw new AppError("not_found", { reason: "run" });
  if (mustBeRunning && run.status !== "running") throw new AppError("bad_request", { reason: "run_ended" });
  return run;
}

export async function appendSnapshots(ctx: AppContext, user: UserRecord, runId: string, points: readonly CurvePoint[]): Promise<SnapshotBatchResponse> {
  await withinLimit(ctx, ctx.rateRules.runBatchPerUser, user);
  const run = await ownRun(ctx, user, runId, true);
  const beyond = points.find((p) => p.epoch > run.config.epochs);
  if (beyond) throw new AppError("bad_request", { field: "points", message: `points: epoch ${beyond.epoch} is past the run's ${run.config.epochs} epochs` });
  const result = await ctx.repos.runs.appendCurve(runId, points);
  if (!result) throw new AppError("not_found", { reason: "run" });
  return { lastEpoch: result.lastEpoch, missingFrom: result.missingFrom };
}

export async function addRollout(ctx: AppContext, user: UserRecord, runId: string, rollout: TRolloutRequest): Promise<void> {
  const run = await ownRun(ctx, user, runId, true);
  if (rollout.epoch > run.config.epochs) throw new AppError("bad_request", { field: "epoch", message: `epoch: ${rollout.epoch} is past the run's ${run.config.epochs} epochs` });
  const expected = run.config.dataset.length - run.config.window;
  if (rollout.predicted.length !== expected) {
    throw new AppError("bad_request", { field: "predicted", message: `predicted: a rollout of this run has ${expected} values, got ${rollout.predicted.length}` });
  }
  await ctx.repos.runs.addRollout(runId, rollout);
}

export async function finishPlaygroundRun(ctx: AppContext, user: UserRecord, runId: string, body: TFinishRunRequest): Promise<void> {
  await ownRun(ctx, user, runId, true);
  const ended = await ctx.repos.runs.finish(runId, {
    status: body.status,
    finishedAt: new Date(ctx.clock.now()),
    finalTrainLoss: body.finalTrainLoss,
    finalValLoss: body.finalValLoss,
    msPerEpoch: body.msPerEpoch,
    // Playground losses are the student's own report: kept as claimed, never ranked.
    claimedLoss: body.finalValLoss ?? body.finalTrainLoss,
    ...(body.backend !== undefined && { backend: body.backend }),
    ...(body.device !== undefined && { device: body.device }),
  });
  if (!ended) throw new AppError("bad_request", { reason: "run_ended" });
}

/** Weights of an ended or running run of the caller's; the file must decode and match the run's architecture. */
export async function savePlaygroundWeights(ctx: AppContext, user: UserRecord, runId: string, base64: string): Promise<{ bytes: number }> {
  const run = await ownRun(ctx, user, runId, false);
  const bytes = new Uint8Array(Buffer.from(base64, "base64"));
  try {
    const file = decodeWeights(bytes);
    if (!sameArchitecture(file.config.model, run.config.model)) {
      throw new AppError("bad_request", { field: "data", message: "data: these weights are for another model than this run's" });
    }
  } catch (error) {
    if (error instanceof WeightFileError) throw new AppError("bad_request", { field: "data", message: `data: ${error.message}` });
    throw error;
  }
  await ctx.repos.runs.saveWeights(runId, bytes, new Date(ctx.clock.now()));
  return { bytes: bytes.byteLength };
}
