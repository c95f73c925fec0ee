/**
 * Seeded series generators. The default is the seed lesson's noisy cosine: cos(x) on 120 points of 0..4π plus
 * Gaussian noise σ 0.3. Every preset samples x with the seed's spacing (4π / 119), so a longer series holds
 * more periods at the same resolution and a window of 30 points always spans the same stretch of a period.
 * Noise comes from our own seeded PRNG (`lib/random`): the same parameters give the same series everywhere.
 */
import { createRng } from "@/lib/random";
import { AIRLINE_PASSENGERS } from "./airline-passengers";

export const SERIES_PRESETS = [
  "noisy-cosine",
  "sine-trend",
  "damped-oscillation",
  "square-wave",
  "sawtooth-wave",
  "two-frequencies",
  "airline-passengers",
] as const;
export type SeriesPreset = (typeof SERIES_PRESETS)[number];

export interface SeriesParams {
  preset: SeriesPreset;
  /** Number of points. */
  length: number;
  /** Standard deviation of the added Gaussian noise, in the series' own units (the real series is standardised first). */
  noise: number;
  seed: number;
}

/** The seed lesson's x step: np.linspace(0, 4π, 120). */
export const SEED_X_STEP = (4 * Math.PI) / 119;

export const SERIES_LENGTH_LIMITS = { min: 8, max: 4096 } as const;
export const NOISE_LIMITS = { min: 0, max: 10 } as const;

// Mean and standard deviation of the whole airline series, fixed so that a shorter prefix keeps the same scale.
const airlineMean = AIRLINE_PASSENGERS.reduce((s, v) => s + v, 0) / AIRLINE_PASSENGERS.length;
const airlineStd = Math.sqrt(
  AIRLINE_PASSENGERS.reduce((s, v) => s + (v - airlineMean) ** 2, 0) / AIRLINE_PASSENGERS.length,
);

/** Noise-free value of a synthetic preset at point i. */
const SHAPES: Record<Exclude<SeriesPreset, "airline-passengers">, (x: number) => number> = {
  "noisy-cosine": (x) => Math.cos(x),
  "sine-trend": (x) => Math.sin(x) + 0.08 * x,
  "damped-oscillation": (x) => Math.exp(-x / 6) * Math.cos(2 * x),
  "square-wave": (x) => (Math.sin(x) >= 0 ? 1 : -1),
  "sawtooth-wave": (x) => {
    const phase = x / (2 * Math.PI);
    return 2 * (phase - Math.floor(phase)) - 1;
  },
  "two-frequencies": (x) => 0.7 * Math.cos(x) + 0.3 * Math.sin(4 * x),
};

/** Largest length a preset can produce (the real series is finite). */
export function maxSeriesLength(preset: SeriesPreset): number {
  return preset === "airline-passengers" ? AIRLINE_PASSENGERS.length : SERIES_LENGTH_LIMITS.max;
}

export function generateSeries(params: SeriesParams): Float32Array {
  const { preset, length, noise, seed } = params;
  const maxLength = maxSeriesLength(preset);
  if (!Number.isInteger(length) || length < SERIES_LENGTH_LIMITS.min || length > maxLength) {
    throw new RangeError(`series length must be an integer in [${SERIES_LENGTH_LIMITS.min}, ${maxLength}] for ${preset}, got ${length}`);
  }
  if (!Number.isFinite(noise) || noise < NOISE_LIMITS.min || noise > NOISE_LIMITS.max) {
    throw new RangeError(`noise must be in [${NOISE_LIMITS.min}, ${NOISE_LIMITS.max}], got ${noise}`);
  }
  const rng = createRng(seed);
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    // One normal deviate per point even when noise is 0, so the noise level never changes which deviates
    // land on which point.
    out[i] = cleanValueAt(preset, i) + noise * rng.normal();
  }
  return out;
}

/**
 * Noise-free value of a preset at point i (i may lie past a series' length: a race's hidden continuation is the
 * same signal's future). The real series is standardised with its whole-series mean and deviation.
 */
export function cleanValueAt(preset: SeriesPreset, i: number): number {
  return preset === "airline-passengers"
    ? ((AIRLINE_PASSENGERS[i] as number) - airlineMean) / airlineStd
    : SHAPES[preset](i * SEED_X_STEP);
}
