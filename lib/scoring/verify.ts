/**
 * The whole verification of one upload, as the scoring workers run it: decode the file (format, checksum,
 * shapes, finite values), check it against the run's config and the race's rules, rebuild the model with
 * lib/ml, score it. Never throws for a bad upload: the result says what was wrong.
 */
import type { TrainingConfig } from "@/lib/ml/config";
import { createModel } from "@/lib/ml/model";
import type { RecurrentLayerFn } from "@/lib/ml/recurrent";
import { decodeWeights, WeightFileError, type WeightFile } from "@/lib/ml/weights-format";
import { checkSubmission, type SubmissionProblem } from "./check";
import type { RaceRules } from "@/lib/race/rules";
import { scoreModel, UnscorableModelError, type Scores, type ScoringData } from "./score";

export type VerificationProblem = "invalid_file" | SubmissionProblem | "unscorable";

export type Verification =
  | { ok: true; scores: Scores; config: TrainingConfig }
  | { ok: false; problem: VerificationProblem; message: string };

export interface VerifyInput {
  weights: Uint8Array;
  runConfig: TrainingConfig;
  rules: RaceRules;
  data: ScoringData;
  layer: RecurrentLayerFn;
}

export function verifySubmission({ weights, runConfig, rules, data, layer }: VerifyInput): Verification {
  let file: WeightFile;
  try {
    file = decodeWeights(weights);
  } catch (error) {
    if (error instanceof WeightFileError) return { ok: false, problem: "invalid_file", message: error.message };
    throw error;
  }
  const check = checkSubmission(file, runConfig, rules);
  if (!check.ok) return check;
  const model = createModel(file.config.model, { layer, initialValues: file.params });
  try {
    return { ok: true, scores: scoreModel(model, data), config: file.config };
  } catch (error) {
    if (error instanceof UnscorableModelError) return { ok: false, problem: "unscorable", message: error.message };
    throw error;
  } finally {
    model.dispose();
  }
}
