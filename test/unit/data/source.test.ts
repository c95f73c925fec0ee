/**
 * Uploaded series as training data: the scaling (parameters from exactly the values trained on, mapped back
 * exactly), the configuration that names an upload, and a race's split (the hidden tail never shapes the
 * visible part's numbers).
 */
import { describe, expect, it } from "vitest";
import { applyScaling, DegenerateScalingError, scalingParams, scaleValue, unscale } from "@/lib/data/scaling";
import { datasetSeries, uploadedRaceSeries, uploadedScaling } from "@/lib/data/source";
import { generateSeries } from "@/lib/data/series";
import { checkTrainingConfig, DEFAULT_TRAINING_CONFIG, sameDataset, withOverrides, type UploadedDatasetConfig } from "@/lib/ml/config";
import { configViolations, raceTrainingConfig, RaceRulesSchema } from "@/lib/race/rules";

const stored = [12, 15, 11, 19, 25, 22, 30, 28, 35, 41, 38, 44];
const upload = (over: Partial<UploadedDatasetConfig> = {}): UploadedDatasetConfig => ({ source: "upload", datasetId: "3f1b2c", length: 9, scaling: "standardise", ...over });

describe("scaling", () => {
  it("standardises with the population deviation and min–max scales to [0, 1]; predictions map back", () => {
    const s = scalingParams("standardise", [1, 2, 3, 4]);
    expect(s).toEqual({ kind: "standardise", mean: 2.5, std: Math.sqrt(1.25) });
    expect(Array.from(applyScaling(s, [1, 4]))).toEqual([Math.fround(-1.5 / Math.sqrt(1.25)), Math.fround(1.5 / Math.sqrt(1.25))]);
    const m = scalingParams("min-max", [5, -5, 15]);
    expect(m).toEqual({ kind: "min-max", min: -5, max: 15 });
    expect([5, -5, 15].map((v) => scaleValue(m, v))).toEqual([0.5, 0, 1]);
    for (const params of [s, m, scalingParams("none", [1, 2])]) {
      for (const v of [-3, 0, 2.75, 100]) expect(unscale(params, scaleValue(params, v))).toBeCloseTo(v, 12);
    }
  });

  it("refuses to scale a constant series, but leaves it as it is when asked for no scaling", () => {
    expect(() => scalingParams("standardise", [3, 3, 3])).toThrow(DegenerateScalingError);
    expect(() => scalingParams("min-max", [3, 3, 3])).toThrow(/constant series/);
    expect(Array.from(applyScaling(scalingParams("none", [3, 3]), [3, 3]))).toEqual([3, 3]);
  });
});

