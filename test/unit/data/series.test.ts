import { describe, expect, it } from "vitest";
import { AIRLINE_PASSENGERS } from "@/lib/data/airline-passengers";
import { generateSeries, SEED_X_STEP, SERIES_PRESETS } from "@/lib/data/series";

describe("series generators", () => {
  it("default: the seed's cos(x) on 120 points of 0..4π", () => {
    const clean = generateSeries({ preset: "noisy-cosine", length: 120, noise: 0, seed: 0 });
    expect(clean).toHaveLength(120);
    expect(clean[0]).toBeCloseTo(1, 6);
    expect(119 * SEED_X_STEP).toBeCloseTo(4 * Math.PI, 12);
    expect(clean[119]).toBeCloseTo(1, 6);
    for (let i = 0; i < 120; i++) expect(clean[i]).toBeCloseTo(Math.cos((4 * Math.PI * i) / 119), 6);
  });

  it("matches an independent reference implementation (same PRNG and Box–Muller in Python, rounded to float32)", () => {
    const series = generateSeries({ preset: "noisy-cosine", length: 120, noise: 0.3, seed: 2024 });
    expect(Array.from(series.subarray(0, 6))).toEqual([
      0.9995100498199463, 1.2012354135513306, 1.8732481002807617, 0.6748077273368835, 0.2818572223186493, 1.3671684265136719,
    ]);
  });

  it("adds Gaussian noise of the requested σ", () => {
    const length = 4000;
    const clean = generateSeries({ preset: "noisy-cosine", length, noise: 0, seed: 1 });
    const noisy = generateSeries({ preset: "noisy-cosine", length, noise: 0.3, seed: 1 });
    const residuals = Array.from(noisy, (v, i) => v - (clean[i] as number));
    const mean = residuals.reduce((s, v) => s + v, 0) / length;
    const std = Math.sqrt(residuals.reduce((s, v) => s + (v - mean) ** 2, 0) / length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(std).toBeGreaterThan(0.28);
    expect(std).toBeLessThan(0.32);
  });

  it.each(SERIES_PRESETS)("%s: finite, seeded, deterministic", (preset) => {
    const params = { preset, length: 100, noise: 0.1, seed: 11 };
    const a = generateSeries(params);
    expect(a).toHaveLength(100);
    expect(Array.from(a).every(Number.isFinite)).toBe(true);
    expect(generateSeries(params)).toEqual(a);
    expect(generateSeries({ ...params, seed: 12 })).not.toEqual(a);
    // Without noise the seed does not matter: the shape is the preset's own.
    expect(generateSeries({ ...params, noise: 0, seed: 1 })).toEqual(generateSeries({ ...params, noise: 0, seed: 2 }));
  });

  it("presets have different shapes", () => {
    const shapes = SERIES_PRESETS.map((preset) => Array.from(generateSeries({ preset, length: 120, noise: 0, seed: 0 })).join());
    expect(new Set(shapes).size).toBe(SERIES_PRESETS.length);
  });

  it("square and sawtooth waves take their defining values", () => {
    const square = generateSeries({ preset: "square-wave", length: 120, noise: 0, seed: 0 });
    expect(new Set(square)).toEqual(new Set([1, -1]));
    const saw = Array.from(generateSeries({ preset: "sawtooth-wave", length: 120, noise: 0, seed: 0 }));
    expect(Math.min(...saw)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...saw)).toBeLessThan(1);
    expect(saw[0]).toBe(-1);
  });

  it("ships the airline passengers series (Box & Jenkins series G), standardised", () => {
    expect(AIRLINE_PASSENGERS).toHaveLength(144);
    // Published total and extremes of the series; a transcription error would change them.
    expect(AIRLINE_PASSENGERS.reduce((s, v) => s + v, 0)).toBe(40363);
    expect(Math.min(...AIRLINE_PASSENGERS)).toBe(104);
    expect(Math.max(...AIRLINE_PASSENGERS)).toBe(622);
    const series = Array.from(generateSeries({ preset: "airline-passengers", length: 144, noise: 0, seed: 0 }));
    const mean = series.reduce((s, v) => s + v, 0) / 144;
    const variance = series.reduce((s, v) => s + (v - mean) ** 2, 0) / 144;
    expect(mean).toBeCloseTo(0, 5);
    expect(variance).toBeCloseTo(1, 5);
    // A prefix keeps the full series' scale.
    expect(generateSeries({ preset: "airline-passengers", length: 24, noise: 0, seed: 0 })).toEqual(Float32Array.from(series.slice(0, 24)));
  });

  it("rejects lengths and noise levels outside the limits", () => {
    expect(() => generateSeries({ preset: "airline-passengers", length: 145, noise: 0, seed: 0 })).toThrow(/\[8, 144\]/);
    expect(() => generateSeries({ preset: "noisy-cosine", length: 7, noise: 0, seed: 0 })).toThrow(/series length/);
    expect(() => generateSeries({ preset: "noisy-cosine", length: 100.5, noise: 0, seed: 0 })).toThrow(/series length/);
    expect(() => generateSeries({ preset: "noisy-cosine", length: 100, noise: -1, seed: 0 })).toThrow(/noise/);
    expect(() => generateSeries({ preset: "noisy-cosine", length: 100, noise: Number.NaN, seed: 0 })).toThrow(/noise/);
  });
});
