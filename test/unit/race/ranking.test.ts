import { describe, expect, it } from "vitest";
import { selfReportedScore, standings, type RankableRun } from "@/lib/race/ranking";

const run = (runId: string, userId: string, valLoss: number | null, trainLoss: number | null, lastEpoch = 1): RankableRun => ({
  runId,
  userId,
  valLoss,
  trainLoss,
  lastEpoch,
});

describe("standings", () => {
  it("ranks each student by their best run, lowest score first, unscored last, ties sharing a rank", () => {
    const runs = [
      run("a1", "ann", 0.5, 0.4),
      run("a2", "ann", 0.2, 0.3),
      run("b1", "bob", null, 0.2),
      run("c1", "cat", 0.3, 0.1),
      run("d1", "dan", null, null, 0),
    ];
    expect(standings(runs, selfReportedScore)).toEqual([
      { rank: 1, userId: "ann", runId: "a2", score: 0.2 },
      { rank: 1, userId: "bob", runId: "b1", score: 0.2 },
      { rank: 3, userId: "cat", runId: "c1", score: 0.3 },
      { rank: 4, userId: "dan", runId: "d1", score: null },
    ]);
  });

  it("takes any score function (verified scores plug in here)", () => {
    const verified = new Map([["a1", 0.9], ["b1", 0.1]]);
    const result = standings([run("a1", "ann", 0.01, 0.01), run("b1", "bob", 5, 5)], (r) => verified.get(r.runId) ?? null);
    expect(result.map((s) => s.userId)).toEqual(["bob", "ann"]);
  });
});
