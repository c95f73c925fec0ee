/**
 * What verifying one upload may cost, counted before a race exists: the multiply-adds of every forward pass the
 * scorer runs (lib/scoring/score) for the largest model the rules allow. The count is deterministic (no timing),
 * so a race's rules are refused at set-up when their worst case would hold a scoring worker for seconds: one
 * class's heavy race would otherwise delay every other classroom's uploads (issue: length 600, window 150,
 * hidden 150 and a 3×256 LSTM took 13.9 s per scoring).
 */
import { validationCount } from "@/lib/data/windows";
import type { ModelConfig } from "@/lib/ml/config";
// lib/ml/recurrent imports tfjs for types only: the race set-up form runs this without loading the engine.
import { GATE_COUNT } from "@/lib/ml/recurrent";

/** Univariate series (lib/ml/model's INPUT_SIZE, not imported: that module loads tfjs). */
const INPUT_SIZE = 1;

/** The parts of the rules that decide the cost (a subset of RaceRules, so the schema can call this mid-parse). */
export interface CostRules {
  dataset: { length: number };
  window: number;
  validationFraction: number;
  hiddenLength: number;
  allowedCells: readonly ModelConfig["cell"][];
  maxLayers: number;
  maxHidden: number;
}

/**
 * Multiply-adds a verification may run. Measured with `npm run bench:score` (its `worst-legal` lines): the
 * scorer's fused kernels run about 3.5 (LSTM) to 9 (RNN, GRU) × 10⁹ multiply-adds per second on one core of the
 * team's 2-core machine, so the budget keeps the worst legal scoring around a second, and the seed lesson with
 * its largest model (3 × 256 LSTM, 3.1 × 10⁹, 0.9 s) passes.
 */
export const SCORING_COST_BUDGET = 4e9;

/** Multiply-adds of one time step of one sequence through the model (recurrent layers and the output head). */
export function stepCost(model: Pick<ModelConfig, "cell" | "layers" | "hidden">): number {
  let cost = 0;
  for (let l = 0; l < model.layers; l++) {
    const inputSize = l === 0 ? INPUT_SIZE : model.hidden;
    cost += GATE_COUNT[model.cell] * model.hidden * (inputSize + model.hidden);
  }
  return cost + model.hidden;
}

/** Time steps (sequence × window) each evaluation runs. */
export function evaluationSteps(rules: Omit<CostRules, "allowedCells" | "maxLayers" | "maxHidden">): { public: number; private: number; rollout: number } {
  const windows = rules.dataset.length - rules.window;
  // A race without held-out windows scores its public board on the last visible window (lib/scoring/score).
  const validation = Math.max(1, validationCount(Math.max(0, windows), rules.validationFraction));
  return {
    public: validation * rules.window,
    private: rules.hiddenLength * rules.window,
    // Each rollout step runs the model over a whole (sliding) window.
    rollout: rules.hiddenLength * rules.window,
  };
}

/** The costliest model the rules allow. */
export function largestAllowedModel(rules: Pick<CostRules, "allowedCells" | "maxLayers" | "maxHidden">): Pick<ModelConfig, "cell" | "layers" | "hidden"> {
  const cell = [...rules.allowedCells].sort((a, b) => GATE_COUNT[b] - GATE_COUNT[a])[0] ?? "LSTM";
  return { cell, layers: rules.maxLayers, hidden: rules.maxHidden };
}

/** Multiply-adds of a full verification (public, private and rollout) of the largest model the rules allow. */
export function worstScoringCost(rules: CostRules): number {
  const steps = evaluationSteps(rules);
  return (steps.public + steps.private + steps.rollout) * stepCost(largestAllowedModel(rules));
}

/** Multiply-adds of a checkpoint (public evaluation only) of the largest model the rules allow. */
export function worstCheckpointCost(rules: CostRules): number {
  return evaluationSteps(rules).public * stepCost(largestAllowedModel(rules));
}

/** The largest max hidden size that keeps the rules within the budget (0 when even hidden size 1 does not). */
export function largestAffordableHidden(rules: CostRules, budget = SCORING_COST_BUDGET): number {
  let low = 0;
  let high = rules.maxHidden;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (worstScoringCost({ ...rules, maxHidden: mid }) <= budget) low = mid;
    else high = mid - 1;
  }
  return low;
}
