/**
 * Messages between the scoring pool (main thread) and its workers. The main thread never generates the hidden
 * continuation: it sends the race's dataset, hidden length and secret seed, and the worker derives the points.
 */
import type { TrainingConfig } from "@/lib/ml/config";
import type { RaceRules } from "@/lib/race/rules";
import type { Verification } from "@/lib/scoring/verify";

export interface ScoringJob {
  /** Identifies the race's data, so a worker prepares a race's windows once. */
  raceId: string;
  hiddenSeed: number;
  rules: RaceRules;
  runConfig: TrainingConfig;
  weights: Uint8Array;
}

export type ToWorker = { id: number; job: ScoringJob };
export type FromWorker = { id: number; ok: true; result: Verification } | { id: number; ok: false; message: string };
