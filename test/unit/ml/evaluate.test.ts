import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSeries } from "@/lib/data/series";
import { makeWindows } from "@/lib/data/windows";
import { meanSquaredError, oneStepMse, rollout, rolloutMse } from "@/lib/ml/evaluate";
import { OPS_IMPLEMENTATION } from "@/lib/ml/implementations";
import { createModel, type RecurrentModel } from "@/lib/ml/model";

let model: RecurrentModel;
const window = 6;

beforeAll(async () => {
  await tf.setBackend("cpu");
  model = createModel({ cell: "LSTM", nonlinearity: "tanh", layers: 1, hidden: 5 }, { layer: OPS_IMPLEMENTATION.layer, seed: 3 });
});
afterAll(() => model.dispose());

/** The model's prediction for one window, one forward pass, as the reference for the batched helpers. */
const predictOne = (values: ArrayLike<number>) =>
  tf.tidy(() => model.predict(tf.tensor3d(Array.from(values), [1, values.length, 1])).dataSync()[0] as number);

describe("evaluation helpers", () => {
  it("one-step MSE is the mean squared next-value error over the chosen windows", () => {
    const series = generateSeries({ preset: "two-frequencies", length: 40, noise: 0.1, seed: 1 });
    const windows = makeWindows(series, window);
    const errors = Array.from({ length: windows.count }, (_, i) => (predictOne(windows.inputs.subarray(i * window, (i + 1) * window)) - (windows.targets[i] as number)) ** 2);
    const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
    expect(oneStepMse(model, windows)).toBeCloseTo(mean(errors), 6);
    expect(oneStepMse(model, windows, [3, 10, 20])).toBeCloseTo(mean([errors[3]!, errors[10]!, errors[20]!]), 6);
  });

  it("evaluates series longer than one evaluation chunk", () => {
    const series = generateSeries({ preset: "sine-trend", length: 1300, noise: 0.1, seed: 2 });
    const windows = makeWindows(series, window);
    const last = windows.count - 1;
    const lastError = (predictOne(windows.inputs.subarray(last * window)) - (windows.targets[last] as number)) ** 2;
    // float32 throughout: compare relative to the (large, trending) value.
    expect(Math.abs(oneStepMse(model, windows, [last]) - lastError) / lastError).toBeLessThan(1e-6);
    const all = oneStepMse(model, windows);
    const halves = (oneStepMse(model, windows, range(0, 600)) * 600 + oneStepMse(model, windows, range(600, windows.count)) * (windows.count - 600)) / windows.count;
    expect(Math.abs(all - halves) / halves).toBeLessThan(1e-6);
  });

  it("rolls out like the seed: feeding each prediction back into a sliding window", () => {
    const context = Array.from(generateSeries({ preset: "noisy-cosine", length: 20, noise: 0, seed: 0 }));
    const predicted = rollout(model, context, window, 8);
    const expected: number[] = [];
    const history = context.slice(-window);
    for (let s = 0; s < 8; s++) {
      const y = predictOne(history.slice(-window));
      expected.push(y);
      history.push(y);
    }
    expect(predicted).toHaveLength(8);
    Array.from(predicted).forEach((v, i) => expect(v).toBeCloseTo(expected[i] as number, 6));
  });

  it("scores a rollout against the true continuation", () => {
    const series = Array.from(generateSeries({ preset: "noisy-cosine", length: 30, noise: 0, seed: 0 }));
    const { predicted, mse } = rolloutMse(model, series.slice(0, window), series.slice(window), window);
    expect(predicted).toHaveLength(24);
    expect(mse).toBeCloseTo(meanSquaredError(predicted, series.slice(window)), 10);
  });

  it("leaves no tensors behind", () => {
    const before = tf.memory().numTensors;
    const series = generateSeries({ preset: "noisy-cosine", length: 50, noise: 0.3, seed: 0 });
    oneStepMse(model, makeWindows(series, window));
    rollout(model, series, window, 10);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("rejects bad input clearly", () => {
    expect(() => rollout(model, [1, 2, 3], window, 5)).toThrow(/needs at least 6 context values/);
    expect(() => rollout(model, [1, 2, 3, 4, 5, Number.NaN], window, 5)).toThrow(/index 5 is NaN/);
    expect(() => rolloutMse(model, [1, 2, 3, 4, 5, 6], [1, Number.POSITIVE_INFINITY], window)).toThrow(/index 1 is Infinity/);
    expect(() => oneStepMse(model, makeWindows([1, 2, 3, 4, 5, 6, 7, 8], window), [])).toThrow(/zero windows/);
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}
