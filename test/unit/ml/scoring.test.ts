/** Weight files are scored without the trainer, in a Node worker thread, with the same numbers as training saw. */
import { Worker } from "node:worker_threads";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { withOverrides } from "@/lib/ml/config";
import { oneStepMse } from "@/lib/ml/evaluate";
import { OPS_IMPLEMENTATION } from "@/lib/ml/implementations";
import type { RolloutSnapshot } from "@/lib/ml/snapshots";
import { Trainer } from "@/lib/ml/trainer";

beforeAll(() => tf.setBackend("cpu"));

function scoreInWorker(weights: Uint8Array, series: number[]): Promise<{ oneStep: number; rollout: number }> {
  return new Promise((resolve, reject) => {
    const entry = new URL("./support/score-in-worker.ts", import.meta.url).href;
    const worker = new Worker(new URL("./support/tsx-worker.mjs", import.meta.url), { workerData: { entry, weights, series } });
    worker.once("message", (result) => {
      void worker.terminate();
      resolve(result);
    });
    worker.once("error", reject);
  });
}

describe("scoring weight files", () => {
  it("a worker thread scores exported weights exactly as the trainer evaluated them", async () => {
    const rollouts: RolloutSnapshot[] = [];
    const trainer = new Trainer({
      config: withOverrides({ model: { cell: "LSTM", hidden: 6 }, epochs: 3, window: 10, dataset: { length: 50 } }),
      layer: OPS_IMPLEMENTATION.layer,
      now: () => 0,
      onRollout: (r) => rollouts.push(r),
    });
    await trainer.run();
    const series = Array.from(trainer.data.series);
    const expectedOneStep = oneStepMse(trainer.model, trainer.data.windows);
    const weights = trainer.exportWeights();
    trainer.dispose();

    const scores = await scoreInWorker(weights, series);
    expect(scores.oneStep).toBeCloseTo(expectedOneStep, 6);
    expect(scores.rollout).toBeCloseTo(rollouts.at(-1)!.mse, 6);
  });
});
