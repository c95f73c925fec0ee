/**
 * The whole verification of one upload, as the scoring workers run it: decode the file (format, checksum,
 * shapes, finite values), check it against the run's config and the race's rules, rebuild the model with
 * lib/ml, score it. Never throws for a bad upload: the result says what was wrong with the *file*. Whether the
 * model's scores are finite is not a refusal here: the caller decides from the public score alone (see
 * server/scoring/submissions.ts), so nothing it answers depends on the hidden data.
 */
import type { TrainingConfig } from "@/lib/ml/config";
import { createModel, type RecurrentModel } from "@/lib/ml/model";
import type { RecurrentLayerFn } from "@/lib/ml/recurrent";
import { decodeWeights, WeightFileError, type WeightFile } from "@/lib/ml/weights-format";
import type { RaceRules } from "@/lib/race/rules";
import { checkSubmission, type SubmissionProblem } from "./check";
import { publicScore, scoreModel, type PublicScoringData, type Scores, type ScoringData } from "./score";

/** What can be wrong with a file, found before any scoring (a function of the file, the run and the rules). */
export type FileProblem = "invalid_file" | SubmissionProblem;

export type Refusal = { ok: false; problem: FileProblem; message: string };

export type Verification = { ok: true; scores: Scores; config: TrainingConfig; fingerprint: string | null } | Refusal;

/** A checkpoint is scored on the public data only (null: its predictions there are not finite). */
export type CheckpointVerification = { ok: true; publicScore: number | null; config: TrainingConfig; fingerprint: string | null } | Refusal;

interface Admission {
  weights: Uint8Array;
  runConfig: TrainingConfig;
  rules: RaceRules;
  layer: RecurrentLayerFn;
  /** Identifies the file's parameters (the server hashes them to spot copied weights); absent: null. */
  fingerprint?: (file: WeightFile) => string;
}

export interface VerifyInput extends Admission {
  data: ScoringData;
}

export interface VerifyCheckpointInput extends Admission {
  data: PublicScoringData;
}

function withModel<T>(input: Admission, score: (model: RecurrentModel, file: WeightFile) => T): T | Refusal {
  let file: WeightFile;
  try {
    file = decodeWeights(input.weights);
  } catch (error) {
    if (error instanceof WeightFileError) return { ok: false, problem: "invalid_file", message: error.message };
    throw error;
  }
  const check = checkSubmission(file, input.runConfig, input.rules);
  if (!check.ok) return check;
  const model = createModel(file.config.model, { layer: input.layer, initialValues: file.params });
  try {
    return score(model, file);
  } finally {
    model.dispose();
  }
}

export function verifySubmission(input: VerifyInput): Verification {
  return withModel(input, (model, file) => ({
    ok: true as const,
    scores: scoreModel(model, input.data),
    config: file.config,
    fingerprint: input.fingerprint?.(file) ?? null,
  }));
}

/** The same checks as a submission, scored on the public data alone: it is never handed the hidden points. */
export function verifyCheckpoint(input: VerifyCheckpointInput): CheckpointVerification {
  return withModel(input, (model, file) => ({
    ok: true as const,
    publicScore: publicScore(model, input.data),
    config: file.config,
    fingerprint: input.fingerprint?.(file) ?? null,
  }));
}
