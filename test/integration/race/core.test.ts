/**
 * The race core through its own ports: race services on a manual clock, joined by the in-memory fan-out, with
 * real repositories. Nothing here waits for real time: the test advances the clock.
 */
import { afterEach, describe, expect, it } from "vitest";
import { removeMember } from "@/server/services/classrooms";
import { epochs, TEST_RULES, testConfig } from "../../support/race";
import { startRaceCore, type RaceCore } from "../../support/race-core";

let core: RaceCore | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

async function running(options: Parameters<typeof startRaceCore>[0]): Promise<RaceCore> {
  core = await startRaceCore(options);
  await core.processes[0]!.races.control(core.teacherId, core.race.id, { type: "start", countdownMs: 0, timeLimitMs: null });
  return core;
}

describe("ticks", () => {
  it("one tick per period at the clock's multiples of tickMs, with every change since the previous one", async () => {
    const c = await running({ processes: 1, students: 1, rules: TEST_RULES });
    const [p] = c.processes;
    const races = p!.races;
    const { runId } = await races.startRun(c.studentIds[0]!, c.race.id, testConfig(), null, null);
    // Align on a tick instant: the next tick is at the next multiple of 200 ms.
    await c.time.advance(200 - (c.time.now() % 200));
    p!.received.length = 0;
    await races.snapshots(c.studentIds[0]!, runId, epochs(1, 3));
    await races.snapshots(c.studentIds[0]!, runId, epochs(4, 5));
    await c.time.advance(150);
    expect(p!.received.filter((m) => m.event === "race:tick")).toEqual([]);
    await c.time.advance(50);
    const ticks = p!.received.filter((m) => m.event === "race:tick");
    expect(ticks).toHaveLength(1);
    expect(ticks[0]!.payload.runs[0]!.points.map((pt) => pt[0])).toEqual([1, 2, 3, 4, 5]);
    // A quiet race sends nothing.
    await c.time.advance(1000);
    expect(p!.received.filter((m) => m.event === "race:tick")).toHaveLength(1);
  });

  it("a timed race ends once at its deadline when the clock passes it, whichever process notices", async () => {
    core = await startRaceCore({ processes: 2, students: 0, rules: { ...TEST_RULES, budget: { maxEpochs: 50, timeLimitSec: 10 } } });
    const c = core;
    await c.processes[0]!.races.control(c.teacherId, c.race.id, { type: "start", countdownMs: 0, timeLimitMs: 10_000 });
    // Both processes hold the race (a page on each).
    for (const p of c.processes) await p.races.state(c.teacherId, c.race.id);
    await c.time.advance(10_400);
    const ends = c.processes.flatMap((p) => p.received).filter((m) => m.event === "race:updated" && m.payload.race.status === "ended");
    // Each process's watchers hear the end once (one write announced it to every process).
    expect(ends).toHaveLength(2);
    const stored = await c.processes[1]!.server.database.repositories.races.findById(c.race.id);
    expect(stored).toMatchObject({ status: "ended" });
    expect(stored!.endedAt!.getTime()).toBe(stored!.endsAt!.getTime());
  });
});

describe("controls", () => {
  it("every \"+1 minute\" counts, pressed six times at once or on two processes at the same moment", async () => {
    core = await startRaceCore({ processes: 2, students: 0, rules: { ...TEST_RULES, budget: { maxEpochs: 50, timeLimitSec: 600 } } });
    const c = core;
    const [a, b] = c.processes;
    await a!.races.control(c.teacherId, c.race.id, { type: "start", countdownMs: 0, timeLimitMs: 600_000 });
    await b!.races.state(c.teacherId, c.race.id);
    const before = (await a!.server.database.repositories.races.findById(c.race.id))!.endsAt!.getTime();
    const extend = { type: "extend", byMs: 60_000 } as const;
    await Promise.all([
      ...Array.from({ length: 6 }, () => a!.races.control(c.teacherId, c.race.id, extend)),
      b!.races.control(c.teacherId, c.race.id, extend),
    ]);
    const after = (await a!.server.database.repositories.races.findById(c.race.id))!.endsAt!.getTime();
    expect(after - before).toBe(7 * 60_000);
  });
});

describe("who may act", () => {
  it("a removed student's open connection changes nothing any more, on any process", async () => {
    const c = await running({ processes: 2, students: 2, rules: TEST_RULES });
    const [a, b] = c.processes;
    const [ann] = c.studentIds;
    const { runId } = await a!.races.startRun(ann!, c.race.id, testConfig(), null, null);
    await a!.races.snapshots(ann!, runId, epochs(1, 5));
    await c.time.advance(200);
    // The teacher removes Ann through the other process.
    const teacher = (await b!.server.database.repositories.users.findById(c.teacherId))!;
    await removeMember(b!.server.handle.ctx, teacher, c.classroomId, ann!);
    await c.time.advance(1);
    const refused = { code: "forbidden", options: { reason: "not_member" } };
    await expect(a!.races.snapshots(ann!, runId, epochs(6, 8))).rejects.toMatchObject(refused);
    await expect(a!.races.rollout(ann!, runId, { epoch: 5, mse: 0.1, predicted: Array.from({ length: 90 }, () => 0) })).rejects.toMatchObject(refused);
    await expect(a!.races.finish(ann!, runId, "finished", 3)).rejects.toMatchObject(refused);
    await expect(b!.races.resume(ann!, runId)).rejects.toMatchObject(refused);
    await c.time.advance(10_000);
    const repos = a!.server.database.repositories;
    expect((await repos.runs.readCurve(runId)).map((p) => p.epoch)).toEqual([1, 2, 3, 4, 5]);
    expect(await repos.runs.readRollouts(runId)).toEqual([]);
    const state = await a!.races.state(c.teacherId, c.race.id);
    expect(state.runs.find((r) => r.runId === runId)).toMatchObject({ lastEpoch: 5 });
  });

  it("one student's simultaneous starts on several connections cannot pass the per-student limit", async () => {
    const c = await running({ processes: 1, students: 2, rules: { ...TEST_RULES, maxRunsPerStudent: 3 } });
    const races = c.processes[0]!.races;
    const [ann, bob] = c.studentIds;
    const attempts = await Promise.allSettled(Array.from({ length: 8 }, () => races.startRun(ann!, c.race.id, testConfig(), null, null)));
    expect(attempts.filter((a) => a.status === "fulfilled")).toHaveLength(3);
    for (const a of attempts.filter((x) => x.status === "rejected")) {
      expect((a as PromiseRejectedResult).reason).toMatchObject({ code: "forbidden", options: { reason: "student_run_limit" } });
    }
    expect((await c.processes[0]!.server.database.repositories.runs.listForRace(c.race.id)).filter((r) => r.userId === ann)).toHaveLength(3);
    // Everyone else still gets in.
    await expect(races.startRun(bob!, c.race.id, testConfig(), null, null)).resolves.toMatchObject({ userId: bob });
  });
});
