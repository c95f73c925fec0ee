/**
 * A model trained in PyTorch, brought into the app: the `.npz` that `IMPORT_SNIPPET` writes from the tutorial
 * `Model`'s `state_dict`, read and checked completely (nothing is half-loaded), its architecture inferred from the
 * arrays, and evaluated on the Playground's data exactly as a browser run is: one-step MSE on the training and
 * validation windows, and the "Correct vs Predicted" rollout from the first window.
 */
import type { TImportRunRequest } from "@/lib/api/runs";
import { toBase64 } from "@/lib/base64";
import { makeWindows, splitWindows } from "@/lib/data/windows";
import type { ModelConfig, TrainingConfig } from "../config";
import { meanSquaredError, oneStepMse, rollout } from "../evaluate";
import { createModel, type ParamValues } from "../model";
import { encodeWeights } from "../weights-format";
import type { Nonlinearity, RecurrentLayerFn } from "../recurrent";
import type { NpyArray } from "./npy";
import { decodeNpz } from "./npz";
import { inferModel, paramsFromStateDict, type InferredModel } from "./state-dict";

export { IMPORT_SNIPPET } from "./snippet";

export interface StateDictUpload {
  /** What the arrays say; an RNN's nonlinearity is the uploader's to choose. */
  inferred: InferredModel;
  arrays: ReadonlyMap<string, NpyArray>;
}

/**
 * Reads and checks an uploaded `.npz`: a zip of float arrays named and shaped as the tutorial `Model`'s
 * state_dict, all finite. Throws `NpzError` naming the problem.
 */
export function readStateDictUpload(bytes: Uint8Array): StateDictUpload {
  const arrays = decodeNpz(bytes);
  const inferred = inferModel(arrays);
  // The nonlinearity changes no name or shape: checking with either one checks the file.
  paramsFromStateDict({ ...inferred, nonlinearity: "tanh" }, arrays);
  return { inferred, arrays };
}

export function importedModel(upload: StateDictUpload, nonlinearity: Nonlinearity): { model: ModelConfig; params: ParamValues } {
  const model: ModelConfig = { ...upload.inferred, nonlinearity };
  return { model, params: paramsFromStateDict(model, upload.arrays) };
}

export interface ImportEvaluation {
  /** One-step MSE on the training windows (a browser run's final training loss, without the last epoch's updates). */
  trainMse: number;
  /** One-step MSE on the validation windows (the score of Playground runs); null when the settings hold none out. */
  valMse: number | null;
  /** The "Correct vs Predicted" rollout from the first window to the series' end, and its MSE. */
  rollout: Float32Array;
  rolloutMse: number;
}

/** Scores imported weights on a config's data (`config.model` must be the imported architecture). */
export function evaluateImport(params: ParamValues, config: TrainingConfig, series: ArrayLike<number>, layer: RecurrentLayerFn): ImportEvaluation {
  const windows = makeWindows(series, config.window);
  const split = splitWindows(windows.count, config.validationFraction);
  const model = createModel(config.model, { layer, initialValues: params });
  try {
    const predicted = rollout(model, Array.from(series).slice(0, config.window), config.window, windows.count);
    return {
      trainMse: oneStepMse(model, windows, split.train),
      valMse: split.validation.length > 0 ? oneStepMse(model, windows, split.validation) : null,
      rollout: predicted,
      rolloutMse: meanSquaredError(predicted, Array.from(series).slice(config.window)),
    };
  } finally {
    model.dispose();
  }
}

/**
 * What the Playground sends to store an import: the weights as a weight file with the config it was evaluated
 * under (the inferred architecture, the Playground's data settings), its losses and its rollout picture.
 */
export function importRunRequest(
  imported: { model: ModelConfig; params: ParamValues },
  settings: TrainingConfig,
  evaluation: ImportEvaluation,
  classroomId: string | null,
): TImportRunRequest {
  const config: TrainingConfig = { ...settings, model: imported.model };
  return {
    config,
    classroomId,
    weights: toBase64(encodeWeights(config, imported.params)),
    trainLoss: evaluation.trainMse,
    valLoss: evaluation.valMse,
    rollout: { mse: evaluation.rolloutMse, predicted: Array.from(evaluation.rollout) },
  };
}