describe("a configuration on uploaded data", () => {
  it("is valid with an id, a length and a scaling, and is checked as strictly as a preset", () => {
    const config = withOverrides({ dataset: upload(), window: 4 });
    expect(config.dataset).toEqual(upload());
    expect(checkTrainingConfig({ ...config, dataset: { ...upload(), noise: 0.1 } })).toMatchObject({ ok: false });
    expect(checkTrainingConfig({ ...config, dataset: { ...upload(), scaling: "log" } })).toMatchObject({ ok: false, problems: [expect.stringMatching(/scaling must be one of none, standardise, min-max/)] });
    expect(checkTrainingConfig({ ...config, dataset: { ...upload(), datasetId: "../etc" } })).toMatchObject({ ok: false });
    expect(checkTrainingConfig({ ...config, dataset: { source: "file", datasetId: "x", length: 9 } })).toMatchObject({ ok: false, problems: [expect.stringMatching(/preset series or an uploaded one/)] });
    expect(checkTrainingConfig({ ...config, window: 9 })).toMatchObject({ ok: false, problems: [expect.stringMatching(/window 9 is too long/)] });
    // Presets read exactly as before: stored configs have no `source`.
    expect(checkTrainingConfig(JSON.parse(JSON.stringify(DEFAULT_TRAINING_CONFIG)))).toEqual({ ok: true, config: DEFAULT_TRAINING_CONFIG });
  });

  it("switching between a preset and an upload replaces the dataset whole", () => {
    const onUpload = withOverrides({ dataset: upload(), window: 4 });
    expect(withOverrides({ dataset: { preset: "sine-trend" } }, onUpload).dataset).toEqual({ preset: "sine-trend" as const, length: 120, noise: 0.3, seed: 0 });
    expect(withOverrides({ dataset: { length: 8 } }, onUpload).dataset).toEqual(upload({ length: 8 }));
  });

  it("trains on the first `length` stored values, scaled with parameters from those values only", () => {
    const series = datasetSeries(upload(), stored);
    const params = scalingParams("standardise", stored.slice(0, 9));
    expect(Array.from(series)).toEqual(Array.from(applyScaling(params, stored.slice(0, 9))));
    expect(uploadedScaling(upload(), stored)).toEqual(params);
    // The same numbers whatever follows them: more stored values change nothing.
    expect(Array.from(datasetSeries(upload(), [...stored, 1e6, -1e6]))).toEqual(Array.from(series));
    expect(() => datasetSeries(upload())).toThrow(/values must be loaded first/);
    expect(() => datasetSeries(upload({ length: 13 }), stored)).toThrow(/has 12 values, fewer than the 13/);
    expect(Array.from(datasetSeries(DEFAULT_TRAINING_CONFIG.dataset))).toEqual(Array.from(generateSeries(DEFAULT_TRAINING_CONFIG.dataset)));
  });

  it("two configs are the same data exactly when id, length and scaling agree", () => {
    expect(sameDataset(upload(), upload())).toBe(true);
    expect(sameDataset(upload(), upload({ length: 8 }))).toBe(false);
    expect(sameDataset(upload(), upload({ scaling: "min-max" }))).toBe(false);
    expect(sameDataset(upload(), upload({ datasetId: "other" }))).toBe(false);
    expect(sameDataset(upload(), DEFAULT_TRAINING_CONFIG.dataset)).toBe(false);
    expect(sameDataset(DEFAULT_TRAINING_CONFIG.dataset, { ...DEFAULT_TRAINING_CONFIG.dataset })).toBe(true);
  });
});

describe("a race on uploaded data", () => {
  const rules = RaceRulesSchema.parse({
    dataset: upload(),
    window: 3,
    validationFraction: 0.2,
    budget: { maxEpochs: 50, timeLimitSec: null },
    allowedCells: ["GRU"],
    maxLayers: 1,
    maxHidden: 8,
    metric: "one-step",
    submissions: { limit: 3, counts: "best" },
    hiddenLength: 3,
  });

  it("splits the stored values: the visible part is exactly what students train on, the tail is scaled with its parameters", () => {
    const { visible, hidden } = uploadedRaceSeries(upload(), stored, 3);
    expect(Array.from(visible)).toEqual(Array.from(datasetSeries(upload(), stored.slice(0, 9))));
    const params = scalingParams("standardise", stored.slice(0, 9));
    expect(Array.from(hidden)).toEqual(Array.from(applyScaling(params, [41, 38, 44])));
    expect(() => uploadedRaceSeries(upload(), stored, 4)).toThrow(/does not fit/);
  });

  it("the scoring cost budget counts an uploaded series' visible and held-back lengths like a preset's", () => {
    const heavy = { ...rules, dataset: upload({ length: 700 }), window: 150, hiddenLength: 32, allowedCells: ["LSTM"], maxLayers: 3, maxHidden: 256 };
    const refused = RaceRulesSchema.safeParse(heavy);
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]).toMatchObject({ path: ["maxHidden"], params: { reason: "scoring_cost" } });
    const hidden = (refused.error!.issues[0] as { params?: { values?: { hidden?: number } } }).params!.values!.hidden!;
    expect(RaceRulesSchema.safeParse({ ...heavy, maxHidden: hidden }).success).toBe(true);
    expect(RaceRulesSchema.safeParse({ ...heavy, maxHidden: hidden + 1 }).success).toBe(false);
  });

  it("a student's config must name the race's dataset, length and scaling", () => {
    const config = raceTrainingConfig(rules, { ...DEFAULT_TRAINING_CONFIG, model: { ...DEFAULT_TRAINING_CONFIG.model, cell: "GRU", hidden: 8 }, epochs: 20 });
    expect(config.dataset).toEqual(upload());
    expect(configViolations(config, rules)).toEqual([]);
    for (const dataset of [upload({ length: 12 }), upload({ scaling: "none" }), upload({ datasetId: "another" }), DEFAULT_TRAINING_CONFIG.dataset]) {
      expect(configViolations({ ...config, dataset }, rules).map((v) => v.field)).toEqual(["dataset"]);
    }
  });
});
