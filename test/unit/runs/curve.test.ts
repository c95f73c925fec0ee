import { describe, expect, it } from "vitest";
import { BYTES_PER_EPOCH, decodeCurve, decodeFloats, encodeCurve, encodeFloats, extendCurve, type CurvePoint } from "@/lib/runs/curve";

const point = (epoch: number, over: Partial<CurvePoint> = {}): CurvePoint => ({
  epoch,
  trainLoss: 1 / epoch,
  valLoss: 2 / epoch,
  msPerEpoch: 12.5,
  tMs: epoch * 100,
  ...over,
});

describe("curve codec", () => {
  it("packs 16 bytes per epoch and reads back float32-exact values", () => {
    const points = [point(5), point(6, { valLoss: null }), point(7, { tMs: 0xffff_ffff })];
    const bytes = encodeCurve(points);
    expect(bytes.byteLength).toBe(3 * BYTES_PER_EPOCH);
    const back = decodeCurve(5, bytes);
    expect(back.map((p) => p.epoch)).toEqual([5, 6, 7]);
    expect(back[0]!.trainLoss).toBe(Math.fround(1 / 5));
    expect(back[1]!.valLoss).toBeNull();
    expect(back[2]!.tMs).toBe(0xffff_ffff);
  });

  it("keeps 1000 epochs in 16 KB", () => {
    const points = Array.from({ length: 1000 }, (_, i) => point(i + 1));
    expect(encodeCurve(points).byteLength).toBe(16_000);
  });

  it("refuses non-consecutive epochs and torn chunks", () => {
    expect(() => encodeCurve([point(1), point(3)])).toThrow(/consecutive/);
    expect(() => decodeCurve(1, new Uint8Array(15))).toThrow(/multiple of 16/);
    expect(() => decodeFloats(new Uint8Array(3))).toThrow(/multiple of 4/);
  });

  it("round-trips float32 arrays", () => {
    expect(decodeFloats(encodeFloats([0.5, -2, 3.25]))).toEqual([0.5, -2, 3.25]);
  });
});

describe("extendCurve", () => {
  it("takes the consecutive epochs after what is stored, in any order, first copy winning", () => {
    const { accepted, missingFrom } = extendCurve([point(12), point(11), point(11, { trainLoss: 9 }), point(10)], 10);
    expect(accepted.map((p) => p.epoch)).toEqual([11, 12]);
    expect(accepted[0]!.trainLoss).toBe(1 / 11);
    expect(missingFrom).toBeNull();
  });

  it("stops at a gap and says where to re-send from", () => {
    expect(extendCurve([point(4), point(6), point(7)], 3)).toEqual({ accepted: [point(4)], missingFrom: 5 });
    expect(extendCurve([point(9)], 3)).toEqual({ accepted: [], missingFrom: 4 });
  });

  it("ignores epochs already stored", () => {
    expect(extendCurve([point(1), point(2)], 5)).toEqual({ accepted: [], missingFrom: null });
  });
});
