/**
 * Two independent oracles for the fused kernels:
 * - `referenceForward`: the PyTorch cell equations in float64, straight from the documentation, one step at a time
 *   (used for forward values and, through central differences, for gradients);
 * - `plainOpsLayer`: the same layer written with tfjs ops per time step, so tfjs's autodiff gives full gradients.
 */
import * as tf from "@tensorflow/tfjs";
import { GATE_COUNT, type RecurrentLayerFn, type RecurrentLayerSpec } from "@/lib/ml/recurrent";

export interface Params64 {
  weightIh: Float64Array;
  weightHh: Float64Array;
  biasIh: Float64Array;
  biasHh: Float64Array;
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** x [B][T][I] → [B][T][H], float64. */
export function referenceForward(x: Float64Array, batch: number, steps: number, p: Params64, spec: RecurrentLayerSpec): Float64Array {
  const { cell, inputSize: I, hiddenSize: H } = spec;
  const N = GATE_COUNT[cell] * H;
  const out = new Float64Array(batch * steps * H);
  for (let b = 0; b < batch; b++) {
    let h = new Float64Array(H);
    let c = new Float64Array(H);
    for (let t = 0; t < steps; t++) {
      const xi = new Float64Array(N);
      const hh = new Float64Array(N);
      for (let n = 0; n < N; n++) {
        let si = p.biasIh[n]!;
        for (let k = 0; k < I; k++) si += p.weightIh[n * I + k]! * x[(b * steps + t) * I + k]!;
        let sh = p.biasHh[n]!;
        for (let k = 0; k < H; k++) sh += p.weightHh[n * H + k]! * h[k]!;
        xi[n] = si;
        hh[n] = sh;
      }
      const next = new Float64Array(H);
      const nextC = new Float64Array(H);
      for (let j = 0; j < H; j++) {
        if (cell === "RNN") {
          const v = xi[j]! + hh[j]!;
          next[j] = spec.nonlinearity === "relu" ? Math.max(0, v) : Math.tanh(v);
        } else if (cell === "LSTM") {
          const i = sigmoid(xi[j]! + hh[j]!);
          const f = sigmoid(xi[H + j]! + hh[H + j]!);
          const g = Math.tanh(xi[2 * H + j]! + hh[2 * H + j]!);
          const o = sigmoid(xi[3 * H + j]! + hh[3 * H + j]!);
          nextC[j] = f * c[j]! + i * g;
          next[j] = o * Math.tanh(nextC[j]!);
        } else {
          const r = sigmoid(xi[j]! + hh[j]!);
          const z = sigmoid(xi[H + j]! + hh[H + j]!);
          const n = Math.tanh(xi[2 * H + j]! + r * hh[2 * H + j]!);
          next[j] = (1 - z) * n + z * h[j]!;
        }
      }
      h = next;
      c = nextC;
      out.set(h, (b * steps + t) * H);
    }
  }
  return out;
}

/** The layer in tfjs ops, one step at a time (the formulation the fused op replaces). */
export const plainOpsLayer: RecurrentLayerFn = (x, params, spec) =>
  tf.tidy(() => {
    const { cell, hiddenSize: H } = spec;
    const [batch, steps] = x.shape;
    const wihT = tf.transpose(params.weightIh);
    const whhT = tf.transpose(params.weightHh);
    let h: tf.Tensor2D = tf.zeros([batch, H]);
    let c: tf.Tensor2D = tf.zeros([batch, H]);
    const outs: tf.Tensor2D[] = [];
    for (let t = 0; t < steps; t++) {
      const xt = tf.reshape(tf.slice(x, [0, t, 0], [batch, 1, spec.inputSize]), [batch, spec.inputSize]);
      const xi = tf.add(tf.matMul(xt, wihT), params.biasIh) as tf.Tensor2D;
      const hh = tf.add(tf.matMul(h, whhT), params.biasHh) as tf.Tensor2D;
      if (cell === "RNN") {
        const v = tf.add(xi, hh);
        h = (spec.nonlinearity === "relu" ? tf.relu(v) : tf.tanh(v)) as tf.Tensor2D;
      } else if (cell === "LSTM") {
        const g = tf.split(tf.add(xi, hh), 4, 1);
        c = tf.add(tf.mul(tf.sigmoid(g[1]!), c), tf.mul(tf.sigmoid(g[0]!), tf.tanh(g[2]!)));
        h = tf.mul(tf.sigmoid(g[3]!), tf.tanh(c));
      } else {
        const gi = tf.split(xi, 3, 1);
        const gh = tf.split(hh, 3, 1);
        const r = tf.sigmoid(tf.add(gi[0]!, gh[0]!));
        const z = tf.sigmoid(tf.add(gi[1]!, gh[1]!));
        const n = tf.tanh(tf.add(gi[2]!, tf.mul(r, gh[2]!)));
        h = tf.add(tf.mul(tf.sub(1, z), n), tf.mul(z, h));
      }
      outs.push(h);
    }
    return tf.stack(outs, 1) as tf.Tensor3D;
  });
