/**
 * The kernels beyond the fixture's shapes: odd batch sizes and hidden sizes (SIMD tails), 1–3 stacked layers,
 * hidden 1…256, one step or many. Forward values are checked against the float64 equations; gradients of every
 * parameter and of the input against tfjs autodiff of the per-step formulation, and against central differences of
 * the float64 equations along a random direction.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { GATE_COUNT, type CellType, type RecurrentLayerFn, type RecurrentLayerParams, type RecurrentLayerSpec } from "@/lib/ml/recurrent";
import { plainOpsLayer, referenceForward, type Params64 } from "./support/reference";
import { relativeMaxError } from "./support/seedModel";
import { kernelVariantsUnderTest } from "./support/variants";

interface Shape {
  cell: CellType;
  relu?: boolean;
  batch: number;
  steps: number;
  inputSize: number;
  hidden: number;
  layers: number;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const chosen: Shape[] = [
  { cell: "RNN", batch: 1, steps: 1, inputSize: 1, hidden: 1, layers: 1 },
  { cell: "LSTM", batch: 1, steps: 1, inputSize: 1, hidden: 1, layers: 1 },
  { cell: "GRU", batch: 1, steps: 2, inputSize: 1, hidden: 1, layers: 1 },
  { cell: "RNN", relu: true, batch: 5, steps: 7, inputSize: 3, hidden: 9, layers: 3 },
  { cell: "LSTM", batch: 2, steps: 3, inputSize: 4, hidden: 256, layers: 1 },
  { cell: "GRU", batch: 3, steps: 4, inputSize: 2, hidden: 130, layers: 2 },
  { cell: "RNN", batch: 9, steps: 5, inputSize: 20, hidden: 256, layers: 1 },
];
const random = mulberry32(2024);
const pick = <T,>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
const drawn: Shape[] = Array.from({ length: 9 }, () => ({
  cell: pick<CellType>(["RNN", "LSTM", "GRU"]),
  relu: random() < 0.5,
  batch: 1 + Math.floor(random() * 10),
  steps: 1 + Math.floor(random() * 12),
  inputSize: 1 + Math.floor(random() * 20),
  hidden: pick([2, 3, 5, 8, 13, 17, 31, 33, 64]),
  layers: 1 + Math.floor(random() * 3),
}));
const shapes = [...chosen, ...drawn].map((s) => ({
  ...s,
  name: `${s.cell}${s.cell === "RNN" && s.relu ? " relu" : ""} B${s.batch} T${s.steps} I${s.inputSize} H${s.hidden} ×${s.layers}`,
}));

function specOf(s: Shape, layer: number): RecurrentLayerSpec {
  return { cell: s.cell, nonlinearity: s.relu ? "relu" : "tanh", inputSize: layer === 0 ? s.inputSize : s.hidden, hiddenSize: s.hidden };
}

/** Float32-representable values, so the float64 oracle sees exactly what the kernels see. */
function uniform(size: number, bound: number, rnd: () => number): Float64Array {
  return Float64Array.from({ length: size }, () => Math.fround((2 * rnd() - 1) * bound));
}

function makeProblem(s: Shape, seed: number) {
  const rnd = mulberry32(seed);
  const params: Params64[] = Array.from({ length: s.layers }, (_, l) => {
    const N = GATE_COUNT[s.cell] * s.hidden;
    const I = specOf(s, l).inputSize;
    const bound = 1 / Math.sqrt(s.hidden);
    return {
      weightIh: uniform(N * I, bound, rnd),
      weightHh: uniform(N * s.hidden, bound, rnd),
      biasIh: uniform(N, bound, rnd),
      biasHh: uniform(N, bound, rnd),
    };
  });
  const x = uniform(s.batch * s.steps * s.inputSize, 1, rnd);
  // The loss is Σ out ⊙ weights: every output element gets its own upstream gradient.
  const lossWeights = uniform(s.batch * s.steps * s.hidden, 1, rnd);
  const direction = { params: params.map((p) => mapParams(p, (a) => uniform(a.length, 1, rnd))), x: uniform(x.length, 1, rnd) };
  return { params, x, lossWeights, direction };
}

function mapParams<A, B>(p: RecurrentLayerParams<A>, f: (a: A, key: keyof RecurrentLayerParams<A>) => B): RecurrentLayerParams<B> {
  return { weightIh: f(p.weightIh, "weightIh"), weightHh: f(p.weightHh, "weightHh"), biasIh: f(p.biasIh, "biasIh"), biasHh: f(p.biasHh, "biasHh") };
}

