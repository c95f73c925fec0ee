/**
 * The baseline: how a typical tfjs app trains the seed model — tf.layers (SimpleRNN/LSTM/GRU + Dense) and
 * model.fit, batch 8, shuffle, SGD lr 0.01, MSE.
 */
import * as tf from "@tensorflow/tfjs";
import type { CellType } from "@/lib/ml/recurrent";
import { SEED_WORKLOAD, type WindowedSeries } from "./workload";

export interface LayersTrainer {
  epoch(): Promise<number>;
  dispose(): void;
}

export function createLayersTrainer(cell: CellType, data: WindowedSeries): LayersTrainer {
  const { hidden, batchSize, learningRate } = SEED_WORKLOAD;
  const model = tf.sequential();
  const recurrent = { units: hidden, inputShape: [data.window, 1] as [number, number] };
  model.add(cell === "RNN" ? tf.layers.simpleRNN(recurrent) : cell === "LSTM" ? tf.layers.lstm(recurrent) : tf.layers.gru(recurrent));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.sgd(learningRate), loss: "meanSquaredError" });
  const x = tf.tensor3d(data.x, [data.count, data.window, 1]);
  const y = tf.tensor2d(data.y, [data.count, 1]);
  return {
    async epoch() {
      const history = await model.fit(x, y, { batchSize, epochs: 1, shuffle: true, verbose: 0 });
      return history.history.loss![0] as number;
    },
    dispose() {
      model.dispose();
      tf.dispose([x, y]);
    },
  };
}
