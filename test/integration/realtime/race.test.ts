/**
 * Races over real sockets against the real server: the teacher's controls, runs streaming epochs, the coalesced
 * tick, late joiners, reconnects without loss, and every bad input refused with the room unchanged.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { request } from "@/app/_lib/realtime";
import { RunUplink } from "@/app/_lib/run-uplink";
import { requests } from "@/lib/realtime/events";
import type { TRaceBoard } from "@/lib/scoring/views";
import { MAX_SNAPSHOT_BATCH } from "@/lib/realtime/race";
import { closeAllSockets, connected } from "../../support/realtime";
import { epochs, participant, setUpRace, startRace, testConfig, TEST_RULES, unwrap, type RaceSetup } from "../../support/race";
import { startTestServer, type TestServer } from "../../support/server";

let server: TestServer;
beforeAll(async () => {
  // A slow tick makes coalescing visible without timing assertions: many snapshots land within one tick.
  server = await startTestServer({ deps: { races: { tickMs: 300 } } });
});
afterEach(() => closeAllSockets());
afterAll(() => server.close());

async function startRun(setup: RaceSetup, i: number, epochsPlanned = 40) {
  const { run } = await unwrap(request(setup.students[i]!.socket, "run:start", { raceId: setup.race.id, config: testConfig(TEST_RULES, epochsPlanned), backend: "cpu", device: "test" }));
  return run.runId;
}

describe("race controls", () => {
  it("takes a race from lobby to countdown to running to paused and back to ended, announcing each step", async () => {
    const setup = await setUpRace(server.url, { students: 1 });
    const student = setup.students[0]!;
    expect(setup.race).toMatchObject({ status: "lobby", name: "Heat 1", rules: TEST_RULES });
    const started = await unwrap(request(setup.teacher.socket, "race:start", { raceId: setup.race.id, countdownSec: 5 }));
    expect(started.race.status).toBe("countdown");
    expect(started.race.startsAt! - Date.now()).toBeGreaterThan(3000);
    expect(await student.inbox.next("race:updated", (e) => e.race.status === "countdown")).toMatchObject({ race: { id: setup.race.id } });
    // During the countdown nobody can start a run yet.
    const early = await request(student.socket, "run:start", { raceId: setup.race.id, config: testConfig(), backend: null, device: null });
    expect(early).toMatchObject({ ok: false, error: { code: "forbidden", reason: "race_not_running" } });
    const ended = await unwrap(request(setup.teacher.socket, "race:end", { raceId: setup.race.id }));
    expect(ended.race.status).toBe("ended");
    await student.inbox.next("race:updated", (e) => e.race.status === "ended");
  });

  it("pauses, resumes and extends a timed race, moving the deadline", async () => {
    const setup = await setUpRace(server.url, { students: 0, rules: { ...TEST_RULES, budget: { maxEpochs: 50, timeLimitSec: 600 } } });
    const id = setup.race.id;
    const t = setup.teacher.socket;
    const running = await unwrap(request(t, "race:start", { raceId: id, countdownSec: 0 }));
    expect(running.race.status).toBe("running");
    await unwrap(request(t, "race:pause", { raceId: id }));
    const extended = await unwrap(request(t, "race:extend", { raceId: id, seconds: 60 }));
    expect(extended.race.endsAt).toBe(running.race.endsAt! + 60_000);
    const resumed = await unwrap(request(t, "race:resume", { raceId: id }));
    expect(resumed.race.status).toBe("running");
    expect(resumed.race.endsAt!).toBeGreaterThanOrEqual(extended.race.endsAt!);
  });

  it("refuses teacher controls from a student, and controls in the wrong state, changing nothing", async () => {
    const setup = await setUpRace(server.url, { students: 1 });
    const student = setup.students[0]!.socket;
    for (const event of ["race:pause", "race:end", "race:resume"] as const) {
      expect(await request(student, event, { raceId: setup.race.id })).toMatchObject({ ok: false, error: { code: "forbidden", reason: "not_teacher" } });
    }
    expect(await request(student, "race:start", { raceId: setup.race.id, countdownSec: 0 })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await request(student, "race:create", { classroomId: setup.classroomId, name: "Mine", rules: TEST_RULES })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await request(setup.teacher.socket, "race:pause", { raceId: setup.race.id })).toMatchObject({ ok: false, error: { code: "forbidden", reason: "wrong_status" } });
    expect(await request(setup.teacher.socket, "race:extend", { raceId: setup.race.id, seconds: 60 })).toMatchObject({ ok: false, error: { reason: "wrong_status" } });
    expect(await request(setup.teacher.socket, "race:create", { classroomId: setup.classroomId, name: "Bad", rules: { ...TEST_RULES, maxHidden: 9999 } })).toMatchObject({
      ok: false,
      error: { code: "bad_request", field: "rules.maxHidden" },
    });
    const state = await unwrap(request(student, "race:state", { raceId: setup.race.id }));
    expect(state.race.status).toBe("lobby");
    const { races } = await unwrap(request(student, "race:list", { classroomId: setup.classroomId }));
    expect(races.map((r) => r.name)).toEqual(["Heat 1"]);
  });

  it("keeps outsiders out of a race", async () => {
    const setup = await setUpRace(server.url, { students: 0 });
    const other = await setUpRace(server.url, { students: 1 });
    const outsider = other.students[0]!.socket;
    expect(await request(outsider, "race:state", { raceId: setup.race.id })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await request(outsider, "race:list", { classroomId: setup.classroomId })).toMatchObject({ ok: false, error: { code: "forbidden" } });
  });
});

describe("runs and ticks", () => {
  it("coalesces many snapshots into few ticks, one delta per run, with every epoch in order", async () => {
    const setup = await setUpRace(server.url, { students: 2 });
    await startRace(setup);
    const a = await startRun(setup, 0);
    const b = await startRun(setup, 1);
    const watcher = setup.teacher;
    // 30 single-epoch messages from each student, as fast as acks allow.
    for (let e = 1; e <= 30; e++) {
      await Promise.all([
        unwrap(request(setup.students[0]!.socket, "run:snapshot", { runId: a, snapshots: epochs(e, e) })),
        unwrap(request(setup.students[1]!.socket, "run:snapshot", { runId: b, snapshots: epochs(e, e, 2) })),
      ]);
    }
    await watcher.inbox.next("race:tick", (t) => t.runs.some((r) => r.runId === a && r.lastEpoch === 30));
    await watcher.inbox.next("race:tick", (t) => t.runs.some((r) => r.runId === b && r.lastEpoch === 30));
    const ticks = watcher.inbox.of("race:tick");
    // 60 snapshot messages reached the server; far fewer ticks went out, each naming a run at most once.
    expect(ticks.length).toBeLessThan(30);
    for (const tick of ticks) expect(new Set(tick.runs.map((r) => r.runId)).size).toBe(tick.runs.length);
    const seen = ticks.flatMap((t) => t.runs.filter((r) => r.runId === a).flatMap((r) => r.points.map((p) => p[0])));
    expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    // The run-started announcements are reliable and carry who and what.
    expect(await watcher.inbox.next("race:run-started", (e) => e.run.runId === a)).toMatchObject({ run: { displayName: "Student 1", config: { cell: "RNN", hidden: 4 } } });
  });

  it("gives a late joiner everyone's curves and latest numbers, then live ticks", async () => {
    const setup = await setUpRace(server.url, { students: 2 });
    await startRace(setup);
    const a = await startRun(setup, 0);
    await unwrap(request(setup.students[0]!.socket, "run:snapshot", { runId: a, snapshots: epochs(1, 12) }));
    // A student arrives while the race runs: the state has the other's curve; they can still start.
    const late = setup.students[1]!;
    late.socket.disconnect();
    const again = await participant(late.client, late.userId);
    const state = await unwrap(request(again.socket, "race:state", { raceId: setup.race.id }));
    expect(state.race.status).toBe("running");
    const other = state.runs.find((r) => r.runId === a)!;
    expect(other.points.map((p) => p[0])).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    // Its self-reported losses come with it; nothing of it is a score (the boards rank what the server verified).
    expect(other).toMatchObject({ lastEpoch: 12, valLoss: 1.1 / 12, displayName: "Student 1" });
    expect(other).not.toHaveProperty("score");
    const { run } = await unwrap(request(again.socket, "run:start", { raceId: setup.race.id, config: testConfig(), backend: null, device: null }));
    await unwrap(request(setup.students[0]!.socket, "run:snapshot", { runId: a, snapshots: epochs(13, 14) }));
    expect(await again.inbox.next("race:tick", (t) => t.runs.some((r) => r.runId === a && r.lastEpoch === 14))).toBeTruthy();
    expect(run.status).toBe("running");
  });

  it("stores the run in the Run table with its config, curve, rollout and final losses", async () => {
    const setup = await setUpRace(server.url, { students: 1 });
    await startRace(setup);
    const s = setup.students[0]!.socket;
    const runId = await startRun(setup, 0, 20);
    await unwrap(request(s, "run:snapshot", { runId, snapshots: epochs(1, 20) }));
    const length = TEST_RULES.dataset.length - TEST_RULES.window;
    await unwrap(request(s, "run:rollout", { runId, epoch: 20, mse: 0.5, predicted: Array.from({ length }, (_, i) => i / length) }));
    const finished = await unwrap(request(s, "run:finish", { runId, status: "finished", msPerEpoch: 3 }));
    expect(finished.run).toMatchObject({ status: "finished", lastEpoch: 20 });
    const repos = server.database.repositories;
    const stored = await repos.runs.findById(runId);
    expect(stored).toMatchObject({ kind: "race", raceId: setup.race.id, classroomId: setup.classroomId, status: "finished", lastEpoch: 20, backend: "cpu", device: "test", msPerEpoch: 3 });
    expect(stored!.finalTrainLoss).toBeCloseTo(1 / 20, 6);
    expect(stored!.finalValLoss).toBeCloseTo(1.1 / 20, 6);
    expect(stored!.config.model.hidden).toBe(4);
    expect((await repos.runs.readCurve(runId)).map((p) => p.epoch)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect((await repos.runs.readRollouts(runId)).map((r) => r.epoch)).toEqual([20]);
  });

  it("ends the race: running runs stop, later snapshots are refused, the unverified are listed unranked", async () => {
    const setup = await setUpRace(server.url, { students: 2 });
    await startRace(setup);
    const a = await startRun(setup, 0);
    const b = await startRun(setup, 1);
    await unwrap(request(setup.students[0]!.socket, "run:snapshot", { runId: a, snapshots: epochs(1, 5) }));
    await unwrap(request(setup.students[1]!.socket, "run:snapshot", { runId: b, snapshots: epochs(1, 3, 0.5) }));
    await unwrap(request(setup.teacher.socket, "race:end", { raceId: setup.race.id }));
    expect(await request(setup.students[0]!.socket, "run:snapshot", { runId: a, snapshots: epochs(6, 6) })).toMatchObject({
      ok: false,
      error: { code: "forbidden", reason: "race_not_running" },
    });
    const repos = server.database.repositories;
    expect((await repos.runs.findById(a))!.status).toBe("stopped");
    expect((await repos.runs.readCurve(a)).length).toBe(5);
    // Nobody uploaded weights: nobody is verified, so the second student's self-reported 0.55 ranks nobody; the
    // board lists both students, unranked.
    const board = await setup.teacher.client.get<TRaceBoard>(`/api/races/${setup.race.id}/board`);
    expect(board.body).toMatchObject({ ok: true, data: { board: { rows: [] } } });
    if (!board.body.ok) throw new Error("no board");
    expect(board.body.data.board.unranked.map((u) => u.userId).sort()).toEqual(setup.students.map((p) => p.userId).sort());
  });
});

describe("leaving the classroom", () => {
  it("a student removed from the classroom stops receiving its race's ticks and updates at once, and cannot watch again", async () => {
    const setup = await setUpRace(server.url, { students: 2 });
    await startRace(setup);
    const [removed, racer] = setup.students as [(typeof setup.students)[0], (typeof setup.students)[0]];
    const runId = await startRun(setup, 1);
    await unwrap(request(racer.socket, "run:snapshot", { runId, snapshots: epochs(1, 1) }));
    // Watching the race (its page open), the student gets the ticks...
    await removed.inbox.next("race:tick", (t) => t.runs.some((r) => r.runId === runId && r.lastEpoch === 1));

    await setup.teacher.client.delete(`/api/classrooms/${setup.classroomId}/members/${removed.userId}`);
    await unwrap(request(racer.socket, "run:snapshot", { runId, snapshots: epochs(2, 4) }));
    await unwrap(request(racer.socket, "run:finish", { runId, status: "finished", msPerEpoch: 3 }));
    await unwrap(request(setup.teacher.socket, "race:end", { raceId: setup.race.id }));
    // ...and after the removal none: the teacher sees epoch 4, the finish and the end; the removed student nothing.
    await setup.teacher.inbox.next("race:tick", (t) => t.runs.some((r) => r.runId === runId && r.lastEpoch === 4));
    await setup.teacher.inbox.next("race:updated", (e) => e.race.status === "ended");
    await removed.inbox.flush();
    expect(removed.inbox.of("race:tick").filter((t) => t.runs.some((r) => r.lastEpoch > 1))).toEqual([]);
    expect(removed.inbox.of("race:run-updated")).toEqual([]);
    expect(removed.inbox.of("race:updated").filter((e) => e.race.status === "ended")).toEqual([]);
    // The socket is still connected, but the race is closed to it.
    expect(await request(removed.socket, "race:state", { raceId: setup.race.id })).toMatchObject({ ok: false, error: { reason: "unknown_race" } });
  });
});

describe("bad input is refused and changes nothing", () => {
  it("refuses each bad snapshot, run start and rollout with a clear error", async () => {
    const setup = await setUpRace(server.url, { students: 2 });
    const [ann, bob] = setup.students as [NonNullable<RaceSetup["students"][0]>, NonNullable<RaceSetup["students"][0]>];
    // Before the race starts: no run.
    expect(await request(ann.socket, "run:start", { raceId: setup.race.id, config: testConfig(), backend: null, device: null })).toMatchObject({ ok: false, error: { reason: "race_not_running" } });
    await startRace(setup);
    const runId = await startRun(setup, 0, 10);
    await unwrap(request(ann.socket, "run:snapshot", { runId, snapshots: epochs(1, 3) }));
    const before = await unwrap(request(setup.teacher.socket, "race:state", { raceId: setup.race.id }));

    const cases: [string, Promise<unknown>, object][] = [
      ["teacher cannot race", request(setup.teacher.socket, "run:start", { raceId: setup.race.id, config: testConfig(), backend: null, device: null }), { code: "forbidden", reason: "students_only" }],
      ["cell not allowed", request(bob.socket, "run:start", { raceId: setup.race.id, config: { ...testConfig(), model: { ...testConfig().model, hidden: 100 } }, backend: null, device: null }), { code: "bad_request", reason: "entry_not_allowed", problems: [{ field: "model.hidden", problem: "too_many_hidden", values: { max: 64 } }] }],
      ["not the race's data", request(bob.socket, "run:start", { raceId: setup.race.id, config: { ...testConfig(), window: 10 }, backend: null, device: null }), { code: "bad_request", reason: "entry_not_allowed" }],
      ["not your run", request(bob.socket, "run:snapshot", { runId, snapshots: epochs(4, 4) }), { code: "forbidden", reason: "not_your_run" }],
      ["no such run", request(ann.socket, "run:snapshot", { runId: "nope", snapshots: epochs(4, 4) }), { code: "not_found", reason: "unknown_run" }],
      ["gap", request(ann.socket, "run:snapshot", { runId, snapshots: epochs(6, 7) }), { code: "bad_request", reason: "epoch_gap" }],
      ["backwards", request(ann.socket, "run:snapshot", { runId, snapshots: [...epochs(5, 5), ...epochs(4, 4)] }), { code: "bad_request", reason: "epochs_out_of_order" }],
      ["beyond the run's budget", request(ann.socket, "run:snapshot", { runId, snapshots: epochs(4, 11) }), { code: "bad_request", reason: "beyond_budget" }],
      ["negative loss", request(ann.socket, "run:snapshot", { runId, snapshots: [{ epoch: 4, trainLoss: -1, valLoss: null, msPerEpoch: 1 }] }), { code: "bad_request", field: "snapshots.0.trainLoss" }],
      // JSON has no NaN or Infinity: they arrive as null and are refused as not numbers.
      ["non-finite loss", request(ann.socket, "run:snapshot", { runId, snapshots: [{ epoch: 4, trainLoss: NaN, valLoss: Infinity, msPerEpoch: 1 }] }), { code: "bad_request", field: "snapshots.0.trainLoss" }],
      ["too many in one batch", request(ann.socket, "run:snapshot", { runId, snapshots: epochs(4, 4 + MAX_SNAPSHOT_BATCH) }), { code: "bad_request", field: "snapshots" }],
      ["empty batch", request(ann.socket, "run:snapshot", { runId, snapshots: [] }), { code: "bad_request" }],
      ["extra fields", request(ann.socket, "run:snapshot", { runId, snapshots: epochs(4, 4), admin: true } as never), { code: "bad_request" }],
      ["rollout of the wrong length", request(ann.socket, "run:rollout", { runId, epoch: 3, mse: 0.1, predicted: [1, 2, 3] }), { code: "bad_request", reason: "bad_rollout" }],
      ["someone else's finish", request(bob.socket, "run:finish", { runId, status: "finished", msPerEpoch: null }), { code: "forbidden", reason: "not_your_run" }],
    ];
    for (const [name, pending, error] of cases) {
      expect(await pending, name).toMatchObject({ ok: false, error });
    }
    const after = await unwrap(request(setup.teacher.socket, "race:state", { raceId: setup.race.id }));
    expect(after.runs).toEqual(before.runs);
    expect((await server.database.repositories.runs.listForRace(setup.race.id)).length).toBe(1);
  });
});

describe("flooding and caps", () => {
  let strict: TestServer;
  beforeAll(async () => {
    strict = await startTestServer({
      deps: {
        races: { caps: { maxStudents: 2, maxRuns: 3, maxStatePointsPerRun: 10 } },
        socketBudget: { messagesPerSec: 5, messageBurst: 5, epochsPerSec: 50, epochBurst: 50, bytesPerSec: 1e6, byteBurst: 1e6, strikeLimit: 5 },
      },
    });
  });
  afterAll(() => strict.close());

  it("caps a room's students and runs", async () => {
    const setup = await setUpRace(strict.url, { students: 3 });
    await startRace(setup);
    const start = (i: number) => request(setup.students[i]!.socket, "run:start", { raceId: setup.race.id, config: testConfig(), backend: null, device: null });
    const first = await unwrap(start(0));
    expect((await start(1)).ok).toBe(true);
    expect(await start(2)).toMatchObject({ ok: false, error: { code: "forbidden", reason: "room_full_students" } });
    expect((await start(0)).ok).toBe(true);
    expect(await start(1)).toMatchObject({ ok: false, error: { code: "forbidden", reason: "room_full_runs" } });
    // The first run was stopped when its student started another; it stays in the race. (A pause first: the
    // teacher's socket spent its small message burst on the set-up.)
    await new Promise((r) => setTimeout(r, 1200));
    const state = await unwrap(request(setup.teacher.socket, "race:state", { raceId: setup.race.id }));
    expect(state.runs.find((r) => r.runId === first.run.runId)!.status).toBe("stopped");
    expect((await strict.database.repositories.runs.listForRace(setup.race.id)).length).toBe(3);
  });

  it("cuts off a frame larger than the transport allows (64 KiB) before it reaches any handler", async () => {
    const setup = await setUpRace(strict.url, { students: 1 });
    await startRace(setup);
    await new Promise((r) => setTimeout(r, 1200));
    const ann = setup.students[0]!;
    const { run } = await unwrap(request(ann.socket, "run:start", { raceId: setup.race.id, config: testConfig(), backend: null, device: null }));
    const disconnected = new Promise((resolve) => ann.socket.once("disconnect", resolve));
    const huge = { runId: run.runId, epoch: 1, mse: 0.1, predicted: Array.from({ length: 4000 }, () => 0.123456789012345) };
    void request(ann.socket, "run:rollout", huge);
    expect(await disconnected).toBe("transport close");
    const state = await unwrap(request(setup.teacher.socket, "race:state", { raceId: setup.race.id }));
    expect(state.runs[0]!.rollout).toBeNull();
  });

  it("throttles a flooding socket (state unchanged), then disconnects it", async () => {
    const setup = await setUpRace(strict.url, { students: 1 });
    await startRace(setup);
    const ann = setup.students[0]!;
    // The set-up used part of the message burst; wait for a full bucket without a sleep assertion on time.
    await new Promise((r) => setTimeout(r, 1200));
    const { run } = await unwrap(request(ann.socket, "run:start", { raceId: setup.race.id, config: testConfig(), backend: null, device: null }));
    const disconnected = new Promise((resolve) => ann.socket.once("disconnect", resolve));
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => request(ann.socket, "run:snapshot", { runId: run.runId, snapshots: epochs(i + 1, i + 1) })));
    const refused = results.filter((r) => !r.ok);
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) expect(r).toMatchObject({ ok: false, error: { code: "rate_limited", reason: "throttled" } });
    const accepted = results.filter((r) => r.ok).length;
    await disconnected;
    const state = await unwrap(request(setup.teacher.socket, "race:state", { raceId: setup.race.id }));
    expect(state.runs[0]!.lastEpoch).toBe(accepted);
  });
});

describe("reconnecting", () => {
  it("loses no epoch when the connection drops mid-run: the uplink re-sends after the durable epoch", async () => {
    const setup = await setUpRace(server.url, { students: 1 });
    await startRace(setup);
    const ann = setup.students[0]!;
    const runId = await startRun(setup, 0, 40);
    const uplink = new RunUplink(ann.socket, runId, { batchMs: 20 });
    for (const s of epochs(1, 10)) uplink.push(s);
    await uplink.drained();
    ann.socket.disconnect();
    // Training goes on offline.
    for (const s of epochs(11, 25)) uplink.push(s);
    expect(uplink.pending).toBe(15);
    await connected(ann.socket);
    for (const s of epochs(26, 30)) uplink.push(s);
    await uplink.drained();
    uplink.close();
    await unwrap(request(ann.socket, "run:finish", { runId, status: "stopped", msPerEpoch: 3 }));
    const curve = await server.database.repositories.runs.readCurve(runId);
    expect(curve.map((p) => p.epoch)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });
});

it("every request of the contract is covered by the roster tests or above", () => {
  const race = ["race:create", "race:end", "race:extend", "race:list", "race:pause", "race:resume", "race:start", "race:state", "run:finish", "run:resume", "run:rollout", "run:snapshot", "run:start"];
  expect(Object.keys(requests).sort()).toEqual(["room:enter", "room:leave", ...race].sort());
});
