import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import type { ModelConfig } from "@/lib/ml/config";
import { OPS_IMPLEMENTATION } from "@/lib/ml/implementations";
import { createModel, initialParamValues, parameterSpecs } from "@/lib/ml/model";
import { lossAndGradients } from "@/lib/ml/training";

const layer = OPS_IMPLEMENTATION.layer;
const lstm2: ModelConfig = { cell: "LSTM", nonlinearity: "tanh", layers: 2, hidden: 5 };

beforeAll(() => tf.setBackend("cpu"));

describe("model parameters", () => {
  it("are named, ordered and shaped like PyTorch's named_parameters()", () => {
    expect(parameterSpecs(lstm2)).toEqual([
      { name: "rnn.weight_ih_l0", shape: [20, 1] },
      { name: "rnn.weight_hh_l0", shape: [20, 5] },
      { name: "rnn.bias_ih_l0", shape: [20] },
      { name: "rnn.bias_hh_l0", shape: [20] },
      { name: "rnn.weight_ih_l1", shape: [20, 5] },
      { name: "rnn.weight_hh_l1", shape: [20, 5] },
      { name: "rnn.bias_ih_l1", shape: [20] },
      { name: "rnn.bias_hh_l1", shape: [20] },
      { name: "output.weight", shape: [1, 5] },
      { name: "output.bias", shape: [1] },
    ]);
    expect(parameterSpecs({ cell: "GRU", nonlinearity: "tanh", layers: 1, hidden: 3 })[1]).toEqual({ name: "rnn.weight_hh_l0", shape: [9, 3] });
  });

  it("are initialised like PyTorch: uniform within ±1/√hidden, from the seed", () => {
    const config: ModelConfig = { cell: "RNN", nonlinearity: "tanh", layers: 1, hidden: 64 };
    const values = initialParamValues(config, 42);
    const all = Object.values(values).flatMap((v) => Array.from(v));
    const bound = 1 / 8;
    expect(all.every((v) => Math.abs(v) <= bound)).toBe(true);
    // Spread over the whole interval, not a corner of it.
    expect(Math.max(...all)).toBeGreaterThan(0.95 * bound);
    expect(Math.min(...all)).toBeLessThan(-0.95 * bound);
    expect(Math.abs(all.reduce((s, v) => s + v, 0) / all.length)).toBeLessThan(0.01);
    expect(initialParamValues(config, 42)).toEqual(values);
    expect(initialParamValues(config, 43)).not.toEqual(values);
  });

  it("are tf.Variables that several models can hold side by side", () => {
    const a = createModel(lstm2, { layer, seed: 1 });
    const b = createModel(lstm2, { layer, seed: 1 });
    expect(a.params.get("rnn.weight_hh_l1")).toBeInstanceOf(tf.Variable);
    expect(a.readParams()).toEqual(b.readParams());
    a.dispose();
    b.dispose();
  });

  it("writeParams checks everything before assigning anything", () => {
    const model = createModel(lstm2, { layer, seed: 1 });
    const before = model.readParams();
    const tooShort = { ...before, "output.bias": new Float32Array(0) };
    expect(() => model.writeParams(tooShort)).toThrow(/output.bias has 0 values/);
    const missing: Record<string, Float32Array> = { ...before };
    delete missing["rnn.bias_hh_l1"];
    expect(() => model.writeParams(missing)).toThrow(/missing parameter rnn.bias_hh_l1/);
    expect(() => model.writeParams({ ...before, "rnn.weight_ih_l2": new Float32Array(20) })).toThrow(/unexpected parameters/);
    const nan = { ...before, "output.weight": Float32Array.from([0, 0, Number.NaN, 0, 0]) };
    expect(() => model.writeParams(nan)).toThrow(/non-finite/);
    // The valid parameters listed before the bad one were not written either.
    expect(model.readParams()).toEqual(before);
    model.dispose();
  });
});

describe.each(["RNN", "LSTM", "GRU"] as const)("%s forward and backward", (cell) => {
  it("maps [B, T, 1] to [B, 1] and reaches every parameter with a gradient", () => {
    const model = createModel({ cell, nonlinearity: "relu", layers: 2, hidden: 4 }, { layer, seed: 7 });
    const x = tf.randomNormal([3, 6, 1], 0, 1, "float32", 1) as tf.Tensor3D;
    const y = tf.randomNormal([3, 1], 0, 1, "float32", 2) as tf.Tensor2D;
    const prediction = model.predict(x);
    expect(prediction.shape).toEqual([3, 1]);
    const { loss, grads } = lossAndGradients(model, { x, y });
    for (const [name, grad] of Object.entries(grads)) {
      expect(grad.shape, name).toEqual(model.params.get(name)?.shape);
      expect(Array.from(grad.dataSync()).some((g) => g !== 0), `${name} gets a gradient`).toBe(true);
    }
    tf.dispose([prediction, loss, x, y, ...Object.values(grads)]);
    model.dispose();
  });

  it("gives each sequence in a batch the same result as alone", () => {
    const model = createModel({ cell, nonlinearity: "tanh", layers: 1, hidden: 3 }, { layer, seed: 8 });
    const x = tf.randomNormal([4, 5, 1], 0, 1, "float32", 3) as tf.Tensor3D;
    const together = model.predict(x).dataSync();
    for (let i = 0; i < 4; i++) {
      const alone = tf.tidy(() => model.predict(x.slice([i, 0, 0], [1, 5, 1])).dataSync()[0] as number);
      expect(alone).toBeCloseTo(together[i] as number, 6);
    }
    x.dispose();
    model.dispose();
  });
});
