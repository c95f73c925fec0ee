/**
 * Messages between the page and the training Web Worker. Both sides validate what they receive with these
 * schemas; `runId` ties every message to one run, so messages of an earlier run arriving late are ignored.
 */
import { z } from "zod";
import { SERIES_LENGTH_LIMITS } from "@/lib/data/series";
import { EpochSnapshotSchema, RolloutSnapshotSchema, TrainerStatusSchema, TrainingOutcomeSchema } from "./snapshots";

export const TRAINING_PROTOCOL_VERSION = 1;

export const BackendNameSchema = z.enum(["cpu", "wasm", "webgl"]);
export const BackendChoiceSchema = z.enum(["auto", "cpu", "wasm", "webgl"]);
export type BackendChoice = z.infer<typeof BackendChoiceSchema>;

const RunIdSchema = z.string().min(1).max(100);

export const PageToWorkerSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("start"),
    protocol: z.literal(TRAINING_PROTOCOL_VERSION),
    runId: RunIdSchema,
    /** Checked with the training config schema by the worker, which answers with every problem found. */
    config: z.unknown(),
    /** "auto" calibrates every available backend and keeps the fastest. */
    backend: BackendChoiceSchema,
    /** Restrict to one layer implementation (e.g. "ops"); all of them when absent. */
    implementation: z.string().max(50).optional(),
    /**
     * An uploaded dataset's stored values (at least the config's length), fetched by the page: a race's visible
     * part or the caller's own data. The worker scales them as the config says (lib/data/source).
     */
    stored: z.array(z.number().finite()).max(SERIES_LENGTH_LIMITS.max).optional(),
    /**
     * The (backend, implementation) this device measured fastest before (app/playground/backend-memory): used at
     * once, without timing anything; calibrated as usual when it does not start here.
     */
    preferred: z.strictObject({ backend: BackendNameSchema, implementation: z.string().max(50) }).optional(),
  }),
  /**
   * Time every candidate for this config while nothing trains, and answer "calibrated" (the page remembers the
   * winner for its next Train press). A "start" arriving meanwhile stops it; it then answers nothing.
   */
  z.strictObject({ type: z.literal("calibrate"), protocol: z.literal(TRAINING_PROTOCOL_VERSION), runId: RunIdSchema, config: z.unknown() }),
  z.strictObject({ type: z.literal("pause"), runId: RunIdSchema }),
  z.strictObject({ type: z.literal("resume"), runId: RunIdSchema }),
  z.strictObject({ type: z.literal("stop"), runId: RunIdSchema }),
  /** The current weights, between two epochs (a race's verified checkpoint). Nothing is sent before epoch 1. */
  z.strictObject({ type: z.literal("checkpoint"), runId: RunIdSchema }),
]);
export type PageToWorker = z.infer<typeof PageToWorkerSchema>;

export const CalibrationEntrySchema = z.strictObject({
  backend: BackendNameSchema,
  implementation: z.string(),
  msPerStep: z.number().finite().nonnegative().nullable(),
  error: z.string().nullable(),
});

export const WorkerToPageSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("calibrating"), runId: RunIdSchema }),
  z.strictObject({
    type: z.literal("started"),
    runId: RunIdSchema,
    backend: BackendNameSchema,
    implementation: z.string(),
    calibration: z.array(CalibrationEntrySchema),
    /** "measured": calibrated for this run (`calibration` lists the timings); "remembered": the page's preferred choice. */
    choice: z.enum(["measured", "remembered"]),
    /** The series being learned, for the "Correct" line of the rollout pictures. */
    series: z.array(z.number().finite()),
    window: z.number().int().positive(),
    epochs: z.number().int().positive(),
    trainWindows: z.number().int().positive(),
    validationWindows: z.number().int().nonnegative(),
  }),
  z.strictObject({ type: z.literal("status"), runId: RunIdSchema, status: TrainerStatusSchema }),
  z.strictObject({ type: z.literal("snapshot"), runId: RunIdSchema, snapshot: EpochSnapshotSchema }),
  z.strictObject({ type: z.literal("rollout"), runId: RunIdSchema, rollout: RolloutSnapshotSchema }),
  z.strictObject({
    type: z.literal("done"),
    runId: RunIdSchema,
    outcome: TrainingOutcomeSchema,
    /** The trained weights in the weight file format; null when no epoch completed or training failed. */
    weights: z.instanceof(ArrayBuffer).nullable(),
  }),
  /** The weights after `epoch` epochs, in the weight file format (answers a "checkpoint" request). */
  z.strictObject({ type: z.literal("checkpoint"), runId: RunIdSchema, epoch: z.number().int().positive(), weights: z.instanceof(ArrayBuffer) }),
  /** A background calibration's result ("calibrate"). */
  z.strictObject({
    type: z.literal("calibrated"),
    runId: RunIdSchema,
    backend: BackendNameSchema,
    implementation: z.string(),
    calibration: z.array(CalibrationEntrySchema),
  }),
  /** A request the worker refused (bad message, bad config, no backend), with the reason. */
  z.strictObject({ type: z.literal("error"), runId: RunIdSchema.nullable(), message: z.string() }),
]);
export type WorkerToPage = z.infer<typeof WorkerToPageSchema>;
