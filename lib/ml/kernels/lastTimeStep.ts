/**
 * h[:, T−1, :] as one cheap op. `tf.slice` over the middle axis is a strided copy that the cpu backend does element
 * by element through index arithmetic, and its gradient (`tf.pad` back to [B, T, H]) is another; together they
 * cost more than a whole fused LSTM step at the seed's sizes. This op copies B rows each way.
 */
import * as tf from "@tensorflow/tfjs";

const lastTimeStepOp = tf.customGrad((...args: unknown[]) => {
  const h = args[0] as tf.Tensor3D;
  const [batch, steps, width] = h.shape;
  const values = h.dataSync() as Float32Array;
  const out = new Float32Array(batch * width);
  for (let b = 0; b < batch; b++) {
    const from = (b * steps + steps - 1) * width;
    out.set(values.subarray(from, from + width), b * width);
  }
  return {
    value: tf.tensor2d(out, [batch, width]),
    gradFunc: (dy: tf.Tensor) => {
      const dyValues = dy.dataSync() as Float32Array;
      const grad = new Float32Array(batch * steps * width);
      for (let b = 0; b < batch; b++) {
        grad.set(dyValues.subarray(b * width, (b + 1) * width), (b * steps + steps - 1) * width);
      }
      return tf.tensor3d(grad, [batch, steps, width]);
    },
  };
});

export function lastTimeStep(h: tf.Tensor3D): tf.Tensor2D {
  if (h.rank !== 3) throw new Error(`lastTimeStep expects [batch, steps, features], got [${h.shape}]`);
  if (h.dtype !== "float32") throw new Error(`lastTimeStep expects float32, got ${h.dtype}`);
  return lastTimeStepOp(h) as tf.Tensor2D;
}
