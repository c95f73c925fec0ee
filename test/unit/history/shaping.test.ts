import { describe, expect, it } from "vitest";
import { configDiff } from "@/lib/history/config-diff";
import { csvCell, toCsv } from "@/lib/history/csv";
import { brushFilter, parallelCoordinates, type ParallelRun } from "@/lib/history/parallel";
import { ranksFromStandings } from "@/lib/history/rank";
import { computeStandings } from "@/lib/race/standings";
import { orderStudents, reportRows, scoreHistogram, type StudentStats } from "@/lib/history/report";
import { smooth, smoothLoss, thinCurve } from "@/lib/history/smoothing";

describe("csv", () => {
  it("quotes separators, quotes and newlines, and defuses formulas", () => {
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell("line\nbreak")).toBe('"line\nbreak"');
    expect(csvCell("=HYPERLINK(1)")).toBe(`"'=HYPERLINK(1)"`);
    expect(csvCell(-0.5)).toBe("-0.5");
    expect(csvCell(null)).toBe("");
    expect(csvCell(Number.NaN)).toBe("");
    expect(csvCell(new Date("2026-03-01T00:00:00Z"))).toBe("2026-03-01T00:00:00.000Z");
  });

  it("builds CRLF rows and refuses ragged ones", () => {
    expect(toCsv(["a", "b"], [[1, "x"]])).toBe("a,b\r\n1,x\r\n");
    expect(() => toCsv(["a", "b"], [[1]])).toThrow(/1 cells/);
  });
});

describe("smoothing", () => {
  it("leaves values alone at weight 0 and keeps constants constant (bias-corrected)", () => {
    expect(smooth([3, 1, 2], 0)).toEqual([3, 1, 2]);
    smooth([2, 2, 2, 2], 0.9).forEach((v) => expect(v).toBeCloseTo(2, 12));
  });

  it("damps noise and starts at the first value", () => {
    const noisy = [1, 0, 1, 0, 1, 0, 1, 0];
    const smoothed = smooth(noisy, 0.8);
    expect(smoothed[0]).toBeCloseTo(1, 12);
    expect(Math.max(...smoothed.slice(4)) - Math.min(...smoothed.slice(4))).toBeLessThan(0.5);
  });

  it("smooths in log space when asked and refuses weights outside [0, 0.99]", () => {
    const out = smoothLoss([1, 0.01], 0.5, true);
    // Geometric, not arithmetic: the second point lies between the two values in log space.
    expect(out[1]).toBeLessThan(0.5);
    expect(() => smooth([1], 1)).toThrow(RangeError);
    expect(() => smooth([1], -0.1)).toThrow(RangeError);
  });
});

describe("config diff", () => {
  it("lists every setting path and flags the differing ones", () => {
    const a = { model: { cell: "RNN", hidden: 64 }, optimizer: { kind: "sgd", learningRate: 0.01 } };
    const b = { model: { cell: "LSTM", hidden: 64 }, optimizer: { kind: "adam", learningRate: 0.001, beta1: 0.9 } };
    expect(configDiff([a, b])).toEqual([
      { path: "model.cell", values: ["RNN", "LSTM"], differs: true },
      { path: "model.hidden", values: ["64", "64"], differs: false },
      { path: "optimizer.kind", values: ["sgd", "adam"], differs: true },
      { path: "optimizer.learningRate", values: ["0.01", "0.001"], differs: true },
      { path: "optimizer.beta1", values: ["", "0.9"], differs: true },
    ]);
    expect(configDiff([a, b], true).map((r) => r.path)).not.toContain("model.hidden");
  });
});

const run = (over: Partial<ParallelRun>): ParallelRun => ({
  id: "r",
  label: "Ann",
  cell: "RNN",
  layers: 1,
  hidden: 64,
  optimizer: "sgd",
  learningRate: 0.01,
  batchSize: 8,
  epochs: 1000,
  score: 0.1,
  verified: false,
  ...over,
});

