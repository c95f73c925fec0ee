/**
 * Recording a Playground run over HTTP: create it, send its curve in batches and its rollout pictures, finish it,
 * store its weights. Batches are idempotent by (run, epoch): a batch re-sent after a lost answer changes nothing.
 */
import { z } from "zod";
import { SERIES_LENGTH_LIMITS } from "@/lib/data/series";
import { CurvePointSchema } from "@/lib/runs/curve";

/** The page flushes every second or every 50 epochs; a batch this size covers a long pause or a slow network. */
export const SNAPSHOT_BATCH_MAX = 500;
/** Largest weight file: 3 LSTM layers of 256 units ≈ 5.3 MB of float32, base64 inflates by 4/3. */
export const WEIGHTS_MAX_BYTES = 6 * 1024 * 1024;

const finiteNonNegative = z.number().finite().nonnegative();
const label = z.string().trim().min(1).max(60);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const ZStartRunRequest = z.strictObject({
  /**
   * The page's own id for the run (a UUID): sending the same request again (a retry after a lost answer) answers the
   * run it created instead of making a second one.
   */
  id: z.string().regex(UUID, "id must be a lower-case UUID").optional(),
  /** Checked with the training config schema by the service, which names every problem. */
  config: z.unknown(),
  classroomId: z.string().min(1).max(100).nullable().optional(),
  backend: label.nullable().optional(),
  device: label.nullable().optional(),
});
export type TStartRunRequest = z.infer<typeof ZStartRunRequest>;

export const ZSnapshotBatchRequest = z.strictObject({
  points: z.array(CurvePointSchema).min(1, "a batch has at least one epoch").max(SNAPSHOT_BATCH_MAX, `a batch has at most ${SNAPSHOT_BATCH_MAX} epochs`),
});
export type TSnapshotBatchRequest = z.infer<typeof ZSnapshotBatchRequest>;

export const ZRolloutRequest = z.strictObject({
  epoch: z.number().int().positive(),
  mse: finiteNonNegative,
  predicted: z.array(z.number().finite()).min(1).max(SERIES_LENGTH_LIMITS.max),
});
export type TRolloutRequest = z.infer<typeof ZRolloutRequest>;

export const ZFinishRunRequest = z.strictObject({
  status: z.enum(["finished", "stopped", "failed"]),
  finalTrainLoss: finiteNonNegative.nullable(),
  finalValLoss: finiteNonNegative.nullable(),
  msPerEpoch: finiteNonNegative.nullable(),
  backend: label.nullable().optional(),
  device: label.nullable().optional(),
});
export type TFinishRunRequest = z.infer<typeof ZFinishRunRequest>;

export const ZWeightsRequest = z.strictObject({
  /** The weight file (lib/ml/weights-format), base64. */
  data: z
    .string()
    .min(1)
    .max(Math.ceil((WEIGHTS_MAX_BYTES * 4) / 3) + 4)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, "data must be base64"),
});

/**
 * A model trained in PyTorch, evaluated in the browser on the Playground's data (lib/ml/pytorch/import): its
 * weights as an LRWT file (architecture inferred from the .npz, data settings the Playground's), its one-step
 * losses and its rollout picture. Stored as an ended run of kind "imported"; it never enters a race.
 */
export const ZImportRunRequest = z.strictObject({
  /** Checked with the training config schema by the service, which names every problem. */
  config: z.unknown(),
  classroomId: z.string().min(1).max(100).nullable().optional(),
  weights: ZWeightsRequest.shape.data,
  trainLoss: finiteNonNegative,
  /** Null exactly when the config holds no validation windows out. */
  valLoss: finiteNonNegative.nullable(),
  rollout: ZRolloutRequest.omit({ epoch: true }),
});
export type TImportRunRequest = z.infer<typeof ZImportRunRequest>;

export interface StartRunResponse {
  runId: string;
}
export interface SnapshotBatchResponse {
  /** The curve is stored through this epoch: the page drops everything up to it. */
  lastEpoch: number;
  /** Epochs past a gap were not stored: re-send from here. */
  missingFrom: number | null;
}
