/**
 * The seed model's head and loss as one op: mean((last·Wᵀ + b − y)²) with its gradient in one pass. Written with
 * tfjs ops this is ~7 kernels forward and ~15 backward, each paying tfjs's fixed per-op cost (tape bookkeeping,
 * tensor tracking, the cpu backend's generic broadcasting), which at the seed's sizes outweighs the arithmetic by
 * two orders of magnitude.
 */
import * as tf from "@tensorflow/tfjs";

const linearMseOp = tf.customGrad((...args: unknown[]) => {
  const [last, weight, bias, target] = args as tf.Tensor[];
  const [batch, width] = last!.shape as [number, number];
  const outputs = weight!.shape[0]!;
  const x = last!.dataSync() as Float32Array;
  const w = weight!.dataSync() as Float32Array;
  const b = bias!.dataSync() as Float32Array;
  const y = target!.dataSync() as Float32Array;
  const count = batch * outputs;
  // Residuals rounded to float32, as the float32 ops of the unfused formulation (and PyTorch) produce them.
  const residual = new Float32Array(count);
  let sum = 0;
  for (let r = 0; r < batch; r++) {
    for (let o = 0; o < outputs; o++) {
      let p = 0;
      for (let k = 0; k < width; k++) p += x[r * width + k]! * w[o * width + k]!;
      const e = Math.fround(Math.fround(Math.fround(p) + b[o]!) - y[r * outputs + o]!);
      residual[r * outputs + o] = e;
      sum += e * e;
    }
  }
  return {
    value: tf.scalar(sum / count, "float32"),
    gradFunc: (dy: tf.Tensor) => {
      const scale = (2 * dy.dataSync()[0]!) / count;
      const dLast = new Float32Array(batch * width);
      const dWeight = new Float32Array(outputs * width);
      const dBias = new Float32Array(outputs);
      const dTarget = new Float32Array(count);
      for (let r = 0; r < batch; r++) {
        for (let o = 0; o < outputs; o++) {
          const g = Math.fround(scale * residual[r * outputs + o]!);
          dTarget[r * outputs + o] = -g;
          dBias[o] = dBias[o]! + g;
          for (let k = 0; k < width; k++) {
            dLast[r * width + k] = dLast[r * width + k]! + g * w[o * width + k]!;
            dWeight[o * width + k] = dWeight[o * width + k]! + g * x[r * width + k]!;
          }
        }
      }
      return [
        tf.tensor(dLast, last!.shape, "float32"),
        tf.tensor(dWeight, weight!.shape, "float32"),
        tf.tensor(dBias, bias!.shape, "float32"),
        tf.tensor(dTarget, target!.shape, "float32"),
      ];
    },
  };
});

/**
 * mean((last·weightᵀ + bias − target)²): last [B, H], weight [O, H] (PyTorch's nn.Linear layout), bias [O],
 * target [B, O]. Differentiable with respect to all four.
 */
export function linearMseLoss(last: tf.Tensor2D, weight: tf.Tensor2D, bias: tf.Tensor1D, target: tf.Tensor2D): tf.Scalar {
  const [batch, width] = last.shape;
  const [outputs, weightWidth] = weight.shape;
  if (weightWidth !== width) throw new Error(`head weight must be [outputs, ${width}], got [${weight.shape}]`);
  if (bias.shape[0] !== outputs) throw new Error(`head bias must be [${outputs}], got [${bias.shape}]`);
  if (target.shape[0] !== batch || target.shape[1] !== outputs) {
    throw new Error(`target must be [${batch}, ${outputs}], got [${target.shape}]`);
  }
  for (const t of [last, weight, bias, target]) {
    if (t.dtype !== "float32") throw new Error(`linearMseLoss expects float32 tensors, got ${t.dtype}`);
  }
  return linearMseOp(last, weight, bias, target) as tf.Scalar;
}
