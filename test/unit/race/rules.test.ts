import { describe, expect, it } from "vitest";
import { DEFAULT_TRAINING_CONFIG } from "@/lib/ml/config";
import { configViolations, DEFAULT_RACE_RULES, raceTrainingConfig, RaceRulesSchema } from "@/lib/race/rules";

describe("race rules", () => {
  it("accepts the default (the seed lesson as a race)", () => {
    expect(RaceRulesSchema.parse(DEFAULT_RACE_RULES)).toEqual(DEFAULT_RACE_RULES);
  });

  it.each([
    [{ allowedCells: [] }, /at least one cell/],
    [{ allowedCells: ["RNN", "RNN"] }, /listed once/],
    [{ validationFraction: 0 }, /validation part/],
    [{ budget: { maxEpochs: 0, timeLimitSec: null } }, /max epochs must be between/],
    [{ budget: { maxEpochs: 10, timeLimitSec: 5 } }, /time limit must be between/],
    [{ maxHidden: 512 }, /max hidden size must be between/],
    [{ window: 119 }, /too few training and validation windows/],
    [{ dataset: { preset: "airline-passengers", length: 140, noise: 0, seed: 0 }, hiddenLength: 10 }, /at most 144/],
    [{ metric: "mae" }, /one-step or rollout/],
  ])("refuses %j", (change, message) => {
    const result = RaceRulesSchema.safeParse({ ...DEFAULT_RACE_RULES, ...change });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.message).join("; ")).toMatch(message);
  });

  it("builds a config on the race's data and checks a student's choices against the limits", () => {
    const rules = { ...DEFAULT_RACE_RULES, allowedCells: ["LSTM" as const], maxHidden: 32, budget: { maxEpochs: 200, timeLimitSec: null } };
    const config = raceTrainingConfig(rules, { ...DEFAULT_TRAINING_CONFIG, epochs: 500 });
    expect(config.epochs).toBe(200);
    expect(config.validationFraction).toBe(rules.validationFraction);
    expect(configViolations(config, rules).map((v) => v.field)).toEqual(["model.cell", "model.hidden"]);
    const ok = { ...config, model: { ...config.model, cell: "LSTM" as const, hidden: 32 } };
    expect(configViolations(ok, rules)).toEqual([]);
    expect(configViolations({ ...ok, epochs: 201, window: 20, dataset: { ...DEFAULT_RACE_RULES.dataset, seed: 1 } }, rules).map((v) => v.field)).toEqual([
      "epochs",
      "dataset",
      "window",
    ]);
  });
});
