/**
 * Supervised windows from one series, as in the seed lesson: window i is series[i : i + w], its target
 * series[i + w]. Stored flat (row-major [count, w]) so they move into a tensor or a worker without copying.
 */
import { shuffled, type Rng } from "@/lib/random";

export class InvalidDataError extends Error {
  override name = "InvalidDataError";
}

export interface Windows {
  /** Row-major [count, window]. */
  inputs: Float32Array;
  /** [count] */
  targets: Float32Array;
  count: number;
  window: number;
}

export function assertFiniteSeries(series: ArrayLike<number>): void {
  for (let i = 0; i < series.length; i++) {
    if (!Number.isFinite(series[i])) {
      throw new InvalidDataError(`series value at index ${i} is ${series[i]}; every value must be a finite number`);
    }
  }
}

export function makeWindows(series: ArrayLike<number>, window: number): Windows {
  if (!Number.isInteger(window) || window < 1) {
    throw new InvalidDataError(`window must be a positive integer, got ${window}`);
  }
  if (window >= series.length) {
    throw new InvalidDataError(
      `window ${window} is too long for a series of ${series.length} points: it needs at least ${window + 1} points (the window and the value to predict)`,
    );
  }
  assertFiniteSeries(series);
  const count = series.length - window;
  const inputs = new Float32Array(count * window);
  const targets = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < window; j++) inputs[i * window + j] = series[i + j] as number;
    targets[i] = series[i + window] as number;
  }
  return { inputs, targets, count, window };
}

export interface WindowSplit {
  /** Window indices used for training, in time order. */
  train: number[];
  /** Window indices held out for validation: the latest windows, so validation never looks back into training's future. */
  validation: number[];
}

/** How many of `count` windows a validation fraction holds out (at least one when the fraction is positive). */
export function validationCount(count: number, validationFraction: number): number {
  if (validationFraction <= 0) return 0;
  return Math.max(1, Math.round(count * validationFraction));
}

/**
 * Chronological split: the last windows are the validation set. Windows overlap, so a random split would let
 * the model train on windows that contain its validation targets.
 */
export function splitWindows(count: number, validationFraction: number): WindowSplit {
  if (!(validationFraction >= 0 && validationFraction < 1)) {
    throw new InvalidDataError(`validation fraction must be in [0, 1), got ${validationFraction}`);
  }
  const nValidation = validationCount(count, validationFraction);
  const nTrain = count - nValidation;
  if (nTrain < 1) {
    throw new InvalidDataError(`a validation fraction of ${validationFraction} leaves no training window out of ${count}`);
  }
  const all = Array.from({ length: count }, (_, i) => i);
  return { train: all.slice(0, nTrain), validation: all.slice(nTrain) };
}

/**
 * One epoch's mini-batches: the indices shuffled with the run's generator, then cut in order into batches of
 * `batchSize` with a smaller last batch (PyTorch's DataLoader with shuffle=True, drop_last=False).
 */
export function shuffledBatches(indices: readonly number[], batchSize: number, rng: Rng): number[][] {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new InvalidDataError(`batch size must be a positive integer, got ${batchSize}`);
  }
  const order = shuffled(indices, rng);
  const batches: number[][] = [];
  for (let i = 0; i < order.length; i += batchSize) batches.push(order.slice(i, i + batchSize));
  return batches;
}
