/**
 * A race's hidden continuation: the same generator's future of the same signal, past the visible length, with
 * noise drawn from a secret seed. The visible part is exactly `generateSeries(dataset)` (what every student
 * gets, bit for bit); the continuation's points are what the server scores submissions on, and never leave the
 * server before the private board is revealed.
 *
 * The continuation's noise does not come from the dataset seed's stream: a student knows that seed (it is in the
 * race rules) and could otherwise compute the hidden points exactly.
 */
import { createRng, deriveSeed } from "@/lib/random";
import { cleanValueAt, generateSeries, maxSeriesLength, NOISE_LIMITS, type SeriesParams } from "./series";

export interface ContinuationParams {
  /** The visible series, as students get it. */
  dataset: SeriesParams;
  /** How many points follow the visible ones. */
  hiddenLength: number;
  /** The race's secret seed (any 32-bit integer, signed or not: databases store it as a signed Int). */
  hiddenSeed: number;
}

export interface RaceSeries {
  /** Exactly `generateSeries(dataset)`. */
  visible: Float32Array;
  /** The `hiddenLength` points after it. */
  hidden: Float32Array;
}

/** Largest hidden length a dataset allows (the real series is finite; synthetic ones stop at the length limit). */
export function maxHiddenLength(dataset: SeriesParams): number {
  return maxSeriesLength(dataset.preset) - dataset.length;
}

export function generateContinuation(params: ContinuationParams): Float32Array {
  const { dataset, hiddenLength, hiddenSeed } = params;
  const max = maxHiddenLength(dataset);
  if (!Number.isInteger(hiddenLength) || hiddenLength < 1 || hiddenLength > max) {
    throw new RangeError(`hidden length must be an integer in [1, ${max}] after ${dataset.length} points of ${dataset.preset}, got ${hiddenLength}`);
  }
  if (!Number.isInteger(hiddenSeed) || hiddenSeed < -(2 ** 31) || hiddenSeed >= 2 ** 32) {
    throw new RangeError(`hidden seed must be a 32-bit integer, got ${hiddenSeed}`);
  }
  if (!Number.isFinite(dataset.noise) || dataset.noise < NOISE_LIMITS.min || dataset.noise > NOISE_LIMITS.max) {
    throw new RangeError(`noise must be in [${NOISE_LIMITS.min}, ${NOISE_LIMITS.max}], got ${dataset.noise}`);
  }
  const rng = createRng(deriveSeed(hiddenSeed >>> 0, "hidden-continuation"));
  const out = new Float32Array(hiddenLength);
  for (let k = 0; k < hiddenLength; k++) {
    out[k] = cleanValueAt(dataset.preset, dataset.length + k) + dataset.noise * rng.normal();
  }
  return out;
}

export function generateRaceSeries(params: ContinuationParams): RaceSeries {
  return { visible: generateSeries(params.dataset), hidden: generateContinuation(params) };
}
