/**
 * The cost model of a verification, and the budget race rules must keep: counted from the model's real
 * parameter shapes and the scorer's real windows, so it cannot drift from what the workers run.
 */
import { describe, expect, it } from "vitest";
import { generateRaceSeries } from "@/lib/data/continuation";
import { LIMITS } from "@/lib/ml/config";
import { parameterSpecs, sizeOf } from "@/lib/ml/model";
import { DEFAULT_RACE_RULES, RACE_LIMITS, RaceRulesSchema, type RaceRules } from "@/lib/race/rules";
import { evaluationSteps, largestAffordableHidden, SCORING_COST_BUDGET, stepCost, worstCheckpointCost, worstScoringCost } from "@/lib/scoring/cost";
import { prepareScoringData } from "@/lib/scoring/score";

const withRules = (change: Partial<RaceRules>): RaceRules => ({ ...DEFAULT_RACE_RULES, ...change });

describe("scoring cost", () => {
  it("one step costs what the model's weight matrices hold (one multiply-add per weight)", () => {
    for (const cell of ["RNN", "LSTM", "GRU"] as const) {
      for (const [layers, hidden] of [[1, 6], [2, 32], [3, 256]] as const) {
        const model = { cell, layers, hidden, nonlinearity: "tanh" as const };
        const weights = parameterSpecs(model).filter((spec) => spec.shape.length === 2).reduce((n, spec) => n + sizeOf(spec.shape), 0);
        expect(stepCost(model)).toBe(weights);
      }
    }
  });

  it("counts the windows the scorer really evaluates", () => {
    for (const rules of [DEFAULT_RACE_RULES, withRules({ window: 12, hiddenLength: 50, validationFraction: 0.5 })]) {
      const data = prepareScoringData(generateRaceSeries({ dataset: rules.dataset, hiddenLength: rules.hiddenLength, hiddenSeed: 1 }), rules.window, rules.validationFraction);
      const steps = evaluationSteps(rules);
      expect(steps.public).toBe(data.public.validation.length * rules.window);
      expect(steps.private).toBe(data.hidden.hidden.count * rules.window);
      expect(steps.rollout).toBe(data.hidden.hiddenSeries.length * rules.window);
    }
  });

  it("the seed lesson with its largest model (3 × 256 LSTM) is within the budget; checkpoints cost a fraction", () => {
    const cost = worstScoringCost(DEFAULT_RACE_RULES);
    expect(cost).toBe(2340 * stepCost({ cell: "LSTM", layers: 3, hidden: 256 }));
    expect(cost).toBeLessThanOrEqual(SCORING_COST_BUDGET);
    expect(worstCheckpointCost(DEFAULT_RACE_RULES) / cost).toBeCloseTo(540 / 2340, 10);
    expect(RaceRulesSchema.safeParse(DEFAULT_RACE_RULES).success).toBe(true);
  });

  it("realistic classroom races pass", () => {
    const classroom: RaceRules[] = [
      withRules({ maxHidden: 64, budget: { maxEpochs: 300, timeLimitSec: 600 } }),
      withRules({ dataset: { preset: "noisy-cosine", length: 300, noise: 0.2, seed: 3 }, window: 50, hiddenLength: 60, maxHidden: 64 }),
      withRules({ dataset: { preset: "airline-passengers", length: 120, noise: 0, seed: 0 }, window: 12, hiddenLength: 24 }),
      withRules({ allowedCells: ["GRU"], maxLayers: 2, maxHidden: 128, window: 40, hiddenLength: 40 }),
    ];
    for (const rules of classroom) expect(RaceRulesSchema.safeParse(rules).error?.issues ?? []).toEqual([]);
  });

  it("refuses the issue's race (length 600, window 150, hidden 150, 3 × 256) at set-up, naming the max hidden size that fits", () => {
    const heavy = withRules({ dataset: { ...DEFAULT_RACE_RULES.dataset, length: 600 }, window: 150, hiddenLength: 150 });
    const result = RaceRulesSchema.safeParse(heavy);
    expect(result.success).toBe(false);
    const issue = result.error!.issues.find((i) => i.path.join(".") === "maxHidden")!;
    const hidden = largestAffordableHidden(heavy);
    expect(issue).toMatchObject({ params: { reason: "scoring_cost", values: { hidden } } });
    expect((issue as unknown as { params: { values: { percent: number } } }).params.values.percent).toBe(Math.ceil((worstScoringCost(heavy) / SCORING_COST_BUDGET) * 100));
    expect(issue.message).toMatch(new RegExp(`max hidden size to ${hidden} or less`));
    // Following the advice gives legal rules; one more unit of hidden size does not.
    expect(RaceRulesSchema.safeParse({ ...heavy, maxHidden: hidden }).success).toBe(true);
    expect(RaceRulesSchema.safeParse({ ...heavy, maxHidden: hidden + 1 }).success).toBe(false);
  });

  it("the costliest legal rules stay within the budget, whatever else is at its maximum", () => {
    // Every limit at its extreme, then the largest max hidden size the rules accept: the worst a teacher can set.
    let worst = 0;
    for (const window of [LIMITS.window.min, 30, 150, LIMITS.window.max]) {
      for (const hiddenLength of [RACE_LIMITS.hiddenLength.min, 150, RACE_LIMITS.hiddenLength.max]) {
        for (const validationFraction of [0.05, LIMITS.validationFraction.max]) {
          const length = Math.min(LIMITS.seriesLength.max - hiddenLength, Math.max(window * 3, 120));
          const rules = withRules({ dataset: { ...DEFAULT_RACE_RULES.dataset, length }, window, hiddenLength, validationFraction, maxLayers: LIMITS.layers.max, maxHidden: LIMITS.hidden.max });
          const hidden = largestAffordableHidden(rules);
          if (hidden === 0) {
            expect(RaceRulesSchema.safeParse({ ...rules, maxHidden: 1 }).success).toBe(false);
            continue;
          }
          const legal = { ...rules, maxHidden: hidden };
          const parsed = RaceRulesSchema.safeParse(legal);
          if (!parsed.success) {
            // Refused for another reason (too few windows): then not a legal race at all.
            expect(parsed.error.issues.every((i) => i.path.join(".") !== "maxHidden")).toBe(true);
            continue;
          }
          worst = Math.max(worst, worstScoringCost(legal));
        }
      }
    }
    expect(worst).toBeGreaterThan(0.95 * SCORING_COST_BUDGET);
    expect(worst).toBeLessThanOrEqual(SCORING_COST_BUDGET);
  });
});
