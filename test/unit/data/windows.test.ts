import { describe, expect, it } from "vitest";
import { makeWindows, shuffledBatches, splitWindows, validationCount } from "@/lib/data/windows";
import { createRng } from "@/lib/random";

const ramp = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("windowing", () => {
  it("builds the seed's windows: series[i:i+w] → series[i+w]", () => {
    const w = makeWindows(ramp(120), 30);
    expect(w.count).toBe(90);
    expect(Array.from(w.inputs.subarray(0, 30))).toEqual(ramp(30));
    expect(w.targets[0]).toBe(30);
    expect(Array.from(w.inputs.subarray(89 * 30, 90 * 30))).toEqual(ramp(30).map((v) => v + 89));
    expect(w.targets[89]).toBe(119);
  });

  it("rejects a window as long as the series, or longer", () => {
    expect(() => makeWindows(ramp(30), 30)).toThrow(/window 30 is too long for a series of 30 points/);
    expect(() => makeWindows(ramp(10), 50)).toThrow(/too long/);
    expect(makeWindows(ramp(31), 30).count).toBe(1);
  });

  it("rejects non-finite values, naming the first one", () => {
    expect(() => makeWindows([0, 1, Number.NaN, 3, 4], 2)).toThrow(/index 2 is NaN/);
    expect(() => makeWindows([0, 1, 2, Number.POSITIVE_INFINITY, 4], 2)).toThrow(/index 3 is Infinity/);
  });

  it("rejects windows that are not positive integers", () => {
    expect(() => makeWindows(ramp(10), 0)).toThrow(/positive integer/);
    expect(() => makeWindows(ramp(10), 2.5)).toThrow(/positive integer/);
  });
});

describe("train/validation split", () => {
  it("holds out the latest windows", () => {
    const { train, validation } = splitWindows(90, 0.2);
    expect(validation).toEqual(ramp(18).map((i) => i + 72));
    expect(train).toEqual(ramp(72));
  });

  it("uses every window for training at fraction 0 (the seed)", () => {
    expect(splitWindows(90, 0)).toEqual({ train: ramp(90), validation: [] });
  });

  it("holds out at least one window for any positive fraction", () => {
    expect(validationCount(10, 0.01)).toBe(1);
  });

  it("refuses a split that leaves nothing to train on", () => {
    expect(() => splitWindows(1, 0.5)).toThrow(/leaves no training window/);
    expect(() => splitWindows(10, 1)).toThrow(/\[0, 1\)/);
  });
});

describe("shuffled batches", () => {
  it("cuts a seeded permutation into batches like DataLoader(shuffle=True)", () => {
    const batches = shuffledBatches(ramp(90), 8, createRng(1));
    expect(batches.map((b) => b.length)).toEqual([...Array(11).fill(8), 2]);
    expect(batches.flat().sort((a, b) => a - b)).toEqual(ramp(90));
    expect(shuffledBatches(ramp(90), 8, createRng(1))).toEqual(batches);
    expect(shuffledBatches(ramp(90), 8, createRng(2))).not.toEqual(batches);
  });

  it("reshuffles every epoch from one generator", () => {
    const rng = createRng(4);
    expect(shuffledBatches(ramp(20), 4, rng)).not.toEqual(shuffledBatches(ramp(20), 4, rng));
  });

  it("rejects a batch size below 1", () => {
    expect(() => shuffledBatches(ramp(5), 0, createRng(1))).toThrow(/batch size/);
  });
});
