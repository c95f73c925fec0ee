import { describe, expect, it } from "vitest";
import { checkTrainingConfig, DEFAULT_TRAINING_CONFIG, InvalidConfigError, parseTrainingConfig, withOverrides } from "@/lib/ml/config";

const problemsOf = (value: unknown) => {
  const result = checkTrainingConfig(value);
  if (result.ok) throw new Error("expected the config to be rejected");
  return result.problems.join("\n");
};

describe("training configuration", () => {
  it("defaults to the seed lesson", () => {
    expect(parseTrainingConfig(DEFAULT_TRAINING_CONFIG)).toEqual({
      model: { cell: "RNN", nonlinearity: "tanh", layers: 1, hidden: 64 },
      optimizer: { kind: "sgd", learningRate: 0.01 },
      dataset: { preset: "noisy-cosine", length: 120, noise: 0.3, seed: 0 },
      window: 30,
      batchSize: 8,
      epochs: 1000,
      validationFraction: 0,
      seed: 0,
      rolloutEvery: 100,
    });
  });

  it("accepts the limits themselves", () => {
    expect(() => withOverrides({ model: { layers: 3, hidden: 256 } })).not.toThrow();
    expect(() => withOverrides({ model: { layers: 1, hidden: 1 } })).not.toThrow();
  });

  it.each([
    [{ model: { ...DEFAULT_TRAINING_CONFIG.model, hidden: 257 } }, /model.hidden: hidden size must be between 1 and 256/],
    [{ model: { ...DEFAULT_TRAINING_CONFIG.model, hidden: 0 } }, /model.hidden: hidden size must be between 1 and 256/],
    [{ model: { ...DEFAULT_TRAINING_CONFIG.model, layers: 4 } }, /model.layers: layers must be between 1 and 3/],
    [{ model: { ...DEFAULT_TRAINING_CONFIG.model, layers: 1.5 } }, /model.layers: layers must be a whole number/],
    [{ model: { ...DEFAULT_TRAINING_CONFIG.model, cell: "TRANSFORMER" } }, /model.cell: cell must be RNN, LSTM or GRU/],
    [{ model: { ...DEFAULT_TRAINING_CONFIG.model, nonlinearity: "sigmoid" } }, /nonlinearity must be tanh or relu/],
    [{ optimizer: { kind: "sgd", learningRate: 0 } }, /optimizer.learningRate: learning rate must be greater than 0/],
    [{ optimizer: { kind: "sgd", learningRate: Number.NaN } }, /learning rate/],
    [{ optimizer: { kind: "momentum", learningRate: 0.1, momentum: 1 } }, /optimizer.momentum: momentum must be in \[0, 1\)/],
    [{ optimizer: { kind: "rmsprop", learningRate: 0.1 } }, /optimizer kind must be sgd, momentum or adam/],
    [{ batchSize: 0 }, /batchSize: batch size must be between 1 and 1024/],
    [{ epochs: 20_001 }, /epochs: epochs must be between 1 and 20000/],
    [{ window: 120 }, /window: window 120 is too long for a series of 120 points/],
    [{ dataset: { ...DEFAULT_TRAINING_CONFIG.dataset, preset: "airline-passengers", length: 200 } }, /dataset.length: series length must be at most 144/],
    [{ dataset: { ...DEFAULT_TRAINING_CONFIG.dataset, noise: Number.POSITIVE_INFINITY } }, /dataset.noise/],
    [{ dataset: { ...DEFAULT_TRAINING_CONFIG.dataset, seed: -1 } }, /dataset.seed/],
    [{ validationFraction: 0.6 }, /validationFraction/],
    [{ seed: 2 ** 32 }, /seed: seed must be between 0 and 4294967295/],
    [{ surprise: true }, /unknown setting "surprise"/],
  ])("rejects %j", (change, message) => {
    expect(problemsOf({ ...DEFAULT_TRAINING_CONFIG, ...change })).toMatch(message);
  });

  it("reports every problem at once, as an InvalidConfigError", () => {
    try {
      parseTrainingConfig({ ...DEFAULT_TRAINING_CONFIG, batchSize: 0, epochs: 0 });
      throw new Error("not rejected");
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidConfigError);
      expect((error as InvalidConfigError).problems).toHaveLength(2);
      expect((error as Error).message).toMatch(/^Invalid training configuration: /);
    }
  });

  it("rejects a validation split that leaves no training window", () => {
    const config = { ...DEFAULT_TRAINING_CONFIG, window: 30, dataset: { ...DEFAULT_TRAINING_CONFIG.dataset, length: 31 }, validationFraction: 0.5 };
    expect(problemsOf(config)).toMatch(/leaves no training window/);
  });

  it("switching optimiser starts from that optimiser's defaults", () => {
    expect(withOverrides({ optimizer: { kind: "adam" } }).optimizer).toEqual({ kind: "adam", learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    expect(withOverrides({ optimizer: { kind: "momentum", learningRate: 0.05 } }).optimizer).toEqual({ kind: "momentum", learningRate: 0.05, momentum: 0.9 });
    expect(withOverrides({ model: { cell: "GRU" } }).model).toEqual({ ...DEFAULT_TRAINING_CONFIG.model, cell: "GRU" });
  });
});
