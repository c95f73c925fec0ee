/**
 * Every view of a race agrees (issue 12): on random races — students with and without runs, runs with and
 * without checkpoints, submissions within and past the limit, unscorable and diverged ones, "best" and "last",
 * before and after the reveal, uploads after everything else — the live board, the podium, the boards, the
 * teacher's report, History's ranks and the replay's leader all say the same thing, because each is read from
 * lib/race/standings.
 */
import { describe, expect, it } from "vitest";
import { ranksFromStandings } from "@/lib/history/rank";
import { leaderAt } from "@/lib/history/replay";
import { withStandings, type StudentStats } from "@/lib/history/report";
import { createRng, type Rng } from "@/lib/random";
import { computeStandings, leaderTimeline, podium, publishedStandings, standingLines, type CheckpointEntry, type StandingsInput } from "@/lib/race/standings";
import type { Participant, SubmissionEntry } from "@/lib/scoring/board";

interface Run {
  runId: string;
  userId: string;
  startedAt: number;
}

const T0 = Date.UTC(2026, 11, 6, 9);

function randomRace(rng: Rng): { input: StandingsInput; revealed: boolean; runs: Run[] } {
  const pick = <T>(items: readonly T[]) => items[Math.floor(rng.next() * items.length)]!;
  const score = () => Math.round((0.01 + rng.next()) * 1000) / 1000;
  const students: Participant[] = Array.from({ length: 2 + Math.floor(rng.next() * 7) }, (_, i) => ({
    userId: `u${i}`,
    displayName: `Student ${i}`,
    selfReported: rng.next() < 0.5 ? score() : null,
  }));
  const runs: Run[] = [];
  const checkpoints: CheckpointEntry[] = [];
  const submissions: SubmissionEntry[] = [];
  let id = 0;
  // Coarse times (whole minutes), so verifications often land at the same instant.
  const minute = (from: number) => T0 + (from + Math.floor(rng.next() * 30)) * 60_000;
  for (const student of students) {
    const runCount = Math.floor(rng.next() * 4);
    for (let r = 0; r < runCount; r++) {
      const run = { runId: `${student.userId}-r${r}`, userId: student.userId, startedAt: minute(0) };
      runs.push(run);
      for (let c = Math.floor(rng.next() * 6); c > 0; c--) {
        checkpoints.push({ id: `c${++id}`, userId: run.userId, runId: run.runId, createdAt: new Date(minute(1)), epoch: 1 + Math.floor(rng.next() * 500), publicScore: score() });
      }
      for (let s = Math.floor(rng.next() * 3); s > 0; s--) {
        const unscorable = rng.next() < 0.1;
        const diverged = rng.next() < 0.1;
        submissions.push({
          id: `s${++id}`,
          userId: run.userId,
          runId: run.runId,
          // Some arrive after everything else (a late upload within the grace).
          createdAt: new Date(rng.next() < 0.1 ? T0 + 40 * 60_000 : minute(2)),
          publicScore: unscorable ? null : score(),
          privateScore: diverged ? null : score(),
          rolloutScore: diverged ? null : score(),
          claimedMse: rng.next() < 0.3 ? score() : null,
        });
      }
    }
  }
  const rules = {
    metric: pick(["one-step", "rollout"] as const),
    submissions: { limit: 1 + Math.floor(rng.next() * 3), counts: pick(["best", "last"] as const) },
  };
  return { input: { rules, students, submissions, checkpoints }, revealed: rng.next() < 0.5, runs };
}

describe("one source of standings: every view of a race agrees", () => {
  it("on 300 random races", () => {
    const rng = createRng(20261206);
    for (let trial = 0; trial < 300; trial++) {
      const { input, revealed, runs } = randomRace(rng);
      const publicBoard = computeStandings("public", input);
      const privateBoard = computeStandings("private", input);
      // The boards the results page and the race page show, and what everyone ranks by.
      const published = publishedStandings(input, revealed);
      expect(published).toEqual(revealed ? privateBoard : publicBoard);

      // Live board: one line per student, in the published order, ranked lines first.
      const lines = standingLines(published, runs);
      expect(lines.map((l) => l.userId).sort()).toEqual(input.students.map((s) => s.userId).sort());
      expect(lines.slice(0, published.rows.length).map((l) => [l.userId, l.row?.rank, l.row?.score])).toEqual(published.rows.map((r) => [r.userId, r.rank, r.score]));
      expect(lines.slice(published.rows.length).every((l) => l.row === null)).toBe(true);
      for (const line of lines) if (line.row) expect(line.run?.runId).toBe(line.row.runId);
      // Ranks never get worse going down, and equal scores share one.
      published.rows.forEach((row, i) => {
        const before = published.rows[i - 1];
        if (before) expect(row.rank === before.rank ? row.score === before.score : row.rank === i + 1).toBe(true);
      });

      // Podium: the first three scored rows, in order, with the run that counts.
      const top = podium(published, runs);
      expect(top.map((p) => [p.row.userId, p.row.rank, p.row.score, p.run.runId])).toEqual(
        published.rows.filter((r) => r.score !== null).slice(0, 3).map((r) => [r.userId, r.rank, r.score, r.runId]),
      );

      // The teacher's report: each student's best verified score is their published score.
      const stats: StudentStats[] = input.students.map((s) => ({ userId: s.userId, displayName: s.displayName, runs: 0, raceRuns: 0, attempts: 0, bestVerifiedScore: 0.5, bestFinalLoss: null, lastRunAt: null }));
      for (const s of withStandings(stats, [published])) {
        expect(s.bestVerifiedScore).toBe(published.rows.find((r) => r.userId === s.userId)?.score ?? null);
      }

      // History: the student's rank on the run that counts, and on no other run.
      const ranks = ranksFromStandings(
        runs.map((r) => ({ id: r.runId, raceId: "race" })),
        new Map([["race", published]]),
      );
      expect(Object.fromEntries(ranks)).toEqual(Object.fromEntries(published.rows.filter((r) => runs.some((run) => run.runId === r.runId)).map((r) => [r.runId, r.rank])));

      // Replay: at every verification instant the leader is the public board's first row then; at the end, the
      // last leader is the public board's, and the published first place is where the replay ends.
      const timeline = leaderTimeline(input);
      const instants = [...new Set([...input.submissions, ...input.checkpoints].map((e) => e.createdAt.getTime()))].sort((a, b) => a - b);
      const origin = new Date(T0);
      for (const at of instants) {
        const first = computeStandings("public", { ...input, at }).rows[0];
        const leader = leaderAt(timeline.map((l) => ({ ...l, at: new Date(l.at).toISOString() })), origin, at - T0);
        if (first && first.score !== null) expect([leader?.userId, leader?.score, leader?.runId]).toEqual([first.userId, first.score, first.runId]);
        else expect(leader).toBeNull();
      }
      const lastPublic = publicBoard.rows[0];
      if (lastPublic?.score != null) expect(timeline.at(-1)).toMatchObject({ userId: lastPublic.userId, score: lastPublic.score });
      if (top[0]) expect([top[0].row.userId, top[0].row.score]).toEqual([published.rows[0]!.userId, published.rows[0]!.score]);
    }
  });
});
