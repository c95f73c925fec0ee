/**
 * Optional scaling of an uploaded series before training. A network with tanh or sigmoid gates learns badly from
 * values in the hundreds (sunspot counts, CO₂ in ppm); standardising or min–max scaling brings them near [-1, 1].
 * The parameters are computed from exactly the values trained on (in a race, the visible part only: the hidden
 * tail's mean or range would otherwise leak through them), in float64, in index order, so the browser, the CLI
 * and the server compute the same numbers. Predictions map back with `unscale`.
 */

export const SCALINGS = ["none", "standardise", "min-max"] as const;
export type Scaling = (typeof SCALINGS)[number];

export type ScalingParams =
  | { kind: "none" }
  /** scaled = (value − mean) / std, with the population standard deviation. */
  | { kind: "standardise"; mean: number; std: number }
  /** scaled = (value − min) / (max − min), so the values span [0, 1]. */
  | { kind: "min-max"; min: number; max: number };

export class DegenerateScalingError extends Error {
  override name = "DegenerateScalingError";
  constructor(readonly scaling: Scaling) {
    super(`every value is the same: a constant series cannot be scaled with ${scaling}`);
  }
}

/** The parameters of `kind` for these values; throws `DegenerateScalingError` when every value is equal. */
export function scalingParams(kind: Scaling, values: ArrayLike<number>): ScalingParams {
  if (kind === "none") return { kind };
  const n = values.length;
  if (kind === "standardise") {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[i]!;
    const mean = sum / n;
    let squares = 0;
    for (let i = 0; i < n; i++) squares += (values[i]! - mean) ** 2;
    const std = Math.sqrt(squares / n);
    if (!(std > 0)) throw new DegenerateScalingError(kind);
    return { kind, mean, std };
  }
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    min = Math.min(min, values[i]!);
    max = Math.max(max, values[i]!);
  }
  if (!(max > min)) throw new DegenerateScalingError(kind);
  return { kind, min, max };
}

/** One value, scaled (float64). */
export function scaleValue(params: ScalingParams, value: number): number {
  switch (params.kind) {
    case "none":
      return value;
    case "standardise":
      return (value - params.mean) / params.std;
    case "min-max":
      return (value - params.min) / (params.max - params.min);
  }
}

/** A prediction in the scaled units, back in the data's own units. */
export function unscale(params: ScalingParams, scaled: number): number {
  switch (params.kind) {
    case "none":
      return scaled;
    case "standardise":
      return scaled * params.std + params.mean;
    case "min-max":
      return scaled * (params.max - params.min) + params.min;
  }
}

/** The values scaled, as the float32 the engine trains on. */
export function applyScaling(params: ScalingParams, values: ArrayLike<number>): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = scaleValue(params, values[i]!);
  return out;
}
