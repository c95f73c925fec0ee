/**
 * The state_dict name mapping: engine parameters become the tutorial Model's state_dict arrays (names, order and
 * shapes of PyTorch's `named_parameters()`, taken from the PyTorch fixture), and an uploaded state_dict gives its
 * architecture back, or a refusal naming the array and what is wrong with it.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { withOverrides, type ModelConfig } from "@/lib/ml/config";
import { OPS_IMPLEMENTATION } from "@/lib/ml/implementations";
import { initialParamValues } from "@/lib/ml/model";
import { evaluateImport, importedModel, IMPORT_SNIPPET, readStateDictUpload } from "@/lib/ml/pytorch/import";
import type { NpyArray } from "@/lib/ml/pytorch/npy";
import { encodeNpz } from "@/lib/ml/pytorch/npz";
import { NpzError, type NpzProblem } from "@/lib/ml/pytorch/problems";
import { inferModel, paramsFromStateDict, stateDictArrays } from "@/lib/ml/pytorch/state-dict";
import { generateSeries } from "@/lib/data/series";
import { loadFixture, SeedFixtureSchema } from "../torch-fixture";

const fixture = loadFixture(new URL("../../../fixtures/torch-seed-reference.json", import.meta.url), SeedFixtureSchema);

function problemOf(run: () => unknown): NpzProblem {
  try {
    run();
  } catch (error) {
    if (error instanceof NpzError) return error.problem;
    throw error;
  }
  throw new Error("expected an NpzError");
}

const model = (cell: ModelConfig["cell"], layers: number, hidden: number, nonlinearity: ModelConfig["nonlinearity"] = "tanh"): ModelConfig => ({ cell, layers, hidden, nonlinearity });
const arraysOf = (config: ModelConfig, seed = 1) => stateDictArrays(config, initialParamValues(config, seed));

beforeAll(() => tf.setBackend("cpu"));

describe("engine parameters as a state_dict", () => {
  it.each(fixture.cases.map((c) => ({ ...c, label: `${c.layers}-layer ${c.cell}` })))("match PyTorch's names, order and shapes: $label", (c) => {
    const config = model(c.cell, c.layers, c.hidden, c.nonlinearity ?? "tanh");
    const arrays = arraysOf(config);
    // PyTorch's named_parameters() order, as the fixture recorded it from the tutorial Model.
    expect([...arrays.keys()]).toEqual(Object.keys(c.initial_params));
    for (const [name, p] of Object.entries(c.initial_params)) expect(arrays.get(name)!.shape, name).toEqual(p.shape);
  });

  it("name every layer of a stack, with the upper layers' input size the hidden size", () => {
    const arrays = arraysOf(model("GRU", 3, 5));
    expect([...arrays.entries()].map(([name, a]) => `${name}${JSON.stringify(a.shape)}`)).toEqual([
      "rnn.weight_ih_l0[15,1]", "rnn.weight_hh_l0[15,5]", "rnn.bias_ih_l0[15]", "rnn.bias_hh_l0[15]",
      "rnn.weight_ih_l1[15,5]", "rnn.weight_hh_l1[15,5]", "rnn.bias_ih_l1[15]", "rnn.bias_hh_l1[15]",
      "rnn.weight_ih_l2[15,5]", "rnn.weight_hh_l2[15,5]", "rnn.bias_ih_l2[15]", "rnn.bias_hh_l2[15]",
      "output.weight[1,5]", "output.bias[1]",
    ]);
  });
});

describe("an uploaded state_dict", () => {
  it.each([
    model("RNN", 1, 64),
    model("RNN", 2, 3, "relu"),
    model("LSTM", 1, 16),
    model("LSTM", 3, 4),
    model("GRU", 2, 7),
    model("GRU", 1, 256),
  ])("gives back its architecture and exact values: %j", (config) => {
    const params = initialParamValues(config, 4);
    const upload = readStateDictUpload(encodeNpz(stateDictArrays(config, params)));
    expect(upload.inferred).toEqual({ cell: config.cell, layers: config.layers, hidden: config.hidden });
    expect(importedModel(upload, config.nonlinearity)).toEqual({ model: config, params });
  });

  it("is refused when the layer has another name than the tutorial's self.rnn, listing what is missing", () => {
    const arrays = new Map([...arraysOf(model("LSTM", 1, 4))].map(([name, a]) => [name.replace(/^rnn\./, "lstm."), a]));
    expect(problemOf(() => inferModel(arrays))).toEqual({
      kind: "missing_arrays",
      names: ["rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0"],
    });
  });

  it("is refused when an array is missing", () => {
    const arrays = arraysOf(model("GRU", 2, 4));
    arrays.delete("rnn.bias_hh_l1");
    arrays.delete("output.bias");
    expect(problemOf(() => paramsFromStateDict(model("GRU", 2, 4), arrays))).toEqual({ kind: "missing_arrays", names: ["rnn.bias_hh_l1", "output.bias"] });
  });

  it("is refused when it has arrays the tutorial model does not (a bidirectional layer, say)", () => {
    const arrays = arraysOf(model("RNN", 1, 4));
    arrays.set("rnn.weight_ih_l0_reverse", { shape: [4, 1], data: new Float32Array(4) });
    expect(problemOf(() => readStateDictUpload(encodeNpz(arrays)))).toEqual({ kind: "extra_arrays", names: ["rnn.weight_ih_l0_reverse"] });
  });

  it("reads its layer count from the highest layer index, so a stray upper layer is named as missing arrays", () => {
    const arrays = arraysOf(model("LSTM", 1, 4));
    arrays.set("rnn.weight_ih_l1", { shape: [16, 4], data: new Float32Array(64) });
    expect(problemOf(() => readStateDictUpload(encodeNpz(arrays)))).toEqual({
      kind: "missing_arrays",
      names: ["rnn.weight_hh_l1", "rnn.bias_ih_l1", "rnn.bias_hh_l1"],
    });
  });

  it.each([
    ["a recurrent weight whose rows are not 1, 3 or 4 times its columns", "rnn.weight_hh_l0", [10, 4], "(H, H) for nn.RNN, (3H, H) for nn.GRU or (4H, H) for nn.LSTM"],
    ["a one-dimensional recurrent weight", "rnn.weight_hh_l0", [16], "(H, H) for nn.RNN, (3H, H) for nn.GRU or (4H, H) for nn.LSTM"],
    ["an input weight for two input features", "rnn.weight_ih_l0", [16, 2], "(16, 1)"],
    ["a bias of the wrong length", "rnn.bias_ih_l0", [12], "(16,)"],
    ["an output layer with two outputs", "output.weight", [2, 4], "(1, 4)"],
    ["a scalar output bias", "output.bias", [], "(1,)"],
  ])("is refused for %s, naming the array, its shape and the expected one", (_, name, shape, expected) => {
    const arrays = arraysOf(model("LSTM", 1, 4));
    const size = (shape as number[]).reduce((a, b) => a * b, 1);
    arrays.set(name, { shape: shape as number[], data: new Float32Array(size) });
    expect(problemOf(() => readStateDictUpload(encodeNpz(arrays)))).toEqual({ kind: "wrong_shape", name, shape, expected });
  });

  it.each([NaN, Infinity, -Infinity])("is refused when a value is %s, naming the array and the index", (value) => {
    const arrays = arraysOf(model("GRU", 1, 3));
    arrays.get("rnn.weight_hh_l0")!.data[5] = value;
    expect(problemOf(() => readStateDictUpload(encodeNpz(arrays)))).toEqual({ kind: "non_finite", name: "rnn.weight_hh_l0", index: 5, value });
  });

  it("is refused when the model is larger than the app can load", () => {
    const big: Map<string, NpyArray> = new Map([["rnn.weight_hh_l0", { shape: [300, 300], data: new Float32Array(90_000) }]]);
    expect(problemOf(() => inferModel(big))).toEqual({ kind: "out_of_limits", what: "hidden", value: 300, max: 256 });
    const deep = arraysOf(model("RNN", 1, 2));
    deep.set("rnn.weight_ih_l3", { shape: [2, 2], data: new Float32Array(4) });
    expect(problemOf(() => inferModel(deep))).toEqual({ kind: "out_of_limits", what: "layers", value: 4, max: 3 });
  });
});

describe("evaluating an import", () => {
  it("scores on the Playground's data like a browser run: training and validation windows, and the rollout", () => {
    const config = withOverrides({ model: { cell: "LSTM", hidden: 5 }, validationFraction: 0.2 });
    const series = generateSeries(config.dataset);
    const params = initialParamValues(config.model, 2);
    const result = evaluateImport(params, config, series, OPS_IMPLEMENTATION.layer);
    expect(result.valMse).toBeGreaterThan(0);
    expect(result.trainMse).toBeGreaterThan(0);
    expect(result.rollout).toHaveLength(series.length - config.window);
    const noValidation = evaluateImport(params, { ...config, validationFraction: 0 }, series, OPS_IMPLEMENTATION.layer);
    expect(noValidation.valMse).toBeNull();
    expect(noValidation.rollout).toEqual(result.rollout);
  });

  it("the snippet is three lines that save model.state_dict() with np.savez", () => {
    expect(IMPORT_SNIPPET.split("\n")).toHaveLength(3);
    expect(IMPORT_SNIPPET).toMatch(/model\.state_dict\(\)/);
    expect(IMPORT_SNIPPET).toMatch(/np\.savez\("model\.npz"/);
  });
});
