/**
 * Train the seed experiment (or any configuration) from the command line, on the Node tfjs backends.
 *
 *   npm run train -- --cell lstm --hidden 64 --epochs 200
 *   npm run train -- --json            one JSON line per epoch, then a summary line
 *   npm run train -- --export-pytorch DIR    train.py, weights.npz and run.json for PyTorch (README)
 *   npm run train -- --data temps.csv --scaling standardise    your own series (one numeric column)
 *   npm run train -- --lang ja          progress and summary in Japanese (lib/i18n catalogues)
 *
 * Everything not given is the seed lesson's default. Bad flags print a clear error and exit with code 2;
 * training that fails (NaN loss) exits with code 1.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { SCALINGS } from "@/lib/data/scaling";
import { SERIES_PRESETS } from "@/lib/data/series";
import { uploadedScaling } from "@/lib/data/source";
import { readSeriesUpload } from "@/lib/data/upload";
import { messagesFor, type Messages } from "@/lib/i18n";
import { dataProblemText, progressLine, summaryLines } from "@/lib/i18n/cli-text";
import { LOCALES, type Locale } from "@/lib/i18n/locales";
import { calibrate } from "@/lib/ml/calibration";
import { DEFAULT_TRAINING_CONFIG, InvalidConfigError, isUploadedDataset, withOverrides, type TrainingConfig, type TrainingConfigOverrides } from "@/lib/ml/config";
import { candidatesFor, LAYER_IMPLEMENTATIONS, type BackendName } from "@/lib/ml/implementations";
import { EXPORT_FILE_NAMES, exportModel } from "@/lib/ml/pytorch/export";
import { Trainer } from "@/lib/ml/trainer";

const NODE_BACKENDS: readonly BackendName[] = ["cpu", "wasm"];

const USAGE = `Usage: npm run train -- [options]

Model
  --cell rnn|lstm|gru          recurrent cell (default rnn)
  --nonlinearity tanh|relu     RNN activation (default tanh)
  --layers N                   stacked layers, 1-3 (default 1)
  --hidden N                   hidden size, 1-256 (default 64)
Optimiser
  --optimizer sgd|momentum|adam  (default sgd)
  --lr X                       learning rate (default 0.01; adam 0.001)
  --momentum X                 momentum for --optimizer momentum (default 0.9)
Data and schedule
  --preset NAME                ${SERIES_PRESETS.join(", ")}
  --length N  --noise X  --data-seed N    the series (default 120 points, noise 0.3, seed 0)
  --data FILE                  train on your own series instead: a CSV file (or pasted values) with one
                               numeric column and an optional time column (checked like an upload)
  --column N  --time-column N|none   which columns of FILE (1-based) hold the values and the times
  --scaling none|standardise|min-max  scale FILE's values before training (default none)
  --length N                   with --data: train on the first N values (default all of them)
  --window N                   input window (default 30)
  --batch-size N               (default 8)
  --epochs N                   (default 1000)
  --validation F               share of windows held out, 0-0.5 (default 0)
  --seed N                     initial weights and shuffling (default 0)
  --rollout-every K            rollout period in epochs (default 100)
Run
  --backend auto|cpu|wasm      auto times both and keeps the faster (default auto)
  --implementation NAME        recurrent layer implementation (${LAYER_IMPLEMENTATIONS.map((i) => i.name).join(", ")}; default: calibrate all)
  --save FILE                  write the trained weights (weight file format) to FILE
  --export-pytorch DIR         write ${EXPORT_FILE_NAMES.join(", ")} into DIR: the run as the tutorial's
                               PyTorch script (python3 DIR/train.py --check compares PyTorch's predictions)
  --json                       JSON lines instead of a progress bar and summary
  --lang en|ja                 language of the progress bar and summary (default en)
  --help`;

class UsageError extends Error {}

const OPTIONS = {
  cell: { type: "string" },
  nonlinearity: { type: "string" },
  layers: { type: "string" },
  hidden: { type: "string" },
  optimizer: { type: "string" },
  lr: { type: "string" },
  momentum: { type: "string" },
  preset: { type: "string" },
  length: { type: "string" },
  noise: { type: "string" },
  "data-seed": { type: "string" },
  data: { type: "string" },
  column: { type: "string" },
  "time-column": { type: "string" },
  scaling: { type: "string" },
  window: { type: "string" },
  "batch-size": { type: "string" },
  epochs: { type: "string" },
  validation: { type: "string" },
  seed: { type: "string" },
  "rollout-every": { type: "string" },
  backend: { type: "string" },
  implementation: { type: "string" },
  save: { type: "string" },
  "export-pytorch": { type: "string" },
  json: { type: "boolean" },
  lang: { type: "string" },
  help: { type: "boolean" },
} as const;

function number(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(value)) throw new UsageError(`--${flag} expects a number, got "${raw}"`);
  return value;
}

function oneOf<T extends string>(flag: string, raw: string | undefined, allowed: readonly T[], normalise = (s: string) => s): T | undefined {
  if (raw === undefined) return undefined;
  const value = normalise(raw) as T;
  if (!allowed.includes(value)) throw new UsageError(`--${flag} must be one of ${allowed.join(", ")}, got "${raw}"`);
  return value;
}

interface CliRequest {
  config: TrainingConfig;
  /** The values of --data, when given, and its path. */
  stored: number[] | undefined;
  dataPath: string | undefined;
  backend: "auto" | BackendName;
  implementation: string | undefined;
  save: string | undefined;
  exportPytorch: string | undefined;
  json: boolean;
  /** The catalogue the progress and summary are written from. */
  m: Messages;
}

