/**
 * Messages between the scoring pool (main thread) and its workers. The main thread never generates the hidden
 * continuation: a submission job carries the race's dataset, hidden length and secret seed, and the worker
 * derives the points. A checkpoint job has no seed at all: the worker scores it on the visible series alone.
 */
import type { TrainingConfig } from "@/lib/ml/config";
import type { RaceRules } from "@/lib/race/rules";
import type { CheckpointVerification, Verification } from "@/lib/scoring/verify";

interface JobBase {
  /** Identifies the race's data, so a worker prepares a race's windows once. */
  raceId: string;
  rules: RaceRules;
  runConfig: TrainingConfig;
  weights: Uint8Array;
}

/** A final submission: public, private and rollout scores. */
export interface SubmissionJob extends JobBase {
  kind: "submission";
  hiddenSeed: number;
}

/** A running run's weights: the public score only. */
export interface CheckpointJob extends JobBase {
  kind: "checkpoint";
}

export type ScoringJob = SubmissionJob | CheckpointJob;

export type JobResult<J extends ScoringJob> = J extends SubmissionJob ? Verification : CheckpointVerification;

export type ToWorker = { id: number; job: ScoringJob };
export type FromWorker = { id: number; ok: true; result: Verification | CheckpointVerification } | { id: number; ok: false; message: string };
