/**
 * A race's rules, set by the teacher: the data everyone trains on, the budget, what models are allowed, how runs
 * are ranked and how many submissions count. One zod schema, checked when a race is created and whenever a
 * student starts a run or submits weights, so the server and every client apply the same limits.
 */
import { z } from "zod";
import { DatasetConfigSchema, isUploadedDataset, LIMITS, sameDataset, type ModelConfig, type PresetDatasetConfig, type TrainingConfig } from "@/lib/ml/config";
import { maxSeriesLength } from "@/lib/data/series";
import { validationCount } from "@/lib/data/windows";
import { largestAffordableHidden, SCORING_COST_BUDGET, worstScoringCost } from "@/lib/scoring/cost";

export const RACE_CELLS = ["RNN", "LSTM", "GRU"] as const;
export const RACE_METRICS = ["one-step", "rollout"] as const;
export type RaceMetric = (typeof RACE_METRICS)[number];

export const RACE_LIMITS = {
  maxEpochs: { min: 1, max: 5000 },
  timeLimitSec: { min: 10, max: 4 * 60 * 60 },
  submissions: { min: 1, max: 50 },
  hiddenLength: { min: 1, max: 1024 },
  runsPerStudent: { min: 1, max: 100 },
  checkpointEverySec: { min: 5, max: 120 },
} as const;

/**
 * How often a training page uploads its weights for a verified checkpoint. Ten seconds keeps a 4-minute race's
 * board fresh while a class of 300 costs the scorer 30 public-only scorings a second.
 */
export const DEFAULT_CHECKPOINT_EVERY_SEC = 10;

/** Runs one student may start in a race (restarts count): room for many tries, not for filling the race. */
export const DEFAULT_RUNS_PER_STUDENT = 20;

