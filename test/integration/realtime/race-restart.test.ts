/**
 * A server killed mid-race (SIGKILL: no flush) and started again on the same database and port: the student's
 * page reconnects by itself, asks the run's durable last epoch and re-sends the rest, so the stored curve ends
 * up complete. The race room is rebuilt from storage for everyone.
 */
import { randomBytes } from "node:crypto";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { request } from "@/app/_lib/realtime";
import { RunUplink } from "@/app/_lib/run-uplink";
import { openDatabase } from "@/server/persistence/database";
import { startChildServer, type ChildServer } from "../../support/child-server";
import { createSqliteDatabase } from "../../support/databases";
import { epochs, setUpRace, startRace, testConfig, unwrap } from "../../support/race";
import { closeAllSockets, connected } from "../../support/realtime";

const db = createSqliteDatabase();
const servers: ChildServer[] = [];
afterEach(() => closeAllSockets());
afterAll(async () => {
  for (const s of servers) await s.kill();
  await db.drop();
});

describe("server restart mid-race", () => {
  it("loses no epoch: the uplink re-sends what the killed server had not written", async () => {
    const env = { DATABASE_URL: db.url, SESSION_SECRET: randomBytes(32).toString("hex"), BENCH_SCRYPT_N: "4096" };
    const first = await startChildServer(env);
    servers.push(first);
    const setup = await setUpRace(first.url, { students: 1 });
    await startRace(setup);
    const ann = setup.students[0]!;
    const { run } = await unwrap(request(ann.socket, "run:start", { raceId: setup.race.id, config: testConfig(undefined, 50), backend: null, device: null }));
    const uplink = new RunUplink(ann.socket, run.runId, { batchMs: 10 });
    for (const s of epochs(1, 20)) uplink.push(s);
    await uplink.drained();
    expect(uplink.acknowledged).toBe(20);

    await first.kill();
    // Acknowledged is not durable: the killed server had buffered some of these epochs.
    for (const s of epochs(21, 30)) uplink.push(s);
    const second = await startChildServer({ ...env, PORT: String(first.port) });
    servers.push(second);
    await connected(ann.socket);
    for (const s of epochs(31, 35)) uplink.push(s);
    await uplink.drained();
    uplink.close();
    expect(uplink.acknowledged).toBe(35);

    // Everyone rebuilds the room from storage on the new process.
    await connected(setup.teacher.socket);
    const state = await unwrap(request(setup.teacher.socket, "race:state", { raceId: setup.race.id }));
    expect(state.race.status).toBe("running");
    expect(state.runs.find((r) => r.runId === run.runId)).toMatchObject({ lastEpoch: 35, displayName: "Student 1" });
    await unwrap(request(ann.socket, "run:finish", { runId: run.runId, status: "stopped", msPerEpoch: 3 }));
    await second.stop();

    const database = await openDatabase(db.url);
    try {
      const curve = await database.repositories.runs.readCurve(run.runId);
      expect(curve.map((p) => p.epoch)).toEqual(Array.from({ length: 35 }, (_, i) => i + 1));
      expect((await database.repositories.runs.findById(run.runId))!.status).toBe("stopped");
    } finally {
      await database.close();
    }
  });
});
