/**
 * Models trained in PyTorch and brought into the Playground. The browser reads the student's `.npz`, infers the
 * architecture, evaluates it on the Playground's data with lib/ml (as it evaluates its own runs) and sends the
 * weights as an LRWT file with the losses and the rollout picture; here the request is checked against itself
 * (the weights are the config's architecture, the picture the config's length, a validation loss exactly when the
 * config holds windows out) and stored in one transaction as an ended run of kind "imported". Its losses are the
 * student's report, like every Playground run's; imports have no way into a race.
 */
import { randomUUID } from "node:crypto";
import { checkTrainingConfig } from "@/lib/ml/config";
import { decodeWeights, sameArchitecture, WeightFileError } from "@/lib/ml/weights-format";
import { validationCount } from "@/lib/data/windows";
import type { TImportRunRequest } from "@/lib/api/runs";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import type { UserRecord } from "../persistence/records";
import { reserveAll } from "../security/rate-limit";

export async function importPytorchRun(ctx: AppContext, user: UserRecord, body: TImportRunRequest): Promise<{ runId: string }> {
  // An import is a new run: it counts against the same hourly allowance as starting one.
  await reserveAll(ctx.rateLimiter, [[ctx.rateRules.runStartPerUser, user.id]]);
  const checked = checkTrainingConfig(body.config);
  if (!checked.ok) throw new AppError("bad_request", { field: "config", message: `config: ${checked.problems.join("; ")}` });
  const config = checked.config;
  const classroomId = body.classroomId ?? null;
  if (classroomId !== null && !(await ctx.repos.memberships.find(classroomId, user.id))) {
    throw new AppError("forbidden", { reason: "not_member" });
  }
  const weights = new Uint8Array(Buffer.from(body.weights, "base64"));
  try {
    if (!sameArchitecture(decodeWeights(weights).config.model, config.model)) {
      throw new AppError("bad_request", { field: "weights", message: "weights: these weights are for another model than the config's" });
    }
  } catch (error) {
    if (error instanceof WeightFileError) throw new AppError("bad_request", { field: "weights", message: `weights: ${error.message}` });
    throw error;
  }
  const windows = config.dataset.length - config.window;
  if (body.rollout.predicted.length !== windows) {
    throw new AppError("bad_request", { field: "rollout", message: `rollout: this config's rollout has ${windows} values, got ${body.rollout.predicted.length}` });
  }
  if ((body.valLoss === null) !== (validationCount(windows, config.validationFraction) === 0)) {
    throw new AppError("bad_request", { field: "valLoss", message: "valLoss: a validation loss is given exactly when the config holds validation windows out" });
  }
  const runId = randomUUID();
  const now = new Date(ctx.clock.now());
  await ctx.repos.runs.createEnded(
    { id: runId, userId: user.id, classroomId, raceId: null, kind: "imported", config, startedAt: now },
    { status: "finished", finishedAt: now, finalTrainLoss: body.trainLoss, finalValLoss: body.valLoss, msPerEpoch: null, claimedLoss: body.valLoss ?? body.trainLoss },
    // The picture of the trained model: shown as the run's last one.
    { epoch: config.epochs, mse: body.rollout.mse, predicted: body.rollout.predicted },
    weights,
  );
  return { runId };
}
