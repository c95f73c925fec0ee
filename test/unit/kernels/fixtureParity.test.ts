/**
 * The fused kernels against the PyTorch fixture, composed into the seed model (test/unit/kernels/support/seedModel):
 * predictions at init, first-batch gradients of every parameter, the loss of every SGD step, the final weights,
 * the error on all windows and the rollout — for every case of the fixture and every kernel variant available here.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  batchTensors,
  buildSeedModel,
  disposeModel,
  loadFixture,
  maxAbsError,
  mse,
  predict,
  relativeMaxError,
  rollout,
  windows,
} from "./support/seedModel";
import { kernelVariantsUnderTest } from "./support/variants";

const fixture = loadFixture();
const GRAD_RELATIVE_TOLERANCE = 1e-4;
const LOSS_TOLERANCE = 1e-4;
const WEIGHT_RELATIVE_TOLERANCE = 1e-4;
const ROLLOUT_TOLERANCE = 1e-3;

const combinations = (await kernelVariantsUnderTest()).flatMap((v) => ["cpu", "wasm"].map((backend) => ({ ...v, backend })));

describe.each(combinations)("fused kernels ($variant) on the tfjs $backend backend against PyTorch", ({ runner, backend }) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
  });
  afterAll(() => tf.disposeVariables());

  describe.each(fixture.cases.map((c, i) => ({ ...c, name: `${c.cell}${c.nonlinearity ? ` ${c.nonlinearity}` : ""} ×${c.layers} (case ${i})` })))(
    "$name",
    (c) => {
      it("matches predictions, gradients, every SGD step, final weights and the rollout", () => {
        const before = tf.memory().numTensors;
        const model = buildSeedModel(c);
        const layer = runner.layer;
        const report: Record<string, number> = {};

        const first4 = batchTensors(fixture, [0, 1, 2, 3]);
        const p0 = tf.tidy(() => predict(model, layer, first4.x).dataSync());
        report.predictionsAtInit = maxAbsError(p0, c.predictions_at_init_first4);
        tf.dispose([first4.x, first4.y]);

        const b0 = batchTensors(fixture, fixture.batches[0]!);
        const { value, grads } = tf.variableGrads(() => mse(predict(model, layer, b0.x), b0.y));
        report.firstLoss = Math.abs(value.dataSync()[0]! - c.first_batch_loss_at_init);
        let worstGrad = 0;
        for (const [name, expected] of Object.entries(c.first_batch_grads_at_init)) {
          const v = model.named[name]!;
          const err = relativeMaxError(grads[v.name]!.dataSync(), expected);
          worstGrad = Math.max(worstGrad, err);
          expect(err, `gradient of ${name}`).toBeLessThanOrEqual(GRAD_RELATIVE_TOLERANCE);
        }
        report.gradRelative = worstGrad;
        tf.dispose([value, b0.x, b0.y, ...Object.values(grads)]);

        const optimizer = tf.train.sgd(fixture.learning_rate);
        const losses: number[] = [];
        for (const rows of fixture.batches) {
          const b = batchTensors(fixture, rows);
          const cost = optimizer.minimize(() => mse(predict(model, layer, b.x), b.y), true)!;
          losses.push(cost.dataSync()[0]!);
          tf.dispose([cost, b.x, b.y]);
        }
        optimizer.dispose();
        report.loss = maxAbsError(losses, c.loss_per_step);
        expect(losses).toHaveLength(c.loss_per_step.length);
        expect(report.loss).toBeLessThanOrEqual(LOSS_TOLERANCE);

        let worstWeight = 0;
        for (const [name, expected] of Object.entries(c.final_params)) {
          const err = relativeMaxError(model.named[name]!.dataSync(), expected);
          worstWeight = Math.max(worstWeight, err);
          expect(err, `final ${name}`).toBeLessThanOrEqual(WEIGHT_RELATIVE_TOLERANCE);
        }
        report.finalWeightRelative = worstWeight;

        const all = windows(fixture);
        const allBatch = batchTensors(fixture, all.x.map((_, i) => i));
        const allMse = tf.tidy(() => mse(predict(model, layer, allBatch.x), allBatch.y).dataSync()[0]!);
        tf.dispose([allBatch.x, allBatch.y]);
        report.mseAllWindows = Math.abs(allMse - c.mse_all_windows_after_training);
        expect(report.mseAllWindows).toBeLessThanOrEqual(LOSS_TOLERANCE);

        const roll = rollout(model, layer, fixture, c.rollout_after_training.length);
        report.rollout = maxAbsError(roll, c.rollout_after_training);
        expect(report.rollout).toBeLessThanOrEqual(ROLLOUT_TOLERANCE);

        expect(report.predictionsAtInit).toBeLessThanOrEqual(LOSS_TOLERANCE);
        expect(report.firstLoss).toBeLessThanOrEqual(LOSS_TOLERANCE);
        disposeModel(model);
        expect(tf.memory().numTensors).toBe(before);
        console.log(`[parity] ${runner.kernels.variant} ${backend} ${c.name} ${JSON.stringify(report)}`);
      });
    },
  );
});
