import { describe, expect, it } from "vitest";
import { advance, buildTimeline, frameAt, visibleCount } from "@/lib/history/replay";

const points = (tms: number[], loss = (i: number) => 1 / (i + 1)) => tms.map((tMs, i) => ({ epoch: i + 1, trainLoss: loss(i), valLoss: null, tMs }));

describe("race replay timeline", () => {
  const start = new Date("2026-03-01T10:00:00Z");
  const timeline = buildTimeline(
    [
      { runId: "a", label: "Ann", startedAt: new Date(start.getTime() + 1000), points: points([100, 200, 300]) },
      { runId: "b", label: "Bob", startedAt: new Date(start.getTime() + 5000), points: points([50, 40, 600], (i) => 2 / (i + 1)) },
    ],
    start,
  );

  it("places each run's points on the race clock", () => {
    expect(timeline.origin).toEqual(start);
    expect(timeline.tracks[0]!.offsetMs).toBe(1000);
    expect([...timeline.tracks[0]!.times]).toEqual([1100, 1200, 1300]);
    // A device clock stepping back never reorders the curve.
    expect([...timeline.tracks[1]!.times]).toEqual([5050, 5050, 5600]);
    expect(timeline.durationMs).toBe(5600);
    expect(timeline.maxEpoch).toBe(3);
  });

  it("reveals points as time passes, leader first", () => {
    expect(visibleCount(timeline.tracks[0]!, 0)).toBe(0);
    expect(visibleCount(timeline.tracks[0]!, 1200)).toBe(2);
    expect(visibleCount(timeline.tracks[0]!, 99_999)).toBe(3);
    const frame = frameAt(timeline, 5100);
    expect(frame.map((f) => [f.runId, f.visible.length])).toEqual([
      ["a", 3],
      ["b", 2],
    ]);
  });

  it("starts at the first run when the race has no start, and advances to the end", () => {
    const t = buildTimeline([{ runId: "a", label: "A", startedAt: start, points: points([10]) }], null);
    expect(t.origin).toEqual(start);
    expect(advance(0, 100, 10, 5600)).toEqual({ tMs: 1000, ended: false });
    expect(advance(5000, 1000, 1, 5600)).toEqual({ tMs: 5600, ended: true });
    expect(buildTimeline([], null).durationMs).toBe(0);
  });
});
