/**
 * The export's pure parts: run.json's numbers (shortest decimals that read back as the engine's float32 values,
 * one line per key), its predictions and rollout from the engine, and train.py's settings per optimiser. Whether
 * PyTorch agrees is test/integration/pytorch/round-trip.test.ts.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { generateSeries } from "@/lib/data/series";
import { makeWindows } from "@/lib/data/windows";
import { withOverrides } from "@/lib/ml/config";
import { predictWindows, rollout } from "@/lib/ml/evaluate";
import { OPS_IMPLEMENTATION } from "@/lib/ml/implementations";
import { createModel } from "@/lib/ml/model";
import { EXPORT_FILE_NAMES, exportModel, exportRunJson, float32Decimal, runJsonText } from "@/lib/ml/pytorch/export";
import { decodeNpz } from "@/lib/ml/pytorch/npz";
import { plotPeriod, trainPy } from "@/lib/ml/pytorch/train-py";
import { createRng } from "@/lib/random";

beforeAll(() => tf.setBackend("cpu"));

describe("run.json", () => {
  it("writes each float32 as the shortest decimal that reads back as it", () => {
    expect(float32Decimal(Math.fround(0.3))).toBe(0.3);
    expect(float32Decimal(Math.fround(1e-8))).toBe(1e-8);
    const rng = createRng(5);
    for (let i = 0; i < 2000; i++) {
      const value = Math.fround(rng.normal() * 10 ** Math.floor(rng.uniform(-6, 6)));
      const decimal = float32Decimal(value);
      expect(Math.fround(decimal)).toBe(value);
      expect(String(decimal).replace(/^-?0\.0*|[.-]|e.*$/g, "").length).toBeLessThanOrEqual(9);
    }
  });

  it("holds the config, the series, the engine's prediction for every window and the rollout", () => {
    const config = withOverrides({ model: { cell: "LSTM", layers: 2, hidden: 3 }, validationFraction: 0.1, window: 12, dataset: { length: 50 } });
    const model = createModel(config.model, { layer: OPS_IMPLEMENTATION.layer, seed: 3 });
    try {
      const series = generateSeries(config.dataset);
      const json = exportRunJson(model, config, series, "run-9");
      expect(json).toMatchObject({ format: "loss-race-pytorch-export", version: 1, runId: "run-9", config, window: 12, trainWindows: 34 });
      expect(json.series.map(Math.fround)).toEqual(Array.from(series));
      expect(json.predictions.map(Math.fround)).toEqual(Array.from(predictWindows(model, makeWindows(series, 12))));
      expect(json.rollout.map(Math.fround)).toEqual(Array.from(rollout(model, series.subarray(0, 12), 12, 38)));
      expect(json.stateDict.map((p) => p.name)).toEqual([...decodeNpz(exportModel(model, config, series)["weights.npz"]).keys()]);
      const text = runJsonText(json);
      expect(JSON.parse(text)).toEqual(json);
      expect(text.split("\n")).toHaveLength(Object.keys(json).length + 3);
    } finally {
      model.dispose();
    }
  });

  it("is one of exactly three files", () => {
    const config = withOverrides({ model: { hidden: 2 } });
    const model = createModel(config.model, { layer: OPS_IMPLEMENTATION.layer, seed: 1 });
    try {
      expect(Object.keys(exportModel(model, config, generateSeries(config.dataset))).sort()).toEqual([...EXPORT_FILE_NAMES].sort());
    } finally {
      model.dispose();
    }
  });
});

describe("train.py", () => {
  it.each([
    [{ kind: "sgd" as const, learningRate: 0.05 }, "optimizer = optim.SGD(model.parameters(), lr=0.05)"],
    [{ kind: "momentum" as const, learningRate: 0.01, momentum: 0.8 }, "optimizer = optim.SGD(model.parameters(), lr=0.01, momentum=0.8)"],
    [{ kind: "adam" as const, learningRate: 0.002, beta1: 0.9, beta2: 0.99, epsilon: 1e-7 }, "optimizer = optim.Adam(model.parameters(), lr=0.002, betas=(0.9, 0.99), eps=1e-7)"],
  ])("writes the run's optimiser as PyTorch's: %j", (optimizer, line) => {
    expect(trainPy(withOverrides({ optimizer }), 90)).toContain(line);
  });

  it("writes the model as the lesson does, with num_layers and, for an RNN only, nonlinearity", () => {
    const rnn = trainPy(withOverrides({ model: { cell: "RNN", nonlinearity: "relu", layers: 3, hidden: 16 }, batchSize: 4, epochs: 300 }), 90);
    expect(rnn).toContain("self.rnn = nn.RNN(");
    expect(rnn).toContain("num_layers=3,");
    expect(rnn).toContain('nonlinearity="relu",');
    expect(rnn).toContain("model = Model(1, 16)");
    expect(rnn).toContain("DataLoader(dataset, batch_size=4, shuffle=True)");
    expect(rnn).toContain("for i in range(300):");
    const lstm = trainPy(withOverrides({ model: { cell: "LSTM" } }), 90);
    expect(lstm).toContain("self.rnn = nn.LSTM(");
    expect(lstm).not.toContain("nonlinearity=");
  });

  it("draws the lesson's panels, at most 20 of them", () => {
    expect(plotPeriod({ epochs: 1000, rolloutEvery: 100 })).toBe(100);
    expect(plotPeriod({ epochs: 20_000, rolloutEvery: 10 })).toBe(1000);
    expect(trainPy(withOverrides({ epochs: 1000, rolloutEvery: 100 }), 90)).toContain("plt.subplots(2, 5, figsize=(15.0, 5)");
  });
});
