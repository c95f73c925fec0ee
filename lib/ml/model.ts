/**
 * The seed lesson's model: stacked recurrent layers (PyTorch `nn.RNN`/`nn.LSTM`/`nn.GRU`, batch_first) and
 * `nn.Linear(hidden, 1)` on the last time step. Parameters are `tf.Variable`s keyed by PyTorch's names
 * (`rnn.weight_ih_l0`, …, `output.weight`, `output.bias`), so PyTorch weights load by name and tfjs optimisers
 * update them. The recurrent layer implementation is a parameter: plain ops or a fused kernel, same numbers.
 */
import * as tf from "@tensorflow/tfjs";
import { createRng, deriveSeed } from "@/lib/random";
import type { ModelConfig } from "./config";
import { lastTimeStep, linearMseLoss, usesFusedOps } from "./kernels/index";
import { GATE_COUNT, type RecurrentLayerFn, type RecurrentLayerParams } from "./recurrent";

/** Univariate series: one value per time step. */
export const INPUT_SIZE = 1;

export interface ParamSpec {
  name: string;
  shape: number[];
}

/** PyTorch's `named_parameters()` order and shapes for this architecture. */
export function parameterSpecs(config: ModelConfig): ParamSpec[] {
  const gateRows = GATE_COUNT[config.cell] * config.hidden;
  const specs: ParamSpec[] = [];
  for (let l = 0; l < config.layers; l++) {
    const inputSize = l === 0 ? INPUT_SIZE : config.hidden;
    specs.push(
      { name: `rnn.weight_ih_l${l}`, shape: [gateRows, inputSize] },
      { name: `rnn.weight_hh_l${l}`, shape: [gateRows, config.hidden] },
      { name: `rnn.bias_ih_l${l}`, shape: [gateRows] },
      { name: `rnn.bias_hh_l${l}`, shape: [gateRows] },
    );
  }
  specs.push({ name: "output.weight", shape: [1, config.hidden] }, { name: "output.bias", shape: [1] });
  return specs;
}

export const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

export function describeArchitecture(config: ModelConfig): string {
  const cell = config.cell === "RNN" ? `RNN (${config.nonlinearity})` : config.cell;
  return `${config.layers}-layer ${cell} with hidden size ${config.hidden}`;
}

export class WeightShapeError extends Error {
  override name = "WeightShapeError";
}

/** Plain copies of parameter values keyed by PyTorch name. */
export type ParamValues = Record<string, Float32Array>;

export interface RecurrentModel {
  readonly config: ModelConfig;
  /** Parameters keyed by PyTorch name, in PyTorch's order. */
  readonly params: ReadonlyMap<string, tf.Variable>;
  /** x [B, T, 1] → next-value predictions [B, 1]. */
  predict(x: tf.Tensor3D): tf.Tensor2D;
  /**
   * PyTorch's `nn.MSELoss()` of the predictions for x against y [B, 1]. On the cpu and wasm backends head and loss
   * are one fused op (lib/ml/kernels/fusedHead), elsewhere the same formula in tfjs ops.
   */
  loss(x: tf.Tensor3D, y: tf.Tensor2D): tf.Scalar;
  /** Copies of the current parameter values. */
  readParams(): ParamValues;
  /**
   * Replaces every parameter. All names and sizes are checked before anything is assigned, so a bad set of
   * values leaves the model as it was.
   */
  writeParams(values: Readonly<Record<string, ArrayLike<number>>>): void;
  dispose(): void;
}

/** Checks that `values` holds exactly this architecture's parameters with the right sizes and finite values. */
export function checkParamValues(config: ModelConfig, values: Readonly<Record<string, ArrayLike<number>>>): void {
  const specs = parameterSpecs(config);
  const expected = new Set(specs.map((s) => s.name));
  const unknown = Object.keys(values).filter((name) => !expected.has(name));
  if (unknown.length > 0) {
    throw new WeightShapeError(`unexpected parameters for a ${describeArchitecture(config)}: ${unknown.join(", ")}`);
  }
  for (const { name, shape } of specs) {
    const value = values[name];
    if (value === undefined) throw new WeightShapeError(`missing parameter ${name} for a ${describeArchitecture(config)}`);
    if (value.length !== sizeOf(shape)) {
      throw new WeightShapeError(`parameter ${name} has ${value.length} values, a ${describeArchitecture(config)} needs ${sizeOf(shape)} ([${shape.join(", ")}])`);
    }
    for (let i = 0; i < value.length; i++) {
      if (!Number.isFinite(value[i])) throw new WeightShapeError(`parameter ${name} holds a non-finite value (${value[i]}) at ${i}`);
    }
  }
}

