import { describe, expect, it } from "vitest";
import { computeStandings, type CheckpointEntry } from "@/lib/race/standings";
import { runVerifiedScore, type BoardKind, type Participant, type SubmissionEntry } from "@/lib/scoring/board";
import { flagSharedWeights } from "@/lib/scoring/shared-weights";
import type { RaceRules } from "@/lib/race/rules";

type Rules = Pick<RaceRules, "metric" | "submissions">;
const best: Rules = { metric: "one-step", submissions: { limit: 3, counts: "best" } };

let seq = 0;
/** A submission at minute `t` with public/private/rollout scores. */
function sub(userId: string, t: number, pub: number | null, priv: number | null, roll = priv, claimedMse: number | null = null): SubmissionEntry {
  return { id: `s${++seq}`, userId, runId: `run-${userId}`, createdAt: new Date(t * 60_000), publicScore: pub, privateScore: priv, rolloutScore: roll, claimedMse };
}
const people: Participant[] = ["ana", "ben", "cho", "dev"].map((id) => ({ userId: id, displayName: id.toUpperCase() }));
/** The board from submissions alone (no checkpoints). */
const computeBoard = (kind: BoardKind, submissions: SubmissionEntry[], students: Participant[], rules: Rules, checkpoints: CheckpointEntry[] = []) =>
  computeStandings(kind, { rules, students, submissions, checkpoints });
const summary = (rows: { userId: string; rank: number; score: number | null; rankDelta?: number | null }[]) => rows.map((r) => [r.userId, r.rank, r.score, r.rankDelta ?? null]);

