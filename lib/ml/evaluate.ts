/**
 * Evaluation without the training loop: the Playground's validation loss and rollout pictures, and the server
 * scoring uploaded weights on data the student never saw, use these same functions.
 */
import * as tf from "@tensorflow/tfjs";
import { assertFiniteSeries, InvalidDataError, type Windows } from "@/lib/data/windows";
import type { RecurrentModel } from "./model";
import { gatherBatch, windowTensors } from "./training";

/** Windows per forward pass when evaluating, to bound memory on long series. */
const EVAL_CHUNK = 512;

/** Mean squared error of next-value predictions on the given windows (all of them by default). */
export function oneStepMse(model: RecurrentModel, windows: Windows, indices?: readonly number[]): number {
  const rows = indices ?? Array.from({ length: windows.count }, (_, i) => i);
  if (rows.length === 0) throw new InvalidDataError("cannot evaluate on zero windows");
  const data = windowTensors(windows);
  try {
    let sum: tf.Tensor = tf.scalar(0);
    for (let start = 0; start < rows.length; start += EVAL_CHUNK) {
      const next = tf.tidy(() => {
        const { x, y } = gatherBatch(data, rows.slice(start, start + EVAL_CHUNK));
        return tf.add(sum, tf.sum(tf.squaredDifference(model.predict(x), y)));
      });
      sum.dispose();
      sum = next;
    }
    // One read at the end: on GPU backends each read stalls the pipeline.
    const total = sum.dataSync()[0] as number;
    sum.dispose();
    return total / rows.length;
  } finally {
    tf.dispose([data.inputs, data.targets]);
  }
}

/** The one-step prediction for every window, in order (what `oneStepMse` scores). */
export function predictWindows(model: RecurrentModel, windows: Windows): Float32Array {
  const out = new Float32Array(windows.count);
  const data = windowTensors(windows);
  try {
    for (let start = 0; start < windows.count; start += EVAL_CHUNK) {
      const rows = Array.from({ length: Math.min(EVAL_CHUNK, windows.count - start) }, (_, i) => start + i);
      out.set(tf.tidy(() => model.predict(gatherBatch(data, rows).x).dataSync() as Float32Array), start);
    }
    return out;
  } finally {
    tf.dispose([data.inputs, data.targets]);
  }
}

/**
 * The seed's "Correct vs Predicted" picture: start from the last `window` values of `context`, predict the next
 * value, append it, slide the window, `steps` times. Returns only the predicted values.
 */
export function rollout(model: RecurrentModel, context: ArrayLike<number>, window: number, steps: number): Float32Array {
  if (!Number.isInteger(steps) || steps < 0) throw new InvalidDataError(`rollout steps must be a non-negative integer, got ${steps}`);
  if (context.length < window) {
    throw new InvalidDataError(`rollout needs at least ${window} context values (the window), got ${context.length}`);
  }
  assertFiniteSeries(context);
  const start = Array.from(context).slice(context.length - window);
  let current = tf.tensor3d(start, [1, window, 1]);
  const predictions: tf.Tensor2D[] = [];
  try {
    for (let s = 0; s < steps; s++) {
      const [y, nextWindow] = tf.tidy(() => {
        const prediction = model.predict(current);
        // The window slides: drop the oldest value, append the prediction (kept on the device, no read per step).
        const slid = tf.concat([current.slice([0, 1, 0], [1, window - 1, 1]), prediction.reshape([1, 1, 1])], 1) as tf.Tensor3D;
        return [prediction, slid] as const;
      });
      current.dispose();
      current = nextWindow;
      predictions.push(y);
    }
    if (predictions.length === 0) return new Float32Array(0);
    return tf.tidy(() => tf.concat(predictions, 0).dataSync() as Float32Array);
  } finally {
    current.dispose();
    tf.dispose(predictions);
  }
}

export function meanSquaredError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length || a.length === 0) throw new InvalidDataError(`cannot compare ${a.length} values with ${b.length}`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += ((a[i] as number) - (b[i] as number)) ** 2;
  return sum / a.length;
}

export interface RolloutResult {
  predicted: Float32Array;
  mse: number;
}

/** Rolls out as many steps as `truth` has values after `context`, and scores them against `truth`. */
export function rolloutMse(model: RecurrentModel, context: ArrayLike<number>, truth: ArrayLike<number>, window: number): RolloutResult {
  assertFiniteSeries(truth);
  const predicted = rollout(model, context, window, truth.length);
  return { predicted, mse: meanSquaredError(predicted, truth) };
}