function parseCli(argv: string[]): CliRequest | "help" {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return "help";
  const m = messagesFor(oneOf("lang", values.lang, LOCALES, (s) => s.toLowerCase() as Locale) ?? "en");
  const optimizerKind = oneOf("optimizer", values.optimizer, ["sgd", "momentum", "adam"] as const, (s) => s.toLowerCase());
  const file = values.data === undefined ? undefined : readDataFile(m, values.data, values.column, values["time-column"]);
  if (file) {
    const presetOnly = (["preset", "noise", "data-seed"] as const).filter((flag) => values[flag] !== undefined);
    if (presetOnly.length > 0) throw new UsageError(`--${presetOnly[0]} describes a generated series; it cannot be combined with --data`);
  } else {
    const dataOnly = (["column", "time-column", "scaling"] as const).filter((flag) => values[flag] !== undefined);
    if (dataOnly.length > 0) throw new UsageError(`--${dataOnly[0]} only applies with --data FILE`);
  }
  const length = number("length", values.length);
  const overrides: TrainingConfigOverrides = {
    model: {
      cell: oneOf("cell", values.cell, ["RNN", "LSTM", "GRU"] as const, (s) => s.toUpperCase()),
      nonlinearity: oneOf("nonlinearity", values.nonlinearity, ["tanh", "relu"] as const, (s) => s.toLowerCase()),
      layers: number("layers", values.layers),
      hidden: number("hidden", values.hidden),
    },
    optimizer: { kind: optimizerKind, learningRate: number("lr", values.lr), ...(values.momentum !== undefined ? { momentum: number("momentum", values.momentum) } : {}) },
    dataset: file
      ? {
          source: "upload",
          datasetId: file.id,
          length: length ?? file.values.length,
          scaling: oneOf("scaling", values.scaling, SCALINGS, (s) => s.toLowerCase()) ?? "none",
        }
      : {
          preset: oneOf("preset", values.preset, SERIES_PRESETS),
          length,
          noise: number("noise", values.noise),
          seed: number("data-seed", values["data-seed"]),
        },
    window: number("window", values.window),
    batchSize: number("batch-size", values["batch-size"]),
    epochs: number("epochs", values.epochs),
    validationFraction: number("validation", values.validation),
    seed: number("seed", values.seed),
    rolloutEvery: number("rollout-every", values["rollout-every"]),
  };
  if (values.momentum !== undefined && (optimizerKind ?? DEFAULT_TRAINING_CONFIG.optimizer.kind) !== "momentum") {
    throw new UsageError("--momentum only applies to --optimizer momentum");
  }
  if (values["export-pytorch"] !== undefined && values["export-pytorch"].trim() === "") throw new UsageError("--export-pytorch expects a directory");
  const implementation = values.implementation;
  if (implementation !== undefined && !LAYER_IMPLEMENTATIONS.some((i) => i.name === implementation)) {
    throw new UsageError(`--implementation must be one of ${LAYER_IMPLEMENTATIONS.map((i) => i.name).join(", ")}, got "${implementation}"`);
  }
  if (file && length !== undefined && length > file.values.length) {
    throw new UsageError(`--length ${length} is more than the ${file.values.length} values in ${values.data}`);
  }
  return {
    config: withOverrides(dropUndefined(overrides)),
    stored: file?.values,
    dataPath: values.data,
    backend: oneOf("backend", values.backend, ["auto", "cpu", "wasm"] as const, (s) => s.toLowerCase()) ?? "auto",
    implementation,
    save: values.save,
    exportPytorch: values["export-pytorch"],
    json: values.json ?? false,
    m,
  };
}

/** A column flag (1-based) as the upload reader's 0-based index; "none" for no time column. */
function columnIndex(flag: string, raw: string | undefined, allowNone: boolean): number | null | undefined {
  if (raw === undefined) return undefined;
  if (allowNone && raw.trim().toLowerCase() === "none") return null;
  const n = number(flag, raw)!;
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${flag} expects a column number from 1${allowNone ? ' or "none"' : ""}, got "${raw}"`);
  return n - 1;
}

/**
 * Reads --data like the server reads an upload (lib/data/upload: same checks, same messages). The values are
 * named by their content: the run's config and weight file then say exactly which numbers it trained on.
 */
function readDataFile(m: Messages, path: string, column: string | undefined, timeColumn: string | undefined): { id: string; values: number[] } {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`--data: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const read = readSeriesUpload(text, { valueColumn: columnIndex("column", column, false) ?? undefined, timeColumn: columnIndex("time-column", timeColumn, true) });
  if (!read.ok) throw new UsageError(dataProblemText(m, path, read.problems));
  const { values } = read.series;
  const hash = createHash("sha256").update(new Uint8Array(Float64Array.from(values).buffer)).digest("hex");
  return { id: `file:${hash.slice(0, 32)}`, values };
}

