/**
 * The one training configuration: model, optimiser, data and schedule, validated by zod with the limits a
 * student's browser can afford. Every consumer (Playground form, worker, CLI, weight files, the server's
 * scorer) goes through `parseTrainingConfig`, so a bad value is reported the same way everywhere.
 */
import { z } from "zod";
import { SERIES_LENGTH_LIMITS, SERIES_PRESETS, maxSeriesLength, NOISE_LIMITS } from "@/lib/data/series";
import { validationCount } from "@/lib/data/windows";

export const LIMITS = {
  layers: { min: 1, max: 3 },
  hidden: { min: 1, max: 256 },
  learningRate: { min: 0, max: 10 },
  batchSize: { min: 1, max: 1024 },
  epochs: { min: 1, max: 20_000 },
  window: { min: 1, max: 512 },
  validationFraction: { min: 0, max: 0.5 },
  rolloutEvery: { min: 1, max: 20_000 },
  seriesLength: SERIES_LENGTH_LIMITS,
  noise: NOISE_LIMITS,
} as const;

const MAX_SEED = 2 ** 32 - 1;

const between = (what: string, min: number, max: number) =>
  z
    .number({ error: `${what} must be a number` })
    .min(min, `${what} must be between ${min} and ${max}`)
    .max(max, `${what} must be between ${min} and ${max}`);
const intBetween = (what: string, min: number, max: number) =>
  between(what, min, max).int(`${what} must be a whole number`);
const seed = (what: string) => intBetween(what, 0, MAX_SEED);
const fraction = (what: string) =>
  z.number({ error: `${what} must be a number` }).min(0, `${what} must be in [0, 1)`).lt(1, `${what} must be in [0, 1)`);

const learningRate = between("learning rate", LIMITS.learningRate.min, LIMITS.learningRate.max).refine((v) => v > 0, {
  message: "learning rate must be greater than 0",
  params: { problem: "positive" },
});

export const ModelConfigSchema = z.strictObject({
  cell: z.enum(["RNN", "LSTM", "GRU"], { error: "cell must be RNN, LSTM or GRU" }),
  /** Used by the RNN cell only, as PyTorch's `nonlinearity`. */
  nonlinearity: z.enum(["tanh", "relu"], { error: "nonlinearity must be tanh or relu" }),
  layers: intBetween("layers", LIMITS.layers.min, LIMITS.layers.max),
  hidden: intBetween("hidden size", LIMITS.hidden.min, LIMITS.hidden.max),
});
export type ModelConfig = z.infer<typeof ModelConfigSchema>;

export const OptimizerConfigSchema = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({ kind: z.literal("sgd"), learningRate }),
    z.strictObject({ kind: z.literal("momentum"), learningRate, momentum: fraction("momentum") }),
    z.strictObject({
      kind: z.literal("adam"),
      learningRate,
      beta1: fraction("beta1"),
      beta2: fraction("beta2"),
      epsilon: between("epsilon", 0, 1).refine((v) => v > 0, { message: "epsilon must be greater than 0", params: { problem: "positive" } }),
    }),
  ],
  { error: "optimizer kind must be sgd, momentum or adam" },
);
export type OptimizerConfig = z.infer<typeof OptimizerConfigSchema>;

export const DatasetConfigSchema = z.strictObject({
  preset: z.enum(SERIES_PRESETS, { error: `dataset preset must be one of ${SERIES_PRESETS.join(", ")}` }),
  length: intBetween("series length", LIMITS.seriesLength.min, LIMITS.seriesLength.max),
  noise: between("noise", LIMITS.noise.min, LIMITS.noise.max),
  seed: seed("dataset seed"),
});
export type DatasetConfig = z.infer<typeof DatasetConfigSchema>;