function reference(s: Shape, params: Params64[], x: Float64Array): Float64Array {
  let h = x;
  params.forEach((p, l) => (h = referenceForward(h, s.batch, s.steps, p, specOf(s, l))));
  return h;
}

function referenceLoss(s: Shape, params: Params64[], x: Float64Array, w: Float64Array): number {
  const out = reference(s, params, x);
  let sum = 0;
  for (let i = 0; i < out.length; i++) sum += out[i]! * w[i]!;
  return sum;
}

/** Output and the gradients of Σ out ⊙ w with respect to x and every parameter, for a layer implementation. */
function run(layer: RecurrentLayerFn, s: Shape, problem: ReturnType<typeof makeProblem>) {
  return tf.tidy(() => {
    const params = problem.params.map((p) => mapParams(p, (a, key) => tf.tensor(Float32Array.from(a), shapeOf(s, key, p === problem.params[0]))));
    const x = tf.tensor3d(Float32Array.from(problem.x), [s.batch, s.steps, s.inputSize]);
    const w = tf.tensor3d(Float32Array.from(problem.lossWeights), [s.batch, s.steps, s.hidden]);
    const flat = [x, ...params.flatMap((p) => [p.weightIh, p.weightHh, p.biasIh, p.biasHh])];
    const forward = (...inputs: tf.Tensor[]) => {
      let h = inputs[0] as tf.Tensor3D;
      for (let l = 0; l < s.layers; l++) {
        const [weightIh, weightHh, biasIh, biasHh] = inputs.slice(1 + 4 * l, 5 + 4 * l);
        h = layer(h, { weightIh: weightIh!, weightHh: weightHh!, biasIh: biasIh!, biasHh: biasHh! }, specOf(s, l));
      }
      return h;
    };
    const out = forward(...flat).dataSync();
    const grads = tf.grads((...inputs: tf.Tensor[]) => tf.sum(tf.mul(forward(...inputs), w)))(flat);
    return { out, grads: grads.map((g) => g.dataSync()) };
  });
}

function shapeOf(s: Shape, key: keyof Params64, first: boolean): number[] {
  const N = GATE_COUNT[s.cell] * s.hidden;
  const I = first ? s.inputSize : s.hidden;
  return key === "weightIh" ? [N, I] : key === "weightHh" ? [N, s.hidden] : [N];
}

describe.each(await kernelVariantsUnderTest())("fused kernels ($variant) on random shapes", ({ runner }) => {
  beforeAll(async () => {
    await tf.setBackend("cpu");
  });

  it.each(shapes.map((s, i) => ({ ...s, seed: 100 + i })))("$name", (s) => {
    const problem = makeProblem(s, s.seed);
    const fused = run(runner.layer, s, problem);
    const plain = run(plainOpsLayer, s, problem);

    expect(relativeMaxError(fused.out, reference(s, problem.params, problem.x))).toBeLessThanOrEqual(1e-5);

    const names = ["x", ...problem.params.flatMap((_, l) => [`weightIh${l}`, `weightHh${l}`, `biasIh${l}`, `biasHh${l}`])];
    fused.grads.forEach((g, i) => {
      expect(relativeMaxError(g, plain.grads[i]!), `d${names[i]} vs tfjs autodiff`).toBeLessThanOrEqual(1e-4);
    });

    // Central difference of the float64 loss along the random direction vs the kernels' gradient · direction.
    const eps = 1e-6;
    const step = (sign: number) => {
      const shifted = problem.params.map((p, l) => mapParams(p, (a, key) => a.map((v, i) => v + sign * eps * problem.direction.params[l]![key][i]!)));
      const x = problem.x.map((v, i) => v + sign * eps * problem.direction.x[i]!);
      return referenceLoss(s, shifted, x, problem.lossWeights);
    };
    const numeric = (step(1) - step(-1)) / (2 * eps);
    const directions = [problem.direction.x, ...problem.direction.params.flatMap((p) => [p.weightIh, p.weightHh, p.biasIh, p.biasHh])];
    let analytic = 0;
    let magnitude = 0;
    fused.grads.forEach((g, i) => {
      for (let k = 0; k < g.length; k++) {
        analytic += g[k]! * directions[i]![k]!;
        magnitude += Math.abs(g[k]! * directions[i]![k]!);
      }
    });
    expect(Math.abs(analytic - numeric)).toBeLessThanOrEqual(1e-4 * Math.max(magnitude, 1e-3));
  });
});
