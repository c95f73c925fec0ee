/**
 * The verified scores of one model, computed with the same lib/ml code the students train with:
 * - public: one-step MSE on the visible series' validation windows (the latest ones; every student can compute
 *   it, so it is the board shown during the race);
 * - private: one-step MSE on the windows whose targets are the hidden continuation (the default ranking metric);
 * - rollout: MSE of the seed lesson's autoregressive rollout from the end of the visible series over the hidden
 *   continuation (the alternative metric: how well the model continues the signal on its own).
 */
import { makeWindows, splitWindows, type Windows } from "@/lib/data/windows";
import type { RaceSeries } from "@/lib/data/continuation";
import { oneStepMse, rolloutMse } from "@/lib/ml/evaluate";
import type { RecurrentModel } from "@/lib/ml/model";

export interface Scores {
  publicScore: number;
  privateScore: number;
  rolloutScore: number;
}

export interface ScoringData {
  /** Visible windows and the indices of its validation windows. */
  visible: Windows;
  validation: number[];
  /** Windows whose targets are the hidden points (their inputs start in the visible tail). */
  hidden: Windows;
  /** The visible series (the rollout's context) and the hidden points (its truth). */
  series: RaceSeries;
  window: number;
}

/**
 * Windows computed once per race and reused for every submission. A race without a validation fraction has no
 * held-out visible windows; its public board then uses the last visible window, the closest visible stand-in.
 */
export function prepareScoringData(series: RaceSeries, window: number, validationFraction: number): ScoringData {
  const visible = makeWindows(series.visible, window);
  const split = splitWindows(visible.count, validationFraction);
  const validation = split.validation.length > 0 ? split.validation : [visible.count - 1];
  const joined = new Float32Array(window + series.hidden.length);
  joined.set(series.visible.subarray(series.visible.length - window), 0);
  joined.set(series.hidden, window);
  return { visible, validation, hidden: makeWindows(joined, window), series, window };
}

export class UnscorableModelError extends Error {
  override name = "UnscorableModelError";
}

export function scoreModel(model: RecurrentModel, data: ScoringData): Scores {
  const scores: Scores = {
    publicScore: oneStepMse(model, data.visible, data.validation),
    privateScore: oneStepMse(model, data.hidden),
    rolloutScore: rolloutMse(model, data.series.visible, data.series.hidden, data.window).mse,
  };
  // Finite weights can still overflow float32 (huge values through a relu RNN): such a model has no score.
  for (const [name, value] of Object.entries(scores)) {
    if (!Number.isFinite(value)) throw new UnscorableModelError(`the model's predictions overflow (its ${name} is ${value})`);
  }
  return scores;
}
