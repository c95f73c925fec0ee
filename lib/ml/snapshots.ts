/**
 * What training reports, as zod schemas: the worker protocol validates them at the page boundary, and the race
 * protocol can reuse them for what students send to the server.
 */
import { z } from "zod";

const finiteNonNegative = z.number().finite().nonnegative();

export const EpochSnapshotSchema = z.strictObject({
  /** 1-based. */
  epoch: z.number().int().positive(),
  /** Mean loss over the epoch's training windows (each batch's loss before its update, weighted by its size). */
  trainLoss: finiteNonNegative,
  /** One-step MSE on the held-out windows after the epoch; null without a validation split. */
  valLoss: finiteNonNegative.nullable(),
  /** Wall time of the epoch's training and validation (rollouts excluded). */
  msPerEpoch: finiteNonNegative,
});
export type EpochSnapshot = z.infer<typeof EpochSnapshotSchema>;

export const RolloutSnapshotSchema = z.strictObject({
  epoch: z.number().int().positive(),
  /** Autoregressive predictions from the first window onwards: series length − window values. */
  predicted: z.array(z.number().finite()),
  /** MSE of `predicted` against the true continuation. */
  mse: finiteNonNegative,
});
export type RolloutSnapshot = z.infer<typeof RolloutSnapshotSchema>;

export const TrainerStatusSchema = z.enum(["idle", "running", "paused", "stopped", "finished", "failed"]);
export type TrainerStatus = z.infer<typeof TrainerStatusSchema>;

/** Training failed because a loss stopped being a finite number at this epoch (the page words it; lib/i18n). */
export const DivergenceSchema = z.strictObject({ epoch: z.number().int().positive(), loss: z.enum(["training", "validation"]) });
export type Divergence = z.infer<typeof DivergenceSchema>;

export const TrainingOutcomeSchema = z.strictObject({
  status: z.enum(["finished", "stopped", "failed"]),
  epochsCompleted: z.number().int().nonnegative(),
  finalTrainLoss: finiteNonNegative.nullable(),
  finalValLoss: finiteNonNegative.nullable(),
  /** Mean of the completed epochs' msPerEpoch. */
  meanMsPerEpoch: finiteNonNegative.nullable(),
  /** Why training failed (failed only), in English for logs and the CLI. */
  message: z.string().nullable(),
  /** What failed, for the page: set when a loss diverged. */
  divergence: DivergenceSchema.nullable().optional(),
});
export type TrainingOutcome = z.infer<typeof TrainingOutcomeSchema>;