/** Leaves out flags that were not given, so the defaults (or the chosen optimiser's defaults) apply. */
function dropUndefined<T>(value: T): T {
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, dropUndefined(v)]),
  ) as T;
}

/** The three files of the export, and nothing else, into `dir` (created if needed). */
function writeExport(dir: string, trainer: Trainer, stored: number[] | undefined): void {
  const { dataset } = trainer.config;
  const scaling = isUploadedDataset(dataset) && stored ? uploadedScaling(dataset, stored) : undefined;
  const files = exportModel(trainer.model, trainer.config, trainer.data.series, null, scaling);
  mkdirSync(dir, { recursive: true });
  for (const name of EXPORT_FILE_NAMES) writeFileSync(join(dir, name), files[name]);
}

async function main(): Promise<number> {
  let request: CliRequest | "help";
  try {
    request = parseCli(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError || error instanceof InvalidConfigError) {
      process.stderr.write(`error: ${error.message}\nRun with --help for the options.\n`);
      return 2;
    }
    throw error;
  }
  if (request === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const { config, json, m } = request;
  // Silences tfjs's advice to install tfjs-node, which cannot be installed here (only logging is affected).
  tf.enableProdMode();
  const implementations = request.implementation ? LAYER_IMPLEMENTATIONS.filter((i) => i.name === request.implementation) : LAYER_IMPLEMENTATIONS;
  const backends = request.backend === "auto" ? NODE_BACKENDS : [request.backend];
  const now = () => performance.now();
  const { best, entries } = await calibrate(candidatesFor(backends, implementations), { config, now });

  const showProgress = !json && process.stderr.isTTY;
  const trainer = new Trainer({
    config,
    stored: request.stored,
    layer: best.implementation.layer,
    now,
    // Nothing else needs the event loop between epochs in the CLI.
    yieldControl: () => Promise.resolve(),
    onSnapshot: (s) => {
      if (json) process.stdout.write(`${JSON.stringify(s)}\n`);
      else if (showProgress) process.stderr.write(`\r${progressLine(m, s.epoch, config.epochs, s.trainLoss, s.msPerEpoch)}`);
    },
  });
  const outcome = await trainer.run();
  if (showProgress) process.stderr.write("\n");
  const rolloutMse = outcome.epochsCompleted > 0 && outcome.status !== "failed" ? trainer.rolloutNow(outcome.epochsCompleted).mse : null;
  if (request.save && outcome.status !== "failed") writeFileSync(request.save, trainer.exportWeights());
  if (request.exportPytorch && outcome.status !== "failed") writeExport(request.exportPytorch, trainer, request.stored);
  trainer.dispose();

  if (outcome.status === "failed") {
    process.stderr.write(`error: ${outcome.message}\n`);
    return 1;
  }
  if (json) {
    const summary = {
      cell: config.model.cell,
      hidden: config.model.hidden,
      layers: config.model.layers,
      epochs: outcome.epochsCompleted,
      finalTrainLoss: outcome.finalTrainLoss,
      msPerEpoch: outcome.meanMsPerEpoch,
      backend: best.backend,
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } else {
    const scaling = isUploadedDataset(config.dataset) && request.stored ? uploadedScaling(config.dataset, request.stored) : undefined;
    const lines = summaryLines(m, {
      model: config.model,
      epochs: outcome.epochsCompleted,
      data: isUploadedDataset(config.dataset) ? { path: request.dataPath ?? "", scaling: config.dataset.scaling } : { preset: config.dataset.preset },
      length: config.dataset.length,
      window: config.window,
      optimizer: config.optimizer.kind,
      learningRate: config.optimizer.learningRate,
      batchSize: config.batchSize,
      backend: best.backend,
      implementation: best.implementation.name,
      calibration: entries.map((e) => ({ backend: e.backend, implementation: e.implementation, msPerStep: e.msPerStep, error: e.error })),
      finalTrainLoss: outcome.finalTrainLoss,
      finalValLoss: outcome.finalValLoss,
      rolloutMse,
      msPerEpoch: outcome.meanMsPerEpoch,
      scaling: scaling && {
        kind: scaling.kind,
        back: scaling.kind === "standardise" ? `value = prediction × ${scaling.std} + ${scaling.mean}` : scaling.kind === "min-max" ? `value = prediction × ${scaling.max - scaling.min} + ${scaling.min}` : "value = prediction",
      },
      weightsFile: request.save,
      pytorch: request.exportPytorch ? { dir: request.exportPytorch, script: join(request.exportPytorch, "train.py") } : undefined,
    });
    process.stdout.write(`${lines.join("\n")}\n`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
