/**
 * The seed experiment composed around a recurrent layer implementation, as small as it can be: stacked layers, a
 * linear head on the last step, MSE, plain SGD (tfjs's optimiser, so parameters stay tf.Variables). Until the
 * engine's model lands this is how the kernels are checked against the PyTorch fixture.
 */
import { readFileSync } from "node:fs";
import * as tf from "@tensorflow/tfjs";
import type { CellType, Nonlinearity, RecurrentLayerFn, RecurrentLayerParams, RecurrentLayerSpec } from "@/lib/ml/recurrent";

export interface FixtureCase {
  cell: CellType;
  hidden: number;
  layers: number;
  nonlinearity?: Nonlinearity;
  initial_params: Record<string, { shape: number[]; values: number[] }>;
  predictions_at_init_first4: number[];
  first_batch_loss_at_init: number;
  first_batch_grads_at_init: Record<string, number[]>;
  loss_per_step: number[];
  final_params: Record<string, number[]>;
  mse_all_windows_after_training: number;
  rollout_after_training: number[];
}

export interface Fixture {
  series: number[];
  window: number;
  batch_size: number;
  learning_rate: number;
  batches: number[][];
  cases: FixtureCase[];
}

export function loadFixture(): Fixture {
  const path = process.env.PARITY_FIXTURE ?? new URL("../../../fixtures/torch-seed-reference.json", import.meta.url);
  return JSON.parse(readFileSync(path, "utf8")) as Fixture;
}

export interface SeedModel {
  layers: { params: RecurrentLayerParams<tf.Variable>; spec: RecurrentLayerSpec }[];
  headWeight: tf.Variable;
  headBias: tf.Variable;
  /** Every variable under its PyTorch name. */
  named: Record<string, tf.Variable>;
}

export function buildSeedModel(c: FixtureCase): SeedModel {
  const named: Record<string, tf.Variable> = {};
  for (const [name, p] of Object.entries(c.initial_params)) {
    const initial = tf.tensor(p.values, p.shape, "float32");
    named[name] = tf.variable(initial, true, `${name}-${Math.random()}`);
    initial.dispose();
  }
  const layers = Array.from({ length: c.layers }, (_, l) => ({
    params: {
      weightIh: named[`rnn.weight_ih_l${l}`]!,
      weightHh: named[`rnn.weight_hh_l${l}`]!,
      biasIh: named[`rnn.bias_ih_l${l}`]!,
      biasHh: named[`rnn.bias_hh_l${l}`]!,
    },
    spec: {
      cell: c.cell,
      nonlinearity: c.nonlinearity ?? "tanh",
      inputSize: l === 0 ? 1 : c.hidden,
      hiddenSize: c.hidden,
    },
  }));
  return { layers, headWeight: named["output.weight"]!, headBias: named["output.bias"]!, named };
}

export function disposeModel(m: SeedModel): void {
  for (const v of Object.values(m.named)) v.dispose();
}

/** [B, T, 1] → [B, 1]: the prediction for the next value of each window. */
export function predict(m: SeedModel, layer: RecurrentLayerFn, x: tf.Tensor3D): tf.Tensor2D {
  let h: tf.Tensor3D = x;
  for (const { params, spec } of m.layers) h = layer(h, params, spec);
  const [batch, steps, hidden] = h.shape;
  const last = tf.reshape(tf.slice(h, [0, steps - 1, 0], [batch, 1, hidden]), [batch, hidden]);
  return tf.add(tf.matMul(last, m.headWeight, false, true), m.headBias);
}

export function mse(prediction: tf.Tensor, target: tf.Tensor): tf.Scalar {
  return tf.mean(tf.square(tf.sub(prediction, target)));
}

/** Windows of the series and their next values, as the fixture's batches index them. */
export function windows(f: Fixture): { x: number[][]; y: number[] } {
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i + f.window < f.series.length; i++) {
    x.push(f.series.slice(i, i + f.window));
    y.push(f.series[i + f.window]!);
  }
  return { x, y };
}

export function batchTensors(f: Fixture, rows: number[]): { x: tf.Tensor3D; y: tf.Tensor2D } {
  const w = windows(f);
  return {
    x: tf.tensor3d(rows.map((r) => w.x[r]!.map((v) => [v])), [rows.length, f.window, 1]),
    y: tf.tensor2d(rows.map((r) => [w.y[r]!]), [rows.length, 1]),
  };
}

/** Autoregressive rollout from the first window: each prediction becomes the newest input. */
export function rollout(m: SeedModel, layer: RecurrentLayerFn, f: Fixture, steps: number): number[] {
  const window = f.series.slice(0, f.window);
  const out: number[] = [];
  for (let i = 0; i < steps; i++) {
    const p = tf.tidy(() => predict(m, layer, tf.tensor3d([window.map((v) => [v])])).dataSync()[0]!);
    out.push(p);
    window.shift();
    window.push(p);
  }
  return out;
}

/** max|a − b| / max|b|: the fixture's relative max-norm error. */
export function relativeMaxError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i]! - expected[i]!));
    scale = Math.max(scale, Math.abs(expected[i]!));
  }
  return scale === 0 ? diff : diff / scale;
}

export function maxAbsError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff = Math.max(diff, Math.abs(actual[i]! - expected[i]!));
  return diff;
}
