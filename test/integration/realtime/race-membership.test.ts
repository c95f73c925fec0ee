/**
 * A student removed from the classroom loses the race at once, whatever their sockets do: an open socket's run
 * requests are refused and change nothing, and a socket that comes back through connection-state recovery (its
 * rooms restored without asking) is no longer in the race's room.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { request } from "@/app/_lib/realtime";
import { epochs, setUpRace, startRace, testConfig, unwrap } from "../../support/race";
import { closeAllSockets } from "../../support/realtime";
import { startTestServer, type TestServer } from "../../support/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ deps: { races: { tickMs: 100 } } });
});
afterEach(() => closeAllSockets());
afterAll(() => server.close());

describe("a removed student", () => {
  it("cannot feed their run to the class from a socket that stayed open", async () => {
    const setup = await setUpRace(server.url, { students: 1 });
    await startRace(setup);
    const ann = setup.students[0]!;
    const { run } = await unwrap(request(ann.socket, "run:start", { raceId: setup.race.id, config: testConfig(), backend: null, device: null }));
    await unwrap(request(ann.socket, "run:snapshot", { runId: run.runId, snapshots: epochs(1, 3) }));
    await setup.teacher.client.delete(`/api/classrooms/${setup.classroomId}/members/${ann.userId}`);

    const refused = { ok: false, error: { code: "forbidden", reason: "not_member" } };
    expect(await request(ann.socket, "run:snapshot", { runId: run.runId, snapshots: epochs(4, 8) })).toMatchObject(refused);
    expect(await request(ann.socket, "run:rollout", { runId: run.runId, epoch: 3, mse: 0.1, predicted: Array.from({ length: 90 }, () => 0) })).toMatchObject(refused);
    expect(await request(ann.socket, "run:resume", { runId: run.runId })).toMatchObject(refused);
    expect(await request(ann.socket, "run:finish", { runId: run.runId, status: "finished", msPerEpoch: 3 })).toMatchObject(refused);
    const state = await unwrap(request(setup.teacher.socket, "race:state", { raceId: setup.race.id }));
    expect(state.runs.find((r) => r.runId === run.runId)).toMatchObject({ lastEpoch: 3, status: "running", rollout: null });
  });

  it("is taken out of the race's room when their dropped connection is recovered", async () => {
    const setup = await setUpRace(server.url, { students: 2 });
    await startRace(setup);
    const [anna, ben] = setup.students as [(typeof setup.students)[0], (typeof setup.students)[0]];
    const { run } = await unwrap(request(ben.socket, "run:start", { raceId: setup.race.id, config: testConfig(), backend: null, device: null }));
    await unwrap(request(ben.socket, "run:snapshot", { runId: run.runId, snapshots: epochs(1, 1) }));
    await anna.inbox.next("race:tick", (t) => t.runs.some((r) => r.runId === run.runId));
    // In the classroom's room too (the race page enters it), so the teacher sees her go offline.
    await unwrap(request(anna.socket, "room:enter", { classroomId: setup.classroomId }));

    // Anna's Wi-Fi drops; once the server has noticed, the teacher removes her; her connection comes back with
    // its rooms.
    const back = new Promise<void>((resolve) => anna.socket.once("connect", () => resolve()));
    anna.socket.io.engine.close();
    await setup.teacher.inbox.next("roster:presence-changed", (e) => e.userId === anna.userId && !e.online);
    await setup.teacher.client.delete(`/api/classrooms/${setup.classroomId}/members/${anna.userId}`);
    await back;
    expect(anna.socket.recovered).toBe(true);

    await unwrap(request(ben.socket, "run:snapshot", { runId: run.runId, snapshots: epochs(2, 6) }));
    await setup.teacher.inbox.next("race:tick", (t) => t.runs.some((r) => r.runId === run.runId && r.lastEpoch === 6));
    await ben.inbox.next("race:tick", (t) => t.runs.some((r) => r.runId === run.runId && r.lastEpoch === 6));
    await anna.inbox.flush();
    expect(anna.inbox.of("race:tick").filter((t) => t.runs.some((r) => r.lastEpoch > 1))).toEqual([]);
  });
});