describe("standings from submissions", () => {
  const entries = [sub("ana", 1, 0.2, 0.5), sub("ben", 2, 0.3, 0.1), sub("cho", 3, 0.1, 0.4)];

  it("public board ranks verified public scores, lowest first", () => {
    const board = computeBoard("public", entries, people, best);
    expect(board.metric).toBe("public-one-step");
    expect(summary(board.rows)).toEqual([
      ["cho", 1, 0.1, null],
      ["ana", 2, 0.2, null],
      ["ben", 3, 0.3, null],
    ]);
    expect(board.unranked).toEqual([{ userId: "dev", displayName: "DEV", selfReported: null }]);
  });

  it("private board ranks the same submissions by the hidden score, with the shake-up", () => {
    const board = computeBoard("private", entries, people, best);
    expect(summary(board.rows)).toEqual([
      ["ben", 1, 0.1, 2],
      ["cho", 2, 0.4, -1],
      ["ana", 3, 0.5, -1],
    ]);
    expect(board.rows[0]).toMatchObject({ publicRank: 3, rank: 1 });
  });

  it("the rollout metric ranks the private board by rollout MSE", () => {
    const board = computeBoard("private", [sub("ana", 1, 0.3, 0.5, 3), sub("ben", 2, 0.2, 0.1, 9)], people, { ...best, metric: "rollout" });
    expect(board.metric).toBe("rollout");
    expect(summary(board.rows)).toEqual([
      ["ana", 1, 3, 1],
      ["ben", 2, 9, -1],
    ]);
  });

  it('"best" counts the best public submission, even if another one was better on the hidden data', () => {
    const list = [sub("ana", 1, 0.5, 0.01), sub("ana", 2, 0.2, 0.9), sub("ana", 3, 0.3, 0.3)];
    expect(computeBoard("private", list, people, best).rows[0]).toMatchObject({ score: 0.9, submissions: 3, submissionId: list[1]!.id });
  });

  it('"last" counts the latest submission', () => {
    const list = [sub("ana", 1, 0.1, 0.1), sub("ana", 5, 0.9, 0.8), sub("ana", 3, 0.5, 0.5)];
    const board = computeBoard("public", list, people, { ...best, submissions: { limit: 3, counts: "last" } });
    expect(board.rows[0]).toMatchObject({ score: 0.9, submissionId: list[1]!.id });
  });

  it("submissions past the limit never count", () => {
    const list = [sub("ana", 1, 0.5, 0.5), sub("ana", 2, 0.4, 0.4), sub("ana", 3, 0.01, 0.01)];
    const board = computeBoard("public", list, people, { ...best, submissions: { limit: 2, counts: "best" } });
    expect(board.rows[0]).toMatchObject({ score: 0.4, submissions: 2 });
  });

  it("equal scores share a rank, the earlier submission listed first", () => {
    const list = [sub("dev", 4, 0.3, 0.3), sub("ana", 1, 0.3, 0.3), sub("ben", 2, 0.1, 0.1), sub("cho", 3, 0.5, 0.5)];
    expect(summary(computeBoard("public", list, people, best).rows)).toEqual([
      ["ben", 1, 0.1, null],
      ["ana", 2, 0.3, null],
      ["dev", 2, 0.3, null],
      ["cho", 4, 0.5, null],
    ]);
  });

  it("self-reported losses are shown but never decide anything", () => {
    const claimed = [sub("ana", 1, 0.9, 0.9, 0.9, 0), sub("ben", 2, 0.2, 0.2, 0.2, 0.25)];
    const withClaims: Participant[] = [...people.slice(0, 3), { userId: "dev", displayName: "DEV", selfReported: 0 }];
    const board = computeBoard("public", claimed, withClaims, best);
    expect(board.rows.map((r) => [r.userId, r.rank, r.selfReported])).toEqual([
      ["ben", 1, 0.25],
      ["ana", 2, 0],
    ]);
    expect(board.unranked.find((u) => u.userId === "dev")).toEqual({ userId: "dev", displayName: "DEV", selfReported: 0 });
  });

  it("an empty race has an empty board with everyone unranked", () => {
    const board = computeBoard("private", [], people, best);
    expect(board.rows).toEqual([]);
    expect(board.unranked).toHaveLength(4);
  });

  it("a run's verified score is its counted submission's public score, and its ranking score once revealed", () => {
    const list = [sub("ana", 1, 0.5, 0.05, 2), sub("ana", 2, 0.2, 0.9, 4)];
    expect(runVerifiedScore(list, best, false)).toBe(0.2);
    expect(runVerifiedScore(list, best, true)).toBe(0.9);
    expect(runVerifiedScore(list, { ...best, metric: "rollout" }, true)).toBe(4);
    expect(runVerifiedScore([], best, true)).toBeNull();
  });

  it("an unscorable submission uses up a submission and never counts; a student with only those is unranked", () => {
    const list = [sub("ana", 1, null, null), sub("ana", 2, 0.4, 0.4), sub("ana", 3, 0.3, 0.3), sub("ben", 1, null, 0.1), sub("cho", 1, 0.2, 0.2)];
    const limitTwo: Rules = { ...best, submissions: { limit: 2, counts: "best" } };
    const board = computeBoard("public", list, people, limitTwo);
    // Ana's third upload is past her limit of two (the unscorable one used a slot): her 0.4 counts, not 0.3.
    expect(summary(board.rows)).toEqual([
      ["cho", 1, 0.2, null],
      ["ana", 2, 0.4, null],
    ]);
    expect(board.rows[1]).toMatchObject({ submissions: 2 });
    expect(board.unranked.map((u) => u.userId)).toEqual(["ben", "dev"]);
    // "last" counts the latest scorable submission.
    const last = computeBoard("public", [sub("dev", 1, 0.5, 0.5), sub("dev", 2, null, null)], people, { ...best, submissions: { limit: 3, counts: "last" } });
    expect(summary(last.rows)).toEqual([["dev", 1, 0.5, null]]);
    expect(runVerifiedScore([sub("dev", 1, null, 0.1)], best, false)).toBeNull();
    expect(runVerifiedScore([sub("dev", 1, null, 0.1)], best, true)).toBeNull();
  });

  it("a model that diverged on the hidden data ranks last on the private board, with no score; ties of those share the rank", () => {
    const list = [sub("ana", 1, 0.1, null), sub("ben", 2, 0.2, 0.5), sub("cho", 3, 0.3, null), sub("dev", 4, 0.4, 0.2)];
    const board = computeBoard("private", list, people, best);
    expect(summary(board.rows)).toEqual([
      ["dev", 1, 0.2, 3],
      ["ben", 2, 0.5, 0],
      ["ana", 3, null, -2],
      ["cho", 3, null, 0],
    ]);
    expect(runVerifiedScore([list[0]!], best, false)).toBe(0.1);
    expect(runVerifiedScore([list[0]!], best, true)).toBeNull();
  });

  it("flags, for the teacher, a counted submission whose weights another student also submitted", () => {
    const hashed = (entry: SubmissionEntry, paramsHash: string | null) => ({ ...entry, paramsHash });
    const list = [
      hashed(sub("ana", 1, 0.1, 0.1), "h1"),
      hashed(sub("ben", 2, 0.2, 0.2), "h1"),
      hashed(sub("cho", 3, 0.5, 0.5), "h2"),
      // Dev's counted submission is new, but an earlier one copied Cho's: only Cho's row names Dev.
      hashed(sub("dev", 4, 0.9, 0.9), "h2"),
      hashed(sub("dev", 5, 0.3, 0.3), "h3"),
      hashed(sub("ana", 6, 0.7, 0.7), null),
    ];
    const flagged = flagSharedWeights(computeBoard("public", list, people, best), list, people);
    expect(flagged.rows.map((r) => [r.userId, r.sameWeightsAs ?? []])).toEqual([
      ["ana", ["BEN"]],
      ["ben", ["ANA"]],
      ["dev", []],
      ["cho", ["DEV"]],
    ]);
    expect(computeBoard("public", list, people, best).rows.some((r) => "sameWeightsAs" in r)).toBe(false);
  });
});