export const TrainingConfigSchema = z
  .strictObject({
    model: ModelConfigSchema,
    optimizer: OptimizerConfigSchema,
    dataset: DatasetConfigSchema,
    /** Input length: the model sees `window` values and predicts the next one. */
    window: intBetween("window", LIMITS.window.min, LIMITS.window.max),
    batchSize: intBetween("batch size", LIMITS.batchSize.min, LIMITS.batchSize.max),
    epochs: intBetween("epochs", LIMITS.epochs.min, LIMITS.epochs.max),
    /** Share of the windows held out (the latest ones) to report a validation loss; 0 trains on all, like the seed. */
    validationFraction: between("validation fraction", LIMITS.validationFraction.min, LIMITS.validationFraction.max),
    /** Seed of the initial weights and of the batch shuffling. */
    seed: seed("seed"),
    /** Period K of the "Correct vs Predicted" rollout pictures, in epochs. */
    rolloutEvery: intBetween("rollout period", LIMITS.rolloutEvery.min, LIMITS.rolloutEvery.max),
  })
  .superRefine((cfg, ctx) => {
    const maxLength = maxSeriesLength(cfg.dataset.preset);
    if (cfg.dataset.length > maxLength) {
      ctx.addIssue({
        code: "custom",
        path: ["dataset", "length"],
        params: { problem: "series_too_long", values: { max: maxLength } },
        message: `series length must be at most ${maxLength} for ${cfg.dataset.preset}`,
      });
      return;
    }
    const windows = cfg.dataset.length - cfg.window;
    if (windows < 1) {
      ctx.addIssue({
        code: "custom",
        path: ["window"],
        params: { problem: "window_too_long", values: { window: cfg.window, length: cfg.dataset.length } },
        message: `window ${cfg.window} is too long for a series of ${cfg.dataset.length} points (it must be shorter than the series)`,
      });
      return;
    }
    if (windows - validationCount(windows, cfg.validationFraction) < 1) {
      ctx.addIssue({
        code: "custom",
        path: ["validationFraction"],
        params: { problem: "no_training_window", values: { fraction: cfg.validationFraction, windows } },
        message: `validation fraction ${cfg.validationFraction} leaves no training window out of ${windows}`,
      });
    }
  });
export type TrainingConfig = z.infer<typeof TrainingConfigSchema>;

/** The seed lesson: nn.RNN(tanh, 1 layer, 64 hidden), SGD lr 0.01, batch 8, 1000 epochs, window 30, noisy cosine. */
export const DEFAULT_TRAINING_CONFIG: TrainingConfig = Object.freeze({
  model: Object.freeze({ cell: "RNN", nonlinearity: "tanh", layers: 1, hidden: 64 }),
  optimizer: Object.freeze({ kind: "sgd", learningRate: 0.01 }),
  dataset: Object.freeze({ preset: "noisy-cosine", length: 120, noise: 0.3, seed: 0 }),
  window: 30,
  batchSize: 8,
  epochs: 1000,
  validationFraction: 0,
  seed: 0,
  rolloutEvery: 100,
}) as TrainingConfig;

/** Defaults of each optimiser's extra settings (PyTorch's, with the momentum most tutorials use). */
export const OPTIMIZER_DEFAULTS = {
  sgd: { kind: "sgd", learningRate: 0.01 },
  momentum: { kind: "momentum", learningRate: 0.01, momentum: 0.9 },
  adam: { kind: "adam", learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
} as const satisfies Record<OptimizerConfig["kind"], OptimizerConfig>;

export class InvalidConfigError extends Error {
  override name = "InvalidConfigError";
  constructor(readonly problems: readonly string[]) {
    super(`Invalid training configuration: ${problems.join("; ")}`);
  }
}

/** Readable "path: problem" lines for a zod error. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.join(".");
    const message = issue.code === "unrecognized_keys" ? `unknown setting ${issue.keys.map((k) => `"${k}"`).join(", ")}` : issue.message;
    return path ? `${path}: ${message}` : message;
  });
}

/** A failed check lists its problems in English (logs, CLI) and as zod issues (the page words them: lib/i18n/issues). */
export type ConfigResult = { ok: true; config: TrainingConfig } | { ok: false; problems: string[]; issues: z.core.$ZodIssue[] };

export function checkTrainingConfig(value: unknown): ConfigResult {
  const result = TrainingConfigSchema.safeParse(value);
  return result.success ? { ok: true, config: result.data } : { ok: false, problems: describeIssues(result.error), issues: result.error.issues };
}

/** Validates and returns a config, or throws `InvalidConfigError` listing every problem. */
export function parseTrainingConfig(value: unknown): TrainingConfig {
  const result = checkTrainingConfig(value);
  if (!result.ok) throw new InvalidConfigError(result.problems);
  return result.config;
}

export type TrainingConfigOverrides = Partial<Omit<TrainingConfig, "model" | "dataset" | "optimizer">> & {
  model?: Partial<ModelConfig>;
  dataset?: Partial<DatasetConfig>;
  optimizer?: Partial<OptimizerConfig> & { kind?: OptimizerConfig["kind"] };
};

/**
 * The defaults with some settings changed, validated. Switching optimiser kind starts from that optimiser's
 * defaults, so `{ optimizer: { kind: "adam" } }` is a complete Adam config.
 */
export function withOverrides(overrides: TrainingConfigOverrides, base: TrainingConfig = DEFAULT_TRAINING_CONFIG): TrainingConfig {
  const kind = overrides.optimizer?.kind ?? base.optimizer.kind;
  const optimizerBase = kind === base.optimizer.kind ? base.optimizer : OPTIMIZER_DEFAULTS[kind];
  return parseTrainingConfig({
    ...base,
    ...overrides,
    model: { ...base.model, ...overrides.model },
    dataset: { ...base.dataset, ...overrides.dataset },
    optimizer: { ...optimizerBase, ...overrides.optimizer },
  });
}
