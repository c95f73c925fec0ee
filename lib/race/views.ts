/**
 * What clients see of a race and its runs, as zod schemas (the socket contract validates them) with the types
 * derived from them. Curve points travel as tuples: a room tick carries hundreds of them.
 */
import { z } from "zod";
import { RACE_STATUSES } from "./status";

const finiteNonNegative = z.number().finite().nonnegative();

export const ZRaceStatus = z.enum(RACE_STATUSES);

/** `[epoch, trainLoss, valLoss | null]`. */
export const ZLossPoint = z.tuple([z.number().int().positive(), finiteNonNegative, finiteNonNegative.nullable()]);
export type LossPoint = z.infer<typeof ZLossPoint>;

export const RUN_STATUSES = ["running", "finished", "stopped", "failed"] as const;
export const ZRunStatus = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof ZRunStatus>;

/** The part of a run's configuration the room shows (hover, podium); the full config is stored with the run. */
export const ZRunConfigSummary = z.object({
  cell: z.string(),
  nonlinearity: z.string(),
  layers: z.number().int(),
  hidden: z.number().int(),
  optimizer: z.string(),
  learningRate: z.number(),
  batchSize: z.number().int(),
});
export type RunConfigSummary = z.infer<typeof ZRunConfigSummary>;

export const ZRolloutView = z.object({ epoch: z.number().int(), mse: finiteNonNegative, predicted: z.array(z.number()) });
export type RolloutView = z.infer<typeof ZRolloutView>;

/** A run's live numbers: what a tick updates. */
export const ZRunLive = z.object({
  runId: z.string(),
  status: ZRunStatus,
  lastEpoch: z.number().int().nonnegative(),
  trainLoss: finiteNonNegative.nullable(),
  valLoss: finiteNonNegative.nullable(),
  msPerEpoch: finiteNonNegative.nullable(),
});
export type RunLive = z.infer<typeof ZRunLive>;

export const ZRunIdentity = z.object({
  runId: z.string(),
  userId: z.string(),
  displayName: z.string(),
  config: ZRunConfigSummary,
  /** Epochs this run will train (its config, within the race's budget). */
  plannedEpochs: z.number().int().positive(),
  startedAt: z.number(),
});
export type RunIdentity = z.infer<typeof ZRunIdentity>;

export const ZRunView = ZRunIdentity.extend(ZRunLive.shape).extend({
  /** The whole curve, thinned to a bounded number of points for large rooms (the latest point always kept). */
  points: z.array(ZLossPoint),
  rollout: ZRolloutView.nullable(),
});
export type RunView = z.infer<typeof ZRunView>;

/**
 * One run's change since the previous tick: status, last epoch and score, and the curve points that arrived
 * meanwhile (the latest losses are the last point's). Kept lean: a tick of a 300-student room carries 300 of them.
 */
export const ZRunDelta = ZRunLive.pick({ runId: true, status: true, lastEpoch: true }).extend({
  points: z.array(ZLossPoint),
  rollout: ZRolloutView.optional(),
});
export type RunDelta = z.infer<typeof ZRunDelta>;

export const ZRaceTick = z.object({
  raceId: z.string(),
  /** Server time of the tick (epoch ms). */
  at: z.number(),
  runs: z.array(ZRunDelta),
});
export type RaceTick = z.infer<typeof ZRaceTick>;