describe("parallel coordinates", () => {
  it("builds category and numeric axes, log where values span decades, and omits unscored runs", () => {
    const data = parallelCoordinates([
      run({ id: "a", cell: "GRU", learningRate: 0.001, score: 0.05, verified: true }),
      run({ id: "b", cell: "RNN", learningRate: 0.1, score: 0.5 }),
      run({ id: "c", score: null }),
    ]);
    expect(data.omitted).toBe(1);
    expect(data.lines.map((l) => l.id)).toEqual(["a", "b"]);
    const axis = (key: string) => data.axes.find((a) => a.key === key)!;
    expect(axis("cell")).toEqual({ key: "cell", kind: "category", domain: ["RNN", "GRU"] });
    expect(axis("learningRate")).toEqual({ key: "learningRate", kind: "log", domain: [0.001, 0.1] });
    // Every run has 64 hidden units: the axis still has a length.
    expect(axis("hidden")).toEqual({ key: "hidden", kind: "linear", domain: [63, 65] });
    expect(axis("score").kind).toBe("log");
  });

  it("filters lines by brushed ranges", () => {
    const { lines } = parallelCoordinates([run({ id: "a", hidden: 16 }), run({ id: "b", hidden: 128 }), run({ id: "c", hidden: 64, cell: "LSTM" })]);
    expect(brushFilter(lines, { hidden: [100, 20] }).map((l) => l.id)).toEqual(["c"]);
    expect(brushFilter(lines, { cell: ["RNN"] }).map((l) => l.id)).toEqual(["a", "b"]);
  });
});

describe("ranks and report", () => {
  it("ranks a race run by its student's place in the published standings, on the run that counts only", () => {
    const at = (minute: number) => new Date(minute * 60_000);
    const sub = (id: string, userId: string, runId: string, score: number, minute: number) => ({ id, userId, runId, createdAt: at(minute), publicScore: score, privateScore: score, rolloutScore: score, claimedMse: null });
    const board = computeStandings("public", {
      rules: { metric: "one-step", submissions: { limit: 3, counts: "best" } },
      students: [],
      // Ann's two runs: her best submission (x2) counts; Ben ties her; Cat is behind.
      submissions: [sub("s1", "ann", "x1", 0.3, 1), sub("s2", "ann", "x2", 0.2, 2), sub("s3", "ben", "y", 0.2, 3), sub("s4", "cat", "z", 0.5, 4)],
      checkpoints: [],
    });
    const ranks = ranksFromStandings(
      [
        { id: "x1", raceId: "race" },
        { id: "x2", raceId: "race" },
        { id: "y", raceId: "race" },
        { id: "z", raceId: "race" },
        { id: "p", raceId: null },
      ],
      new Map([["race", board]]),
    );
    expect(Object.fromEntries(ranks)).toEqual({ x2: 1, y: 1, z: 3 });
  });

  it("bins best scores on a log scale and orders students best first", () => {
    const h = scoreHistogram([0.01, 0.1, 1], 2);
    expect(h.edges.map((e) => Number(e.toPrecision(6)))).toEqual([0.01, 0.1, 1]);
    expect(h.counts).toEqual([1, 2]);
    expect(scoreHistogram([])).toEqual({ edges: [], counts: [] });
    expect(scoreHistogram([0.2]).counts.reduce((a, b) => a + b)).toBe(1);
    const s = (name: string, best: number | null): StudentStats => ({
      userId: name,
      displayName: name,
      runs: 1,
      raceRuns: 0,
      attempts: 0,
      bestVerifiedScore: best,
      bestFinalLoss: null,
      lastRunAt: null,
    });
    expect(orderStudents([s("Cy", null), s("Bo", 0.3), s("Al", null), s("Di", 0.1)]).map((x) => x.displayName)).toEqual(["Di", "Bo", "Al", "Cy"]);
    expect(reportRows([s("Al", 0.1)])[0]).toEqual(["Al", 1, 0, 0, 0.1, null, null]);
  });
});

describe("curve thinning", () => {
  it("keeps short curves whole and long ones within the limit, first and last included", () => {
    const points = Array.from({ length: 1000 }, (_, i) => i + 1);
    expect(thinCurve([1, 2, 3], 500)).toEqual([1, 2, 3]);
    const thinned = thinCurve(points, 400);
    expect(thinned.length).toBeLessThanOrEqual(400);
    expect(thinned.length).toBeGreaterThan(300);
    expect(thinned[0]).toBe(1);
    expect(thinned.at(-1)).toBe(1000);
    expect(() => thinCurve(points, 1)).toThrow(RangeError);
  });
});
