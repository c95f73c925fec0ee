/**
 * A run as a PyTorch project: `train.py` (the tutorial's script with the run's settings), `weights.npz` (the
 * trained weights under the tutorial `Model`'s state_dict names) and `run.json` (the settings, the series the run
 * trained on, and the engine's predictions that `python3 train.py --check` compares PyTorch's with).
 *
 * The browser builds it from the run's weight file (the run page) and the CLI from the model it just trained: the
 * same functions, so what the tests check with PyTorch is what users download. The series is always the one the
 * run trained on; for a race run that is the visible series only (the hidden continuation never reaches a client).
 */
import { zipSync, type Zippable } from "fflate";
import { makeWindows, splitWindows } from "@/lib/data/windows";
import { parseTrainingConfig, type TrainingConfig } from "../config";
import { predictWindows, rollout } from "../evaluate";
import { createModel, parameterSpecs, type ParamValues, type RecurrentModel } from "../model";
import type { RecurrentLayerFn } from "../recurrent";
import { encodeNpz, ZIP_EPOCH } from "./npz";
import { stateDictArrays } from "./state-dict";
import { trainPy } from "./train-py";

export const EXPORT_FORMAT = "loss-race-pytorch-export";
export const EXPORT_VERSION = 1;
export const EXPORT_FILE_NAMES = ["train.py", "weights.npz", "run.json"] as const;
export type ExportFileName = (typeof EXPORT_FILE_NAMES)[number];

export interface RunJson {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  /** The run this came from, when it is a stored one. */
  runId: string | null;
  config: TrainingConfig;
  window: number;
  /** The first `trainWindows` windows were trained on; the rest were held out for the validation loss. */
  trainWindows: number;
  /** The values trained on, in order. */
  series: number[];
  /** The engine's one-step prediction for every window of `series` (window i is series[i : i + window]). */
  predictions: number[];
  /** The "Correct vs Predicted" rollout: from the first window, each prediction fed back, to the series' end. */
  rollout: number[];
  /** The arrays of weights.npz, in `state_dict()` order. */
  stateDict: { name: string; shape: number[] }[];
}

/**
 * The shortest decimal that reads back as the same float32: run.json stays readable ("0.3", not
 * "0.30000001192092896") and `np.float32(value)` is exactly the engine's value.
 */
export function float32Decimal(value: number): number {
  const f = Math.fround(value);
  if (!Number.isFinite(f)) return f;
  // Nine significant digits always identify a float32.
  for (let digits = 1; digits < 9; digits++) {
    const candidate = Number(f.toPrecision(digits));
    if (Math.fround(candidate) === f) return candidate;
  }
  return Number(f.toPrecision(9));
}

const decimals = (values: ArrayLike<number>): number[] => Array.from(values, float32Decimal);

/** Everything run.json holds, computed with the engine from a model and the series it trained on. */
export function exportRunJson(model: RecurrentModel, config: TrainingConfig, series: ArrayLike<number>, runId: string | null = null): RunJson {
  const parsed = parseTrainingConfig(config);
  const windows = makeWindows(series, parsed.window);
  const split = splitWindows(windows.count, parsed.validationFraction);
  const values = Float32Array.from(series);
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    runId,
    config: parsed,
    window: parsed.window,
    trainWindows: split.train.length,
    series: decimals(values),
    predictions: decimals(predictWindows(model, windows)),
    rollout: decimals(rollout(model, values.subarray(0, parsed.window), parsed.window, windows.count)),
    stateDict: parameterSpecs(parsed.model),
  };
}

/** One key a line, each value on its line: readable in an editor without a line per number. */
export function runJsonText(runJson: RunJson): string {
  const lines = Object.entries(runJson).map(([key, value]) => ` ${JSON.stringify(key)}: ${JSON.stringify(value)}`);
  return `{\n${lines.join(",\n")}\n}\n`;
}

export type PytorchExportFiles = Record<ExportFileName, Uint8Array>;

export function exportFiles(runJson: RunJson, params: ParamValues): PytorchExportFiles {
  const encoder = new TextEncoder();
  return {
    "train.py": encoder.encode(trainPy(runJson.config, runJson.trainWindows)),
    "weights.npz": encodeNpz(stateDictArrays(runJson.config.model, params)),
    "run.json": encoder.encode(runJsonText(runJson)),
  };
}

/** The three files of a trained model. */
export function exportModel(model: RecurrentModel, config: TrainingConfig, series: ArrayLike<number>, runId: string | null = null): PytorchExportFiles {
  return exportFiles(exportRunJson(model, config, series, runId), model.readParams());
}

/** The three files from stored weights (a run's weight file, decoded): builds the model, predicts, disposes it. */
export function exportWeights(
  weights: { config: TrainingConfig; params: ParamValues },
  series: ArrayLike<number>,
  layer: RecurrentLayerFn,
  runId: string | null = null,
): PytorchExportFiles {
  const model = createModel(weights.config.model, { layer, initialValues: weights.params });
  try {
    return exportModel(model, weights.config, series, runId);
  } finally {
    model.dispose();
  }
}

/** One zip with the three files in `folder/`, so unpacking it gives the project's folder. */
export function zipExport(files: PytorchExportFiles, folder: string, mtime: Date = ZIP_EPOCH): Uint8Array {
  const entries: Zippable = {};
  for (const name of EXPORT_FILE_NAMES) entries[`${folder}/${name}`] = [files[name], { level: name === "weights.npz" ? 0 : 6 }];
  return zipSync(entries, { mtime });
}
