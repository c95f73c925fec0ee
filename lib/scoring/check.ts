/**
 * Is an uploaded weight file a legal entry? The file must describe the same network as the run it is submitted
 * for (the config the server stored when the run started, so a client cannot swap in a bigger model at upload
 * time), and the file's config must respect the race's rules (lib/race/rules: cells, sizes, budget, the race's
 * own data, window and split). Every refusal names what is wrong.
 */
import type { TrainingConfig } from "@/lib/ml/config";
import { describeArchitecture, parameterSpecs, sizeOf } from "@/lib/ml/model";
import { sameArchitecture, type WeightFile } from "@/lib/ml/weights-format";
import { configViolations, type RaceRules } from "@/lib/race/rules";

export type SubmissionProblem =
  /** The file's model differs from the run's config. */
  | "architecture_mismatch"
  /** The model breaks the race's cell / layers / hidden limits. */
  | "rules_violation"
  /** The file was trained on other data, window or split than the race's. */
  | "data_mismatch"
  /** More epochs than the race's budget. */
  | "over_budget";

export type CheckResult = { ok: true } | { ok: false; problem: SubmissionProblem; message: string };

function problemOf(field: string): SubmissionProblem {
  if (field.startsWith("model.")) return "rules_violation";
  if (field === "epochs") return "over_budget";
  return "data_mismatch";
}

export function checkSubmission(file: WeightFile, runConfig: TrainingConfig, rules: RaceRules): CheckResult {
  if (!sameArchitecture(file.config.model, runConfig.model)) {
    return {
      ok: false,
      problem: "architecture_mismatch",
      message: `the weights are for a ${describeArchitecture(file.config.model)}, but this run trains a ${describeArchitecture(runConfig.model)}`,
    };
  }
  // The run's config was checked when the run started; checking it again catches a race whose rules changed since.
  for (const config of [file.config, runConfig]) {
    const [first] = configViolations(config, rules);
    if (first) return { ok: false, problem: problemOf(first.field), message: first.message };
  }
  return { ok: true };
}

/** Room for a weight file's JSON header (a config and the parameter list: under 2 KB in practice). */
const HEADER_ALLOWANCE_BYTES = 16 * 1024;

/**
 * The largest upload worth reading for a run: its architecture's parameters plus the file's framing. Anything
 * bigger cannot be a valid file for this run, so the server stops reading there.
 */
export function maxWeightsBytes(model: TrainingConfig["model"]): number {
  const floats = parameterSpecs(model).reduce((n, spec) => n + sizeOf(spec.shape), 0);
  return 12 + HEADER_ALLOWANCE_BYTES + 4 * floats + 4;
}
