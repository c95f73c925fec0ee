import { describe, expect, it } from "vitest";
import { FloodGuard, DEFAULT_FLOOD_RULES } from "@/lib/race/flood-guard";
import { RaceRoom, thin, type EpochInput } from "@/lib/race/room";
import type { LossPoint } from "@/lib/race/views";

const config = { cell: "RNN", nonlinearity: "tanh", layers: 1, hidden: 8, optimizer: "sgd", learningRate: 0.01, batchSize: 8 };

type NewRun = Parameters<RaceRoom["addRun"]>[0];

function newRun(runId: string, userId: string, plannedEpochs = 10): NewRun {
  return {
    runId,
    userId,
    displayName: userId,
    config,
    plannedEpochs,
    startedAt: 0,
    status: "running",
    lastEpoch: 0,
    trainLoss: null,
    valLoss: null,
    msPerEpoch: null,
    points: [],
    rollout: null,
    owned: true,
  };
}

const epochs = (from: number, to: number, loss = 1): EpochInput[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ epoch: from + i, trainLoss: loss / (from + i), valLoss: null, msPerEpoch: 5 }));

function roomWith(...runs: NewRun[]): RaceRoom {
  const room = new RaceRoom("race-1");
  for (const r of runs) room.addRun(r);
  room.takeTick(0);
  return room;
}

describe("race room: snapshots", () => {
  it("takes batches in order, skips duplicates a reconnect re-sends, and reports the last epoch", () => {
    const room = roomWith(newRun("r1", "ann"));
    expect(room.applySnapshots("ann", "r1", "running", 100, epochs(1, 3))).toMatchObject({ ok: true, value: { fresh: epochs(1, 3), lastEpoch: 3 } });
    expect(room.applySnapshots("ann", "r1", "running", 100, epochs(2, 5))).toMatchObject({ ok: true, value: { fresh: epochs(4, 5), lastEpoch: 5 } });
    expect(room.applySnapshots("ann", "r1", "running", 100, epochs(1, 5))).toMatchObject({ ok: true, value: { fresh: [], lastEpoch: 5 } });
    expect(room.get("r1")!.points.map((p) => p[0])).toEqual([1, 2, 3, 4, 5]);
  });

  it("refuses every bad batch and leaves the run exactly as it was", () => {
    const room = roomWith(newRun("r1", "ann", 10), newRun("r2", "bob"));
    room.applySnapshots("ann", "r1", "running", 8, epochs(1, 2));
    const before = structuredClone(room.get("r1"));
    const cases: [Parameters<RaceRoom["applySnapshots"]>, string][] = [
      [["bob", "r1", "running", 8, epochs(3, 3)], "not_your_run"],
      [["ann", "nope", "running", 8, epochs(3, 3)], "unknown_run"],
      [["ann", "r1", "running", 8, epochs(5, 6)], "epoch_gap"],
      [["ann", "r1", "running", 8, [...epochs(3, 4), ...epochs(4, 4)]], "epochs_out_of_order"],
      [["ann", "r1", "running", 8, [...epochs(4, 4), ...epochs(3, 3)]], "epochs_out_of_order"],
      [["ann", "r1", "running", 8, epochs(3, 9)], "beyond_budget"],
      [["ann", "r1", "running", 8, [{ epoch: 3, trainLoss: -1, valLoss: null, msPerEpoch: 1 }]], "bad_loss"],
      [["ann", "r1", "running", 8, [{ epoch: 3, trainLoss: NaN, valLoss: null, msPerEpoch: 1 }]], "bad_loss"],
      [["ann", "r1", "running", 8, [{ epoch: 3, trainLoss: 1, valLoss: Infinity, msPerEpoch: 1 }]], "bad_loss"],
      [["ann", "r1", "ended", 8, epochs(3, 3)], "race_not_running"],
      [["ann", "r1", "lobby", 8, epochs(3, 3)], "race_not_running"],
    ];
    for (const [args, reason] of cases) {
      expect(room.applySnapshots(...args), reason).toEqual({ ok: false, reason });
      expect(room.get("r1")).toEqual(before);
    }
    // The run's own plan is a budget too.
    const short = roomWith(newRun("s", "cat", 2));
    expect(short.applySnapshots("cat", "s", "running", 100, epochs(1, 3))).toEqual({ ok: false, reason: "beyond_budget" });
    // A finished run takes nothing more.
    room.finishRun("ann", "r1", "finished");
    expect(room.applySnapshots("ann", "r1", "running", 8, epochs(3, 3))).toEqual({ ok: false, reason: "run_not_running" });
  });
});

