import { describe, expect, it } from "vitest";
import { generateContinuation, generateRaceSeries, maxHiddenLength } from "@/lib/data/continuation";
import { generateSeries, SERIES_PRESETS, type SeriesParams } from "@/lib/data/series";

const dataset: SeriesParams = { preset: "noisy-cosine", length: 120, noise: 0.3, seed: 7 };

describe("hidden continuation", () => {
  it("the same secret seed gives the same continuation", () => {
    const a = generateRaceSeries({ dataset, hiddenLength: 60, hiddenSeed: 123456 });
    const b = generateRaceSeries({ dataset, hiddenLength: 60, hiddenSeed: 123456 });
    expect(b.hidden).toEqual(a.hidden);
    expect(b.visible).toEqual(a.visible);
  });

  it("leaves the visible part bit-identical to what students generate", () => {
    const { visible, hidden } = generateRaceSeries({ dataset, hiddenLength: 60, hiddenSeed: 99 });
    const students = generateSeries(dataset);
    expect(Buffer.from(visible.buffer).equals(Buffer.from(students.buffer))).toBe(true);
    expect(hidden).toHaveLength(60);
  });

  it("a different secret seed gives different hidden noise around the same signal", () => {
    const a = generateContinuation({ dataset, hiddenLength: 60, hiddenSeed: 1 });
    const b = generateContinuation({ dataset, hiddenLength: 60, hiddenSeed: 2 });
    const differing = Array.from(a).filter((v, i) => v !== b[i]).length;
    expect(differing).toBe(60);
    // Same clean signal underneath: the difference is noise only, of the dataset's σ (√2·0.3 for a difference).
    const diffs = Array.from(a, (v, i) => v - (b[i] as number));
    const std = Math.sqrt(diffs.reduce((s, d) => s + d * d, 0) / diffs.length);
    expect(std).toBeGreaterThan(0.25);
    expect(std).toBeLessThan(0.65);
  });

  it("does not reuse the (public) dataset seed's noise stream", () => {
    const longer = generateSeries({ ...dataset, length: 180 });
    for (const hiddenSeed of [0, dataset.seed, 2 ** 31 - 1, -5]) {
      const hidden = generateContinuation({ dataset, hiddenLength: 60, hiddenSeed });
      expect(Array.from(hidden)).not.toEqual(Array.from(longer.subarray(120)));
    }
  });

  it.each(SERIES_PRESETS)("%s: without noise, visible + hidden is the same signal continued", (preset) => {
    const clean: SeriesParams = { preset, length: 100, noise: 0, seed: 3 };
    const hidden = generateContinuation({ dataset: clean, hiddenLength: 40, hiddenSeed: 555 });
    const whole = generateSeries({ ...clean, length: 140 });
    expect(Array.from(hidden)).toEqual(Array.from(whole.subarray(100)));
  });

  it("refuses lengths past what the generator can produce and bad seeds", () => {
    const airline: SeriesParams = { preset: "airline-passengers", length: 120, noise: 0, seed: 0 };
    expect(maxHiddenLength(airline)).toBe(24);
    expect(() => generateContinuation({ dataset: airline, hiddenLength: 25, hiddenSeed: 1 })).toThrow(/hidden length/);
    expect(() => generateContinuation({ dataset, hiddenLength: 0, hiddenSeed: 1 })).toThrow(/hidden length/);
    expect(() => generateContinuation({ dataset, hiddenLength: 10, hiddenSeed: 1.5 })).toThrow(/hidden seed/);
    expect(() => generateContinuation({ dataset, hiddenLength: 10, hiddenSeed: 2 ** 32 })).toThrow(/hidden seed/);
  });
});
