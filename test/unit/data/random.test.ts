import { describe, expect, it } from "vitest";
import { createRng, deriveSeed, shuffled } from "@/lib/random";

describe("seeded random numbers", () => {
  it("reproduces an independent reference implementation of splitmix32-seeded sfc32 bit for bit", () => {
    // Values from a Python implementation of the same algorithm (arbitrary-precision integers masked to
    // 32 bits), so any platform-dependent arithmetic in ours would show up here.
    expect(Array.from({ length: 4 }, createRng(0).nextUint32)).toEqual([4205396811, 3543653536, 1222415357, 3047368389]);
    expect(Array.from({ length: 4 }, createRng(42).nextUint32)).toEqual([1028872839, 2516511472, 400437680, 853279530]);
    expect(Array.from({ length: 4 }, createRng(4294967295).nextUint32)).toEqual([1413747962, 91561161, 3282502067, 2190738929]);
  });

  it("gives the same stream for the same seed and different streams for neighbouring seeds", () => {
    const a = createRng(7);
    const b = createRng(7);
    const c = createRng(8);
    const xs = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(xs);
    const ys = Array.from({ length: 100 }, () => c.next());
    expect(ys.filter((y, i) => y === xs[i])).toHaveLength(0);
  });

  it("draws uniform and normal numbers with the right moments", () => {
    const rng = createRng(123);
    const n = 200_000;
    const u = Array.from({ length: n }, () => rng.next());
    expect(u.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(Math.abs(u.reduce((s, v) => s + v, 0) / n - 0.5)).toBeLessThan(0.005);
    const z = Array.from({ length: n }, () => rng.normal());
    const mean = z.reduce((s, v) => s + v, 0) / n;
    const variance = z.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(variance - 1)).toBeLessThan(0.02);
    expect(z.every(Number.isFinite)).toBe(true);
  });

  it("draws unbiased integers", () => {
    const rng = createRng(5);
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[rng.int(3)]! += 1;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
    expect(() => rng.int(0)).toThrow(/1 ≤ n/);
  });

  it("shuffles into a permutation, deterministically", () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const first = shuffled(items, createRng(9));
    expect([...first].sort((a, b) => a - b)).toEqual(items);
    expect(first).not.toEqual(items);
    expect(shuffled(items, createRng(9))).toEqual(first);
    expect(items).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it("derives independent seeds per purpose", () => {
    expect(deriveSeed(1, "init")).toBe(deriveSeed(1, "init"));
    expect(deriveSeed(1, "init")).not.toBe(deriveSeed(1, "shuffle"));
    expect(deriveSeed(1, "init")).not.toBe(deriveSeed(2, "init"));
  });

  it("rejects seeds that are not 32-bit unsigned integers", () => {
    for (const bad of [-1, 1.5, 2 ** 32, Number.NaN]) expect(() => createRng(bad)).toThrow(/seed must be an integer/);
  });
});
