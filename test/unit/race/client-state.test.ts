import { describe, expect, it } from "vitest";
import { applyRaceUpdated, applyRunStarted, applyTick, fromState } from "@/lib/race/client-state";
import type { RunView } from "@/lib/race/views";
import type { RaceState } from "@/lib/realtime/race";
import { DEFAULT_RACE_RULES } from "@/lib/race/rules";

const run = (runId: string, userId: string, points: RunView["points"] = []): RunView => ({
  runId,
  userId,
  displayName: userId,
  config: { cell: "RNN", nonlinearity: "tanh", layers: 1, hidden: 4, optimizer: "sgd", learningRate: 0.01, batchSize: 8 },
  plannedEpochs: 10,
  startedAt: 0,
  status: "running",
  lastEpoch: points.length,
  trainLoss: points.at(-1)?.[1] ?? null,
  valLoss: points.at(-1)?.[2] ?? null,
  msPerEpoch: null,
  points,
  rollout: null,
});

const state: RaceState = {
  race: { id: "race", classroomId: "c", name: "R", rules: DEFAULT_RACE_RULES, kind: "live", status: "running", createdAt: 0, startsAt: 0, endsAt: null, pausedAt: null, endedAt: null },
  runs: [run("a", "ann", [[1, 1, 1]])],
  now: 0,
};

describe("race client state", () => {
  it("appends a tick's points and takes its latest numbers; the same tick twice changes nothing more", () => {
    const tick = { raceId: "race", at: 1, runs: [{ runId: "a", status: "running" as const, lastEpoch: 3, points: [[2, 0.5, 0.5], [3, 0.3, 0.3]] as RunView["points"] }] };
    const once = applyTick(fromState(state), tick);
    expect(once.runs[0]).toMatchObject({ lastEpoch: 3, trainLoss: 0.3 });
    expect(once.runs[0]!.points.map((p) => p[0])).toEqual([1, 2, 3]);
    expect(applyTick(once, tick)).toEqual(once);
    expect(once.stale).toBe(false);
  });

  it("asks for the full state when a tick names an unknown run or skips epochs (a volatile tick was lost)", () => {
    const unknown = applyTick(fromState(state), { raceId: "race", at: 1, runs: [{ runId: "zz", status: "running", lastEpoch: 1, points: [[1, 1, null]] }] });
    expect(unknown.stale).toBe(true);
    const gap = applyTick(fromState(state), { raceId: "race", at: 1, runs: [{ runId: "a", status: "running", lastEpoch: 5, points: [[5, 1, null]] }] });
    expect(gap.stale).toBe(true);
  });

  it("adds started runs once, stopping the student's earlier run, and stops every run when the race ends", () => {
    const started = applyRunStarted(fromState(state), "race", run("b", "ann"));
    expect(started.runs.map((r) => [r.runId, r.status])).toEqual([["a", "stopped"], ["b", "running"]]);
    expect(applyRunStarted(started, "race", run("b", "ann"))).toBe(started);
    const ended = applyRaceUpdated(started, { ...state.race, status: "ended", endedAt: 5 });
    expect(ended.runs.every((r) => r.status !== "running")).toBe(true);
  });

});