describe("race room: ticks", () => {
  it("coalesces every snapshot since the previous tick into one delta per run, and sends nothing when idle", () => {
    const room = roomWith(newRun("r1", "ann"), newRun("r2", "bob"));
    for (let e = 1; e <= 4; e++) room.applySnapshots("ann", "r1", "running", 100, epochs(e, e));
    room.applySnapshots("bob", "r2", "running", 100, epochs(1, 1));
    const tick = room.takeTick(1000)!;
    expect(tick.runs).toHaveLength(2);
    const ann = tick.runs.find((r) => r.runId === "r1")!;
    expect(ann.points.map((p) => p[0])).toEqual([1, 2, 3, 4]);
    // Self-reported losses travel as points; the score (what the room ranks by) waits for a verified submission.
    expect(ann).toMatchObject({ lastEpoch: 4, status: "running" });
    expect(ann.points[3]).toEqual([4, 0.25, null]);
    expect(room.takeTick(1200)).toBeNull();
    room.applySnapshots("ann", "r1", "running", 100, epochs(5, 5));
    expect(room.takeTick(1400)!.runs.map((r) => [r.runId, r.points.length])).toEqual([["r1", 1]]);
  });

  it("mirrors another process's ticks without taking over its runs", () => {
    const owner = roomWith(newRun("r1", "ann"));
    const mirror = roomWith({ ...newRun("r1", "ann"), owned: false });
    owner.applySnapshots("ann", "r1", "running", 100, epochs(1, 3));
    mirror.mergeTick(owner.takeTick(1)!);
    mirror.mergeTick(owner.takeTick(2) ?? { raceId: "race-1", at: 2, runs: [] });
    expect(mirror.get("r1")).toMatchObject({ lastEpoch: 3, owned: false });
    expect(mirror.get("r1")!.points.map((p) => p[0])).toEqual([1, 2, 3]);
    // Ticks carry six significant digits.
    expect(mirror.get("r1")!.points[2]![1]).toBe(0.333333);
    expect(mirror.get("r1")!.trainLoss).toBe(0.333333);
    expect(mirror.takeTick(3)).toBeNull();
    // The student reconnects to the mirror: it adopts the run from the durable epoch; the old owner lets go
    // when the new owner's tick arrives.
    mirror.adopt("r1", owner.get("r1")!.points.slice(0, 2));
    expect(mirror.get("r1")).toMatchObject({ owned: true, lastEpoch: 2 });
    expect(mirror.applySnapshots("ann", "r1", "running", 100, epochs(2, 4)).ok).toBe(true);
    owner.mergeTick(mirror.takeTick(4)!);
    expect(owner.get("r1")).toMatchObject({ owned: false, lastEpoch: 4 });
  });

  it("a mirror survives lost, repeated and reordered ticks: it reports the gap and restores from storage", () => {
    const owner = roomWith(newRun("r1", "ann"));
    const mirror = roomWith({ ...newRun("r1", "ann"), owned: false });
    owner.applySnapshots("ann", "r1", "running", 100, epochs(1, 3));
    const first = owner.takeTick(1)!;
    owner.applySnapshots("ann", "r1", "running", 100, epochs(4, 6));
    const second = owner.takeTick(2)!;
    owner.finishRun("ann", "r1", "finished");
    const third = owner.takeTick(3)!;
    // The first tick is lost, the third arrives before the second, and the second twice.
    expect(mirror.mergeTick(third)).toEqual(["r1"]);
    expect(mirror.mergeTick(second)).toEqual(["r1"]);
    expect(mirror.mergeTick(second)).toEqual(["r1"]);
    // A late tick never takes a run back to running.
    expect(mirror.get("r1")).toMatchObject({ status: "finished", lastEpoch: 6 });
    expect(mirror.get("r1")!.points.map((p) => p[0])).toEqual([4, 5, 6]);
    expect(mirror.restoreCurve("r1", owner.get("r1")!.points.slice(0, 2))).toBe(true);
    expect(mirror.restoreCurve("r1", owner.get("r1")!.points)).toBe(false);
    expect(mirror.get("r1")!.points).toEqual(owner.get("r1")!.points);
    expect(mirror.mergeTick(first)).toEqual([]);
    expect(mirror.get("r1")!.points.map((p) => p[0])).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("only a start made here stops the student's other runs: another process's start announces its own stops", () => {
    const room = roomWith({ ...newRun("new", "ann"), startedAt: 200, owned: false });
    expect(room.addRun({ ...newRun("old", "ann"), startedAt: 100, owned: false })).toEqual([]);
    expect(room.get("new")!.status).toBe("running");
    const stopped = room.addRun({ ...newRun("here", "ann"), startedAt: 300, owned: true });
    expect(stopped.map((r) => r.runId).sort()).toEqual(["new", "old"]);
  });

  it("a run another process ended is released, its numbers taken, and a gap reported", () => {
    const mirror = roomWith({ ...newRun("r1", "ann"), owned: true });
    mirror.applySnapshots("ann", "r1", "running", 100, epochs(1, 2));
    expect(mirror.applyEnded({ runId: "r1", status: "stopped", lastEpoch: 5, trainLoss: 0.2, valLoss: null, msPerEpoch: 4 })).toBe(true);
    expect(mirror.get("r1")).toMatchObject({ owned: false, status: "stopped", lastEpoch: 5, trainLoss: 0.2 });
  });

  it("stops a student's earlier run when they start another, and every run when the race ends", () => {
    const room = roomWith(newRun("r1", "ann"), newRun("r2", "bob"));
    expect(room.addRun(newRun("r3", "ann")).map((r) => r.runId)).toEqual(["r1"]);
    expect(room.get("r1")!.status).toBe("stopped");
    expect(room.stopAll().map((r) => r.runId).sort()).toEqual(["r2", "r3"]);
  });

  it("enforces the room caps", () => {
    const room = new RaceRoom("race", { maxStudents: 2, maxRuns: 3, maxStatePointsPerRun: 10 });
    room.addRun(newRun("a", "ann"));
    room.addRun(newRun("b", "bob"));
    expect(room.canStart({ runId: "c", userId: "cat" }, "running", 20)).toEqual({ ok: false, reason: "room_full_students" });
    expect(room.canStart({ runId: "a", userId: "ann" }, "running", 20)).toEqual({ ok: false, reason: "run_exists" });
    expect(room.canStart({ runId: "c", userId: "ann" }, "lobby", 20)).toEqual({ ok: false, reason: "race_not_running" });
    expect(room.canStart({ runId: "c", userId: "ann" }, "running", 20).ok).toBe(true);
    // Runs on their way in (checked, not yet added) count.
    expect(room.canStart({ runId: "c", userId: "ann" }, "running", 20, 1)).toEqual({ ok: false, reason: "room_full_runs" });
    room.addRun(newRun("c", "ann"));
    expect(room.canStart({ runId: "d", userId: "ann" }, "running", 20)).toEqual({ ok: false, reason: "room_full_runs" });
  });

  it("limits the runs one student may start, whatever the room's room", () => {
    const room = new RaceRoom("race");
    room.addRun(newRun("a1", "ann"));
    room.addRun(newRun("a2", "ann"));
    expect(room.canStart({ runId: "a3", userId: "ann" }, "running", 3).ok).toBe(true);
    expect(room.canStart({ runId: "a3", userId: "ann" }, "running", 3, 1)).toEqual({ ok: false, reason: "student_run_limit" });
    room.addRun(newRun("a3", "ann"));
    expect(room.canStart({ runId: "a4", userId: "ann" }, "running", 3)).toEqual({ ok: false, reason: "student_run_limit" });
    expect(room.canStart({ runId: "b1", userId: "bob" }, "running", 3).ok).toBe(true);
  });

  it("thins long curves for the full state, keeping the first and latest points", () => {
    const points: LossPoint[] = Array.from({ length: 1000 }, (_, i) => [i + 1, 1, null]);
    const thinned = thin(points, 50);
    expect(thinned).toHaveLength(50);
    expect(thinned[0]![0]).toBe(1);
    expect(thinned[49]![0]).toBe(1000);
  });
});

describe("race room: what a room does not do", () => {
  it("never ranks: a run claiming loss 0 carries its numbers and nothing else (the boards rank, from storage)", () => {
    const room = roomWith(newRun("r1", "cheat"));
    room.applySnapshots("cheat", "r1", "running", 100, [{ epoch: 1, trainLoss: 0, valLoss: 0, msPerEpoch: 1 }]);
    expect(Object.keys(room.views()[0]!).sort()).toEqual(
      ["config", "displayName", "lastEpoch", "msPerEpoch", "plannedEpochs", "points", "rollout", "runId", "startedAt", "status", "trainLoss", "userId", "valLoss"].sort(),
    );
    expect(Object.keys(room.takeTick(1)!.runs[0]!).sort()).toEqual(["lastEpoch", "points", "runId", "status"]);
  });
});


describe("flood guard", () => {
  it("lets a paced client through, throttles a burst, then disconnects a client that keeps flooding", () => {
    const guard = new FloodGuard({ ...DEFAULT_FLOOD_RULES, messagesPerSec: 10, messageBurst: 10, strikeLimit: 5 }, 0);
    for (let t = 0; t < 10_000; t += 100) expect(guard.admit(t, 1, 100)).toBe("ok");
    const flood = new FloodGuard({ ...DEFAULT_FLOOD_RULES, messagesPerSec: 10, messageBurst: 10, strikeLimit: 5 }, 0);
    const verdicts = Array.from({ length: 20 }, () => flood.admit(0, 1, 100));
    expect(verdicts.slice(0, 10).every((v) => v === "ok")).toBe(true);
    expect(verdicts.slice(10, 15).every((v) => v === "throttled")).toBe(true);
    expect(verdicts[15]).toBe("disconnect");
    // Too many bytes at once is refused even when messages are within limits.
    const bytes = new FloodGuard(DEFAULT_FLOOD_RULES, 0);
    expect(bytes.admit(0, 1, DEFAULT_FLOOD_RULES.byteBurst + 1)).toBe("throttled");
  });
});