let cseq = 0;
/** A checkpoint of `runId` at minute `t`. */
function cp(userId: string, runId: string, t: number, score: number, epoch = t * 10): CheckpointEntry {
  return { id: `c${++cseq}`, userId, runId, createdAt: new Date(t * 60_000), epoch, publicScore: score };
}

describe("standings with verified checkpoints", () => {
  it("ranks a student by their best run's latest checkpoint until their first submission, then by the submission", () => {
    const checkpoints = [
      cp("ana", "ana-1", 1, 0.9),
      cp("ana", "ana-1", 2, 0.5), // the latest of ana-1
      cp("ana", "ana-2", 3, 0.7), // another run, worse: ana-1's latest counts
      cp("ben", "ben-1", 1, 0.3),
      cp("ben", "ben-1", 4, 0.6), // ben-1 got worse: its latest counts, not its best
      cp("cho", "cho-1", 2, 0.1),
    ];
    const submissions = [sub("cho", 5, 0.4, 0.2)];
    const board = computeBoard("public", submissions, people, best, checkpoints);
    expect(board.rows.map((r) => [r.userId, r.rank, r.score, r.source, r.runId, r.epoch])).toEqual([
      ["cho", 1, 0.4, "submission", "run-cho", null],
      ["ana", 2, 0.5, "checkpoint", "ana-1", 20],
      ["ben", 3, 0.6, "checkpoint", "ben-1", 40],
    ]);
    expect(board.rows[1]).toMatchObject({ verifiedAt: 2 * 60_000, submissionId: null, submissions: 0 });
    expect(board.unranked.map((u) => u.userId)).toEqual(["dev"]);
  });

  it("checkpoints never reach the private board: only counted submissions, by their hidden score", () => {
    const board = computeBoard("private", [sub("cho", 5, 0.4, 0.2)], people, best, [cp("ana", "ana-1", 1, 0.01)]);
    expect(board.rows.map((r) => [r.userId, r.rank, r.score, r.publicRank])).toEqual([["cho", 1, 0.2, 2]]);
    expect(board.unranked.map((u) => u.userId)).toEqual(["ana", "ben", "dev"]);
  });

  it("equal scores share a rank, the earlier verified first", () => {
    const board = computeBoard("public", [], people, best, [cp("ben", "b", 3, 0.2), cp("ana", "a", 5, 0.2), cp("cho", "c", 1, 0.1)]);
    expect(board.rows.map((r) => [r.userId, r.rank])).toEqual([
      ["cho", 1],
      ["ben", 2],
      ["ana", 2],
    ]);
  });

  it("at a moment: only what was verified by then (a replay's leader)", () => {
    const checkpoints = [cp("ana", "a", 1, 0.5), cp("ben", "b", 2, 0.3), cp("ana", "a", 3, 0.1)];
    const at = (minute: number) => computeStandings("public", { rules: best, students: people, submissions: [], checkpoints, at: minute * 60_000 }).rows.map((r) => [r.userId, r.score]);
    expect(at(0)).toEqual([]);
    expect(at(1)).toEqual([["ana", 0.5]]);
    expect(at(2)).toEqual([["ben", 0.3], ["ana", 0.5]]);
    expect(at(3)).toEqual([["ana", 0.1], ["ben", 0.3]]);
  });
});
