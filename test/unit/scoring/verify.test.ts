import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { generateRaceSeries } from "@/lib/data/continuation";
import { generateSeries } from "@/lib/data/series";
import { makeWindows, splitWindows } from "@/lib/data/windows";
import { oneStepMse, rolloutMse } from "@/lib/ml/evaluate";
import { OPS_IMPLEMENTATION } from "@/lib/ml/implementations";
import { initialParamValues } from "@/lib/ml/model";
import { crc32, decodeWeights, encodeWeights, modelFromWeights } from "@/lib/ml/weights-format";
import { checkSubmission } from "@/lib/scoring/check";
import { preparePublicData, prepareScoringData, scoreModel } from "@/lib/scoring/score";
import { verifyCheckpoint, verifySubmission } from "@/lib/scoring/verify";
import { raceConfig, TEST_RULES, trainWeights, untrainedWeights, type TrainedWeights } from "../../support/scoring";

const rules = TEST_RULES;
const series = generateRaceSeries({ dataset: rules.dataset, hiddenLength: rules.hiddenLength, hiddenSeed: 4242 });
const data = prepareScoringData(series, rules.window, rules.validationFraction);
let trained: TrainedWeights;

beforeAll(async () => {
  await tf.setBackend("cpu");
  trained = await trainWeights(raceConfig(rules));
});

const verify = (weights: Uint8Array, runConfig = trained.config) =>
  verifySubmission({ weights, runConfig, rules, data, layer: OPS_IMPLEMENTATION.layer });

describe("scoring data", () => {
  it("hidden windows start from the visible tail and predict every hidden point", () => {
    expect(data.hidden.hidden.count).toBe(rules.hiddenLength);
    expect(Array.from(data.hidden.hidden.inputs.subarray(0, rules.window))).toEqual(Array.from(series.visible.subarray(-rules.window)));
    expect(Array.from(data.hidden.hidden.targets)).toEqual(Array.from(series.hidden));
    expect(data.public.validation).toEqual(splitWindows(makeWindows(series.visible, rules.window).count, rules.validationFraction).validation);
  });
});

