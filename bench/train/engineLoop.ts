/**
 * "engine" in the benchmark: the fused path as a trainer would run it — fused recurrent layer on the calibrated
 * kernels, fused last-step/head/MSE, fused SGD — in the seed's training loop. Until the engine (issue 3) lands this
 * stands in for its trainer; it does the same work per step (batch tensors built from the data, forward, backward,
 * update).
 */
import * as tf from "@tensorflow/tfjs";
import { FusedRecurrentRunner } from "@/lib/ml/kernels/fusedRecurrent";
import { linearMseLoss } from "@/lib/ml/kernels/fusedHead";
import { FusedSgdOptimizer } from "@/lib/ml/kernels/fusedOptimizers";
import { lastTimeStep } from "@/lib/ml/kernels/lastTimeStep";
import { GATE_COUNT, type CellType } from "@/lib/ml/recurrent";
import { SEED_WORKLOAD, seededRandom, shuffled, type WindowedSeries } from "./workload";

export interface EngineTrainer {
  epoch(): number;
  dispose(): void;
}

export function createEngineTrainer(cell: CellType, runner: FusedRecurrentRunner, data: WindowedSeries): EngineTrainer {
  const { hidden: H, batchSize, learningRate } = SEED_WORKLOAD;
  const N = GATE_COUNT[cell] * H;
  const random = seededRandom(1);
  const bound = 1 / Math.sqrt(H);
  const uniform = (shape: number[]) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const values = Float32Array.from({ length: size }, () => (2 * random() - 1) * bound);
    return tf.variable(tf.tensor(values, shape, "float32"));
  };
  const params = { weightIh: uniform([N, 1]), weightHh: uniform([N, H]), biasIh: uniform([N]), biasHh: uniform([N]) };
  const headWeight = uniform([1, H]) as tf.Variable<tf.Rank.R2>;
  const headBias = uniform([1]) as tf.Variable<tf.Rank.R1>;
  const spec = { cell, nonlinearity: "tanh" as const, inputSize: 1, hiddenSize: H };
  const optimizer = new FusedSgdOptimizer(learningRate);
  const variables = [params.weightIh, params.weightHh, params.biasIh, params.biasHh, headWeight, headBias];
  const window = data.window;

  return {
    /** One epoch; returns the last batch's loss. */
    epoch() {
      const order = shuffled(data.count, random);
      let loss = 0;
      for (let start = 0; start < data.count; start += batchSize) {
        const rows = order.slice(start, start + batchSize);
        const xb = new Float32Array(rows.length * window);
        const yb = new Float32Array(rows.length);
        rows.forEach((r, i) => {
          xb.set(data.x.subarray(r * window, (r + 1) * window), i * window);
          yb[i] = data.y[r]!;
        });
        const x = tf.tensor3d(xb, [rows.length, window, 1]);
        const y = tf.tensor2d(yb, [rows.length, 1]);
        const cost = optimizer.minimize(
          () => linearMseLoss(lastTimeStep(runner.layer(x, params, spec)), headWeight, headBias, y),
          true,
          variables,
        )!;
        if (start + batchSize >= data.count) loss = cost.dataSync()[0]!;
        tf.dispose([x, y, cost]);
      }
      return loss;
    },
    dispose() {
      tf.dispose(variables);
      optimizer.dispose();
    },
  };
}