/** tfjs variable names are global to the engine; a per-model prefix lets several models live side by side. */
let modelCounter = 0;

export interface CreateModelOptions {
  layer: RecurrentLayerFn;
  /** Seed of PyTorch's default initialisation, U(-1/√hidden, 1/√hidden) for every parameter. */
  seed?: number;
  /** Start from these values instead (checked like `writeParams`). */
  initialValues?: Readonly<Record<string, ArrayLike<number>>>;
}

/**
 * PyTorch's default initialisation for this model: every recurrent parameter U(-1/√hidden, 1/√hidden), and
 * nn.Linear's kaiming_uniform(a=√5) weight and bias, which with fan_in = hidden is the same bound.
 * Drawn in `named_parameters()` order from our seeded generator.
 */
export function initialParamValues(config: ModelConfig, seed: number): ParamValues {
  const rng = createRng(deriveSeed(seed, "init"));
  const bound = 1 / Math.sqrt(config.hidden);
  const values: ParamValues = {};
  for (const { name, shape } of parameterSpecs(config)) {
    const data = new Float32Array(sizeOf(shape));
    for (let i = 0; i < data.length; i++) data[i] = rng.uniform(-bound, bound);
    values[name] = data;
  }
  return values;
}

export function createModel(config: ModelConfig, options: CreateModelOptions): RecurrentModel {
  const specs = parameterSpecs(config);
  const initial = options.initialValues ?? initialParamValues(config, options.seed ?? 0);
  checkParamValues(config, initial);
  const prefix = `model${++modelCounter}/`;
  const params = new Map<string, tf.Variable>();
  for (const { name, shape } of specs) {
    // Inside tidy: tf.variable keeps its own reference, so the initial tensor must not outlive it.
    const values = Float32Array.from(initial[name] as ArrayLike<number>);
    params.set(name, tf.tidy(() => tf.variable(tf.tensor(values, shape, "float32"), true, prefix + name)));
  }
  const get = (name: string) => params.get(name) as tf.Variable;
  const layerParams: RecurrentLayerParams<tf.Tensor>[] = Array.from({ length: config.layers }, (_, l) => ({
    weightIh: get(`rnn.weight_ih_l${l}`),
    weightHh: get(`rnn.weight_hh_l${l}`),
    biasIh: get(`rnn.bias_ih_l${l}`),
    biasHh: get(`rnn.bias_hh_l${l}`),
  }));
  const layer = options.layer;
  /** The top layer's last hidden state [B, H]. */
  const lastHidden = (x: tf.Tensor3D): tf.Tensor2D => {
    let h: tf.Tensor3D = x;
    layerParams.forEach((p, l) => {
      h = layer(h, p, {
        cell: config.cell,
        nonlinearity: config.nonlinearity,
        inputSize: l === 0 ? INPUT_SIZE : config.hidden,
        hiddenSize: config.hidden,
      });
    });
    // lastTimeStep copies B rows; tf.slice on the middle axis (and its gradient, a pad) costs more than a fused
    // LSTM step on the cpu backend. Both give the same numbers.
    if (usesFusedOps()) return lastTimeStep(h);
    const [batch, steps, hidden] = h.shape;
    return h.slice([0, steps - 1, 0], [batch, 1, hidden]).reshape([batch, hidden]) as tf.Tensor2D;
  };
  const head = (last: tf.Tensor2D) => tf.add(tf.matMul(last, get("output.weight") as tf.Tensor2D, false, true), get("output.bias")) as tf.Tensor2D;

  return {
    config,
    params,
    predict: (x) => tf.tidy(() => head(lastHidden(x))),
    loss: (x, y) =>
      tf.tidy(() =>
        usesFusedOps()
          ? linearMseLoss(lastHidden(x), get("output.weight") as tf.Tensor2D, get("output.bias") as tf.Tensor1D, y)
          : (tf.mean(tf.squaredDifference(head(lastHidden(x)), y)) as tf.Scalar),
      ),
    readParams: () => {
      const values: ParamValues = {};
      for (const [name, v] of params) values[name] = Float32Array.from(v.dataSync());
      return values;
    },
    writeParams: (values) => {
      checkParamValues(config, values);
      for (const { name, shape } of specs) {
        tf.tidy(() => get(name).assign(tf.tensor(Float32Array.from(values[name] as ArrayLike<number>), shape, "float32")));
      }
    },
    dispose: () => {
      for (const v of params.values()) v.dispose();
    },
  };
}
