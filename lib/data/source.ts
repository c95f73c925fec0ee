/**
 * The numbers a training configuration's dataset stands for. A preset is generated from its parameters anywhere;
 * an uploaded series is stored on the server, so whoever trains or scores on it (the page's worker, the CLI, the
 * scoring worker) passes the stored values in, and this turns them into the float32 series the engine uses: the
 * first `length` values, scaled with parameters computed from exactly those values.
 */
import type { DatasetConfig, UploadedDatasetConfig } from "@/lib/ml/config";
import type { RaceSeries } from "./continuation";
import { applyScaling, scalingParams, type ScalingParams } from "./scaling";
import { generateSeries } from "./series";
import { InvalidDataError } from "./windows";

/** The values an uploaded dataset's config trains on, before scaling. */
function visibleValues(dataset: UploadedDatasetConfig, stored: ArrayLike<number> | undefined): ArrayLike<number> {
  if (stored === undefined) {
    throw new InvalidDataError(`dataset ${dataset.datasetId} is an uploaded series: its values must be loaded first`);
  }
  if (stored.length < dataset.length) {
    throw new InvalidDataError(`dataset ${dataset.datasetId} has ${stored.length} values, fewer than the ${dataset.length} the configuration uses`);
  }
  return Array.prototype.slice.call(stored, 0, dataset.length) as number[];
}

/** The scaling parameters of an uploaded dataset's config (from its first `length` stored values). */
export function uploadedScaling(dataset: UploadedDatasetConfig, stored: ArrayLike<number>): ScalingParams {
  return scalingParams(dataset.scaling, visibleValues(dataset, stored));
}

/**
 * The series a dataset config trains on. `stored`: an uploaded dataset's stored values (at least `length` of them;
 * more are ignored), unused for presets.
 */
export function datasetSeries(dataset: DatasetConfig, stored?: ArrayLike<number>): Float32Array {
  if (dataset.source !== "upload") return generateSeries(dataset);
  const values = visibleValues(dataset, stored);
  return applyScaling(scalingParams(dataset.scaling, values), values);
}

/**
 * A race on uploaded data: the visible part (exactly what students train on) and the `hiddenLength` stored values
 * after it, scaled with the visible part's parameters (the hidden values never shape the scaling).
 */
export function uploadedRaceSeries(dataset: UploadedDatasetConfig, stored: ArrayLike<number>, hiddenLength: number): RaceSeries {
  if (!Number.isInteger(hiddenLength) || hiddenLength < 1 || dataset.length + hiddenLength > stored.length) {
    throw new InvalidDataError(`a hidden part of ${hiddenLength} points does not fit after ${dataset.length} of ${stored.length} stored values`);
  }
  const params = uploadedScaling(dataset, stored);
  const tail = Array.prototype.slice.call(stored, dataset.length, dataset.length + hiddenLength) as number[];
  return { visible: applyScaling(params, visibleValues(dataset, stored)), hidden: applyScaling(params, tail) };
}
