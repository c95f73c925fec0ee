/**
 * The verified scores of one model, computed with the same lib/ml code the students train with:
 * - public: one-step MSE on the visible series' validation windows (the latest ones; every student can compute
 *   it, so it is the board shown during the race);
 * - private: one-step MSE on the windows whose targets are the hidden continuation (the default ranking metric);
 * - rollout: MSE of the seed lesson's autoregressive rollout from the end of the visible series over the hidden
 *   continuation (the alternative metric: how well the model continues the signal on its own).
 *
 * The public data and the hidden data are prepared apart, so a public-only scoring (a checkpoint) is handed no
 * hidden points at all. A score that is not a finite number is reported as null, never thrown: what the server
 * answers must not depend on which evaluation overflowed (the hidden ones would leak the hidden data).
 */
import { makeWindows, splitWindows, type Windows } from "@/lib/data/windows";
import { oneStepMse, rolloutMse } from "@/lib/ml/evaluate";
import type { RecurrentModel } from "@/lib/ml/model";

export interface Scores {
  /** Null: the model's predictions on the visible validation windows are not finite (an unscorable upload). */
  publicScore: number | null;
  /** Null: not finite on the hidden windows (the model diverged there; ranked last after the reveal). */
  privateScore: number | null;
  rolloutScore: number | null;
}

/** What the public board scores on: the visible series alone. */
export interface PublicScoringData {
  /** Visible windows and the indices of its validation windows. */
  visible: Windows;
  validation: number[];
  window: number;
}

/** What the private board scores on. Only submissions are scored on it, and only in the scoring workers. */
export interface HiddenScoringData {
  /** Windows whose targets are the hidden points (their inputs start in the visible tail). */
  hidden: Windows;
  /** The visible series (the rollout's context) and the hidden points (its truth). */
  visibleSeries: Float32Array;
  hiddenSeries: Float32Array;
  window: number;
}

export interface ScoringData {
  public: PublicScoringData;
  hidden: HiddenScoringData;
}

/**
 * The public windows, computed once per race and reused for every scoring. A race without a validation fraction
 * has no held-out visible windows; its public board then uses the last visible window, the closest stand-in.
 */
export function preparePublicData(visibleSeries: Float32Array, window: number, validationFraction: number): PublicScoringData {
  const visible = makeWindows(visibleSeries, window);
  const split = splitWindows(visible.count, validationFraction);
  const validation = split.validation.length > 0 ? split.validation : [visible.count - 1];
  return { visible, validation, window };
}

export function prepareHiddenData(visibleSeries: Float32Array, hiddenSeries: Float32Array, window: number): HiddenScoringData {
  const joined = new Float32Array(window + hiddenSeries.length);
  joined.set(visibleSeries.subarray(visibleSeries.length - window), 0);
  joined.set(hiddenSeries, window);
  return { hidden: makeWindows(joined, window), visibleSeries, hiddenSeries, window };
}

export function prepareScoringData(series: { visible: Float32Array; hidden: Float32Array }, window: number, validationFraction: number): ScoringData {
  return { public: preparePublicData(series.visible, window, validationFraction), hidden: prepareHiddenData(series.visible, series.hidden, window) };
}

/** Finite weights can still overflow float32 (huge values through a relu RNN): such a score is null. */
const finiteOrNull = (value: number): number | null => (Number.isFinite(value) ? value : null);

export function publicScore(model: RecurrentModel, data: PublicScoringData): number | null {
  return finiteOrNull(oneStepMse(model, data.visible, data.validation));
}

/** Every evaluation runs in full whatever the others gave: no early exit whose timing could tell them apart. */
export function scoreModel(model: RecurrentModel, data: ScoringData): Scores {
  const { hidden } = data;
  return {
    publicScore: publicScore(model, data.public),
    privateScore: finiteOrNull(oneStepMse(model, hidden.hidden)),
    rolloutScore: finiteOrNull(rolloutMse(model, hidden.visibleSeries, hidden.hiddenSeries, hidden.window).mse),
  };
}