describe("verifySubmission", () => {
  it("public score is what the honest client saw as its final validation loss; private and rollout use the hidden points", () => {
    const result = verify(trained.weights);
    if (!result.ok) throw new Error(result.message);
    expect(result.scores.publicScore).toBeCloseTo(trained.finalValLoss!, 6);
    const { model } = modelFromWeights(trained.weights, OPS_IMPLEMENTATION.layer);
    try {
      expect(result.scores.privateScore).toBeCloseTo(oneStepMse(model, data.hidden.hidden), 7);
      expect(result.scores.rolloutScore).toBeCloseTo(rolloutMse(model, series.visible, series.hidden, rules.window).mse, 7);
      // The private score is not the public one under another name: it depends on the secret seed.
      const other = prepareScoringData(generateRaceSeries({ dataset: rules.dataset, hiddenLength: rules.hiddenLength, hiddenSeed: 7 }), rules.window, rules.validationFraction);
      const rescored = scoreModel(model, other);
      expect(rescored.publicScore).toBe(result.scores.publicScore);
      expect(rescored.privateScore).not.toBe(result.scores.privateScore);
    } finally {
      model.dispose();
    }
  });

  it("a trained model beats an untrained one on the hidden data", () => {
    const good = verify(trained.weights);
    const poor = verify(untrainedWeights(trained.config));
    if (!good.ok || !poor.ok) throw new Error("both should score");
    expect(good.scores.privateScore).toBeLessThan(poor.scores.privateScore!);
  });

  it("rejects NaN and Inf weights, corrupt files and wrong shapes as invalid files", () => {
    const params = initialParamValues(trained.config.model, 3);
    const bytes = encodeWeights(trained.config, params);
    // Overwrite one float with NaN and fix the checksum, as a cheater editing the file would.
    for (const bad of [NaN, Infinity, -Infinity]) {
      const copy = withFloat(bytes, bytes.length - 8, bad);
      const result = verify(copy);
      expect(result).toMatchObject({ ok: false, problem: "invalid_file" });
      expect(!result.ok && result.message).toMatch(/non-finite/);
    }
    const truncated = verify(bytes.subarray(0, bytes.length - 10));
    expect(truncated).toMatchObject({ ok: false, problem: "invalid_file" });
    expect(verify(new TextEncoder().encode("mse: 0"))).toMatchObject({ ok: false, problem: "invalid_file" });
  });

  it("rejects weights for another architecture than the run's config", () => {
    const bigger = raceConfig(rules, { model: { hidden: 8 } });
    const result = verify(untrainedWeights(bigger), trained.config);
    expect(result).toMatchObject({ ok: false, problem: "architecture_mismatch" });
    expect(!result.ok && result.message).toMatch(/hidden size 8.*hidden size 6/);
  });

  it("rejects models and data outside the race's rules", () => {
    const cases = [
      { config: raceConfig(rules, { model: { hidden: 32 } }), problem: "rules_violation", message: /hidden size at most 16/ },
      { config: raceConfig(rules, { model: { layers: 3 } }), problem: "rules_violation", message: /at most 2 layers/ },
      { config: raceConfig(rules, { window: 12 }), problem: "data_mismatch", message: /window is 10/ },
      { config: raceConfig(rules, { dataset: { ...rules.dataset, noise: 0 } }), problem: "data_mismatch", message: /dataset must be the race's own/ },
      { config: raceConfig(rules, { epochs: 51 }), problem: "over_budget", message: /at most 50 epochs/ },
      { config: raceConfig(rules, { validationFraction: 0.3 }), problem: "data_mismatch", message: /validation fraction is 0.2/ },
    ] as const;
    for (const c of cases) {
      const result = verify(untrainedWeights(c.config), c.config);
      expect(result).toMatchObject({ ok: false, problem: c.problem });
      expect(!result.ok && result.message).toMatch(c.message);
    }
    expect(checkSubmission(decodeWeights(trained.weights), trained.config, { ...rules, allowedCells: ["LSTM"] })).toMatchObject({
      ok: false,
      problem: "rules_violation",
    });
  });

  it("a model whose predictions overflow float32 is a legal file whose scores are null, not a refusal", () => {
    const config = raceConfig(rules, { model: { cell: "RNN", nonlinearity: "relu" } });
    const params = initialParamValues(config.model, 1);
    for (const v of Object.values(params)) v.fill(1e18);
    const result = verify(encodeWeights(config, params), config);
    expect(result).toMatchObject({ ok: true, scores: { publicScore: null, privateScore: null, rolloutScore: null } });
  });

  it("a checkpoint is scored on the public data alone, with the same checks as a submission", () => {
    const publicOnly = preparePublicData(series.visible, rules.window, rules.validationFraction);
    const input = { runConfig: trained.config, rules, data: publicOnly, layer: OPS_IMPLEMENTATION.layer };
    const checkpoint = verifyCheckpoint({ ...input, weights: trained.weights });
    const full = verify(trained.weights);
    if (!checkpoint.ok || !full.ok) throw new Error("both should score");
    expect(checkpoint.publicScore).toBe(full.scores.publicScore);
    expect(verifyCheckpoint({ ...input, weights: new TextEncoder().encode("mse: 0") })).toMatchObject({ ok: false, problem: "invalid_file" });
    const bigger = raceConfig(rules, { model: { hidden: 8 } });
    expect(verifyCheckpoint({ ...input, weights: untrainedWeights(bigger) })).toMatchObject({ ok: false, problem: "architecture_mismatch" });
  });

  it("the visible series is what students generate", () => {
    expect(series.visible).toEqual(generateSeries(rules.dataset));
  });
});

/** A copy of a weight file with one float32 replaced and the CRC recomputed. */
function withFloat(bytes: Uint8Array, offset: number, value: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  const view = new DataView(copy.buffer);
  view.setFloat32(offset, value, true);
  view.setUint32(copy.length - 4, crc32(copy.subarray(0, copy.length - 4)), true);
  return copy;
}

