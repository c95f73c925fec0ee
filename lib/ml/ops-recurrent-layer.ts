/**
 * The reference implementation of a recurrent layer: PyTorch's RNN, LSTM and GRU equations written with plain
 * tfjs ops, so tfjs autodiff gives backpropagation through time for free. It follows the arithmetic of
 * PyTorch's CPU cells (aten/src/ATen/native/RNN.cpp) — the input projections of all time steps first, then
 * per step `W_hh h` added to them, gates in PyTorch's order and formulas — which keeps float32 results within
 * rounding of PyTorch (the parity test checks it).
 *
 * Inside the layer everything is feature-major ([features, batch], time outermost): per-step and per-gate
 * pieces are then contiguous row blocks, which the `cpu` backend slices as views, while slicing a column block
 * of [batch, features] goes element by element there (several times slower end to end). It still costs a few
 * ops per time step, which is what the fused kernels (lib/ml/kernels) replace.
 */
import * as tf from "@tensorflow/tfjs";
import { GATE_COUNT, type RecurrentLayerFn, type RecurrentLayerParams, type RecurrentLayerSpec } from "./recurrent";

/**
 * One time step: input gates [G*H, B] (input projection plus the biases folded into it) and the previous hidden
 * state [H, B] (null at t = 0) → new hidden state [H, B].
 */
type Step = (inputGates: tf.Tensor2D, hPrev: tf.Tensor2D | null) => tf.Tensor2D;

const recurrentGates = (params: RecurrentLayerParams<tf.Tensor>, hPrev: tf.Tensor2D): tf.Tensor2D =>
  tf.matMul(params.weightHh as tf.Tensor2D, hPrev);

function rnnStep(params: RecurrentLayerParams<tf.Tensor>, spec: RecurrentLayerSpec): Step {
  const activate = spec.nonlinearity === "relu" ? (t: tf.Tensor2D) => tf.relu(t) : (t: tf.Tensor2D) => tf.tanh(t);
  // From the zero initial state the recurrent term is zero: skip a matmul by zeros.
  return (inputGates, hPrev) => activate(hPrev === null ? inputGates : tf.add(recurrentGates(params, hPrev), inputGates));
}

function lstmStep(params: RecurrentLayerParams<tf.Tensor>): Step {
  let c: tf.Tensor2D | null = null;
  return (inputGates, hPrev) => {
    const gates = hPrev === null ? inputGates : tf.add(recurrentGates(params, hPrev), inputGates);
    const [i, f, g, o] = tf.split(gates, 4, 0) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    const inGate = tf.sigmoid(i);
    const cellGate = tf.tanh(g);
    // c starts at zero, so the forget gate has nothing to forget at the first step.
    const cNext: tf.Tensor2D =
      c === null ? tf.mul(inGate, cellGate) : tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(inGate, cellGate));
    c = cNext;
    return tf.mul(tf.sigmoid(o), tf.tanh(cNext));
  };
}

function gruStep(params: RecurrentLayerParams<tf.Tensor>, hidden: number): Step {
  // b_hn stays inside the reset product, so it is the one bias not folded into the input gates.
  const biasHn = params.biasHh.slice([2 * hidden], [hidden]).reshape([hidden, 1]) as tf.Tensor2D;
  return (inputGates, hPrev) => {
    const [ir, iz, inn] = tf.split(inputGates, 3, 0) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    let reset: tf.Tensor2D, update: tf.Tensor2D, hn: tf.Tensor2D;
    if (hPrev === null) {
      [reset, update, hn] = [tf.sigmoid(ir), tf.sigmoid(iz), biasHn];
    } else {
      const [hr, hz, whn] = tf.split(recurrentGates(params, hPrev), 3, 0) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      reset = tf.sigmoid(tf.add<tf.Tensor2D>(hr, ir));
      update = tf.sigmoid(tf.add<tf.Tensor2D>(hz, iz));
      hn = tf.add<tf.Tensor2D>(whn, biasHn);
    }
    // Reset after the matmul: r scales (W_hn h + b_hn), PyTorch's form; tfjs's own GRU applies r before it.
    const candidate = tf.tanh(tf.add(inn, tf.mul(hn, reset)));
    // h' = (1 - z) n + z h, computed as PyTorch does: (h - n) z + n; from the zero state that is n - n z exactly.
    if (hPrev === null) return tf.sub(candidate, tf.mul(candidate, update));
    return tf.add(tf.mul(tf.sub(hPrev, candidate), update), candidate);
  };
}

/**
 * The biases added to the input projections once for all time steps, instead of a broadcast add (and, in the
 * backward pass, a reduction) per step: b_ih + b_hh, except GRU's b_hn, which must stay inside r * (…).
 */
function foldedBias(params: RecurrentLayerParams<tf.Tensor>, spec: RecurrentLayerSpec): tf.Tensor2D {
  const h = spec.hiddenSize;
  const recurrent =
    spec.cell === "GRU"
      ? tf.concat([params.biasHh.slice([0], [2 * h]), tf.zeros([h])])
      : params.biasHh;
  return tf.add(params.biasIh, recurrent).reshape([-1, 1]);
}

export const opsRecurrentLayer: RecurrentLayerFn = (x, params, spec) =>
  tf.tidy(() => {
    const [batch, steps, inputSize] = x.shape;
    const gateRows = GATE_COUNT[spec.cell] * spec.hiddenSize;
    // Input projections of every time step in one matmul: W_ih [G*H, I] × x as [I, T*B], plus the biases.
    const xFeatureMajor = tf.transpose(x, [2, 1, 0]).reshape([inputSize, steps * batch]) as tf.Tensor2D;
    const projected = tf
      .add(tf.matMul(params.weightIh as tf.Tensor2D, xFeatureMajor), foldedBias(params, spec))
      .reshape([gateRows, steps, batch]);
    const inputGates = tf.unstack(tf.transpose(projected, [1, 0, 2]), 0) as tf.Tensor2D[];
    const step = spec.cell === "RNN" ? rnnStep(params, spec) : spec.cell === "LSTM" ? lstmStep(params) : gruStep(params, spec.hiddenSize);
    const outputs: tf.Tensor2D[] = [];
    let h: tf.Tensor2D | null = null;
    for (const gates of inputGates) {
      h = step(gates, h);
      outputs.push(h);
    }
    // [T, H, B] → the contract's [B, T, H].
    return tf.transpose(tf.stack(outputs, 0), [2, 0, 1]) as tf.Tensor3D;
  });
