/**
 * Is an uploaded weight file a legal entry? The file must describe the same model and data as the run it is
 * submitted for, and both must respect the race's rules. Every refusal names what is wrong, so a student (or a
 * teacher reading the log) can act on it.
 */
import type { TrainingConfig } from "@/lib/ml/config";
import { describeArchitecture } from "@/lib/ml/model";
import { sameArchitecture, type WeightFile } from "@/lib/ml/weights-format";
import type { ScoringRules } from "./rules-view";

export type SubmissionProblem =
  /** The file's model differs from the run's config (a different network than the one that trained). */
  | "architecture_mismatch"
  /** The model breaks the race's cell / layers / hidden limits. */
  | "rules_violation"
  /** The file was trained on other data or another window than the race's. */
  | "data_mismatch"
  /** More epochs than the race's budget. */
  | "over_budget";

export type CheckResult = { ok: true } | { ok: false; problem: SubmissionProblem; message: string };

const sameDataset = (a: TrainingConfig["dataset"], b: TrainingConfig["dataset"]) =>
  a.preset === b.preset && a.length === b.length && a.noise === b.noise && a.seed === b.seed;

/**
 * `runConfig` is the configuration the run was started with (stored by the server when the run began), so a
 * client cannot swap in a bigger model at upload time.
 */
export function checkSubmission(file: WeightFile, runConfig: TrainingConfig, rules: ScoringRules): CheckResult {
  const model = file.config.model;
  if (!sameArchitecture(model, runConfig.model)) {
    return {
      ok: false,
      problem: "architecture_mismatch",
      message: `the weights are for a ${describeArchitecture(model)}, but this run trains a ${describeArchitecture(runConfig.model)}`,
    };
  }
  if (!rules.allowedCells.includes(model.cell)) {
    return { ok: false, problem: "rules_violation", message: `this race allows ${rules.allowedCells.join(", ")} cells, not ${model.cell}` };
  }
  if (model.layers > rules.maxLayers) {
    return { ok: false, problem: "rules_violation", message: `this race allows at most ${rules.maxLayers} layer(s), the weights have ${model.layers}` };
  }
  if (model.hidden > rules.maxHidden) {
    return { ok: false, problem: "rules_violation", message: `this race allows a hidden size of at most ${rules.maxHidden}, the weights have ${model.hidden}` };
  }
  if (!sameDataset(file.config.dataset, rules.dataset) || !sameDataset(runConfig.dataset, rules.dataset)) {
    return { ok: false, problem: "data_mismatch", message: "the weights were trained on another series than this race's" };
  }
  if (file.config.window !== rules.window || runConfig.window !== rules.window) {
    return { ok: false, problem: "data_mismatch", message: `this race uses a window of ${rules.window}, the weights use ${file.config.window}` };
  }
  if (file.config.epochs > rules.budget.maxEpochs) {
    return { ok: false, problem: "over_budget", message: `this race allows at most ${rules.budget.maxEpochs} epochs, the weights were trained for ${file.config.epochs}` };
  }
  return { ok: true };
}