const int = (what: string, min: number, max: number) =>
  z
    .number({ error: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .min(min, `${what} must be between ${min} and ${max}`)
    .max(max, `${what} must be between ${min} and ${max}`);

export const RaceRulesSchema = z
  .strictObject({
    /**
     * The visible series every student trains and validates on: a preset, or a library dataset's first values (its
     * last `hiddenLength` values are the hidden part, which never leaves the server).
     */
    dataset: DatasetConfigSchema,
    window: int("window", LIMITS.window.min, LIMITS.window.max),
    /** The latest visible windows held out for validation: the public board scores on them. */
    validationFraction: z
      .number({ error: "validation fraction must be a number" })
      .gt(0, "a race needs a validation part (validation fraction above 0) for its public board")
      .max(LIMITS.validationFraction.max, `validation fraction must be at most ${LIMITS.validationFraction.max}`),
    budget: z.strictObject({
      maxEpochs: int("max epochs", RACE_LIMITS.maxEpochs.min, RACE_LIMITS.maxEpochs.max),
      /** Null: no time limit, the teacher ends the race. */
      timeLimitSec: int("time limit", RACE_LIMITS.timeLimitSec.min, RACE_LIMITS.timeLimitSec.max).nullable(),
    }),
    allowedCells: z
      .array(z.enum(RACE_CELLS, { error: "cells must be RNN, LSTM or GRU" }))
      .min(1, "allow at least one cell")
      .refine((cells) => new Set(cells).size === cells.length, { message: "each cell may be listed once", params: { problem: "cells_unique" } }),
    maxLayers: int("max layers", LIMITS.layers.min, LIMITS.layers.max),
    maxHidden: int("max hidden size", LIMITS.hidden.min, LIMITS.hidden.max),
    metric: z.enum(RACE_METRICS, { error: "metric must be one-step or rollout" }),
    submissions: z.strictObject({
      limit: int("submission limit", RACE_LIMITS.submissions.min, RACE_LIMITS.submissions.max),
      counts: z.enum(["best", "last"], { error: "the counting submission must be best or last" }),
    }),
    /**
     * Points of the hidden part the private board scores on: a preset's continuation (never sent before the
     * reveal), or the held-back end of an uploaded dataset (never sent at all).
     */
    hiddenLength: int("hidden length", RACE_LIMITS.hiddenLength.min, RACE_LIMITS.hiddenLength.max),
    /** Races stored before this rule existed read as the default. */
    maxRunsPerStudent: int("runs per student", RACE_LIMITS.runsPerStudent.min, RACE_LIMITS.runsPerStudent.max).default(DEFAULT_RUNS_PER_STUDENT),
    /** Seconds between a training run's verified checkpoints (the live board's freshness). */
    checkpointEverySec: int("checkpoint period", RACE_LIMITS.checkpointEverySec.min, RACE_LIMITS.checkpointEverySec.max).default(DEFAULT_CHECKPOINT_EVERY_SEC),
  })
  .superRefine((rules, ctx) => {
    const total = rules.dataset.length + rules.hiddenLength;
    const { dataset } = rules;
    // An uploaded dataset's length is the server's to check against the stored series (server/datasets).
    if (!isUploadedDataset(dataset) && total > maxSeriesLength(dataset.preset)) {
      ctx.addIssue({
        code: "custom",
        path: ["hiddenLength"],
        params: { problem: "hidden_too_long", values: { max: maxSeriesLength(dataset.preset), total } },
        message: `series length plus hidden length must be at most ${maxSeriesLength(dataset.preset)} for ${dataset.preset} (got ${total})`,
      });
    }
    const windows = rules.dataset.length - rules.window;
    if (windows < 2 || windows - validationCount(windows, rules.validationFraction) < 1) {
      ctx.addIssue({
        code: "custom",
        path: ["window"],
        params: { problem: "window_too_few", values: { window: rules.window, length: rules.dataset.length } },
        message: `window ${rules.window} leaves too few training and validation windows in ${rules.dataset.length} points`,
      });
    }
    const cost = worstScoringCost(rules);
    if (cost > SCORING_COST_BUDGET) {
      // The reason and values let the app and the server say it in the reader's language (lib/i18n errorReasons).
      const values = { percent: Math.ceil((cost / SCORING_COST_BUDGET) * 100), hidden: largestAffordableHidden(rules) };
      ctx.addIssue({
        code: "custom",
        path: ["maxHidden"],
        message: `verifying one upload of the largest allowed model would cost ${values.percent}% of the scoring budget: lower the max hidden size to ${values.hidden} or less, or the layers, window or hidden length`,
        params: { reason: "scoring_cost", values },
      });
    }
  });
export type RaceRules = z.infer<typeof RaceRulesSchema>;
/** Rules on a generated series (every race before uploads; tests and benchmarks generate their data). */
export type PresetRaceRules = RaceRules & { dataset: PresetDatasetConfig };

/** The seed lesson as a race: noisy cosine, window 30, 1000 epochs, any cell up to 3×256, a 30-point hidden future. */
export const DEFAULT_RACE_RULES: PresetRaceRules = {
  dataset: { preset: "noisy-cosine", length: 120, noise: 0.3, seed: 0 },
  window: 30,
  validationFraction: 0.2,
  budget: { maxEpochs: 1000, timeLimitSec: 15 * 60 },
  allowedCells: ["RNN", "LSTM", "GRU"],
  maxLayers: LIMITS.layers.max,
  maxHidden: LIMITS.hidden.max,
  metric: "one-step",
  submissions: { limit: 5, counts: "best" },
  hiddenLength: 30,
  maxRunsPerStudent: DEFAULT_RUNS_PER_STUDENT,
  checkpointEverySec: DEFAULT_CHECKPOINT_EVERY_SEC,
};

export type RuleProblem = "cell_not_allowed" | "too_many_layers" | "too_many_hidden" | "too_many_epochs" | "race_settings_changed";

/**
 * One broken rule: the field, the problem and its values (clients write the sentence in the reader's language),
 * and an English `message` for logs and the CLI.
 */
export type RuleViolation = { field: string; problem: RuleProblem; values: Record<string, string | number>; message: string };

/** Why a model is not allowed in this race (empty when it is). */
export function modelViolations(model: ModelConfig, rules: RaceRules): RuleViolation[] {
  const problems: RuleViolation[] = [];
  if (!rules.allowedCells.includes(model.cell)) {
    problems.push({
      field: "model.cell",
      problem: "cell_not_allowed",
      values: { cell: model.cell, allowed: rules.allowedCells.join(", ") },
      message: `${model.cell} is not allowed in this race (allowed: ${rules.allowedCells.join(", ")})`,
    });
  }
  if (model.layers > rules.maxLayers) {
    problems.push({ field: "model.layers", problem: "too_many_layers", values: { max: rules.maxLayers }, message: `at most ${rules.maxLayers} layers in this race (got ${model.layers})` });
  }
  if (model.hidden > rules.maxHidden) {
    problems.push({ field: "model.hidden", problem: "too_many_hidden", values: { max: rules.maxHidden }, message: `hidden size at most ${rules.maxHidden} in this race (got ${model.hidden})` });
  }
  return problems;
}

/**
 * Why a training configuration does not fit the race (empty when it does): the model limits, the budget, and
 * the race's own data, window and validation split, which students cannot change.
 */
export function configViolations(config: TrainingConfig, rules: RaceRules): RuleViolation[] {
  const problems = modelViolations(config.model, rules);
  if (config.epochs > rules.budget.maxEpochs) {
    problems.push({ field: "epochs", problem: "too_many_epochs", values: { max: rules.budget.maxEpochs }, message: `at most ${rules.budget.maxEpochs} epochs in this race (got ${config.epochs})` });
  }
  if (!sameDataset(config.dataset, rules.dataset)) {
    problems.push({ field: "dataset", problem: "race_settings_changed", values: { field: "dataset" }, message: "the dataset must be the race's own" });
  }
  if (config.window !== rules.window) {
    problems.push({ field: "window", problem: "race_settings_changed", values: { field: "window" }, message: `the window is ${rules.window} in this race (got ${config.window})` });
  }
  if (config.validationFraction !== rules.validationFraction) {
    problems.push({
      field: "validationFraction",
      problem: "race_settings_changed",
      values: { field: "validationFraction" },
      message: `the validation fraction is ${rules.validationFraction} in this race (got ${config.validationFraction})`,
    });
  }
  return problems;
}

/** A training configuration for this race: the race's data, window and split with the student's model choices. */
export function raceTrainingConfig(rules: RaceRules, choices: Omit<TrainingConfig, "dataset" | "window" | "validationFraction">): TrainingConfig {
  return {
    ...choices,
    dataset: { ...rules.dataset },
    window: rules.window,
    validationFraction: rules.validationFraction,
    epochs: Math.min(choices.epochs, rules.budget.maxEpochs),
  };
}
