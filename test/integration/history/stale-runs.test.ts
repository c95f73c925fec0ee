/**
 * Abandoned Playground runs (the tab closed mid-training) are stopped by the server's sweep once no epoch has
 * arrived for STALE_AFTER_MS, on SQLite and PostgreSQL, with the server's clock under the test's control. Race
 * runs, finished runs and runs still making progress are left alone.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STALE_AFTER_MS } from "@/lib/history/stale";
import type { RunDetailView } from "@/lib/history/views";
import { stopStaleRuns } from "@/server/services/stale-runs";
import type { TestDatabase } from "../../support/databases";
import { aRace, aRun, curvePoints } from "../../support/records";
import { joinAsStudent, startTestServer, teacherWithClassroom, type ApiClient, type TestServer } from "../../support/server";
import { DATABASE_TARGETS, TINY, MINUTE } from "./targets";


for (const target of DATABASE_TARGETS) {
  describe.skipIf(target.skip)(`stale run sweep on ${target.name}`, () => {
    let testDb: TestDatabase;
    let server: TestServer;
    let now = Date.parse("2026-03-01T10:00:00.000Z");
    let student: { client: ApiClient; userId: string };
    let teacherId: string;
    let classroomId: string;

    beforeAll(async () => {
      testDb = await target.create();
      server = await startTestServer({ databaseUrl: testDb.url, deps: { clock: { now: () => now } } });
      const room = await teacherWithClassroom(server.url, "Physics");
      teacherId = room.userId;
      classroomId = room.classroomId;
      student = await joinAsStudent(server.url, room.code, "Ann");
    });
    afterAll(async () => {
      await server?.close();
      await testDb?.drop();
    });

    const start = async (): Promise<string> => {
      const created = await student.client.post<{ runId: string }>("/api/runs", { config: TINY });
      if (!created.body.ok) throw new Error(JSON.stringify(created.body));
      return created.body.data.runId;
    };
    const detail = async (runId: string) => {
      const response = await student.client.get<RunDetailView>(`/api/runs/${runId}`);
      if (!response.body.ok) throw new Error(JSON.stringify(response.body));
      return response.body.data;
    };

    it("stops a run once no epoch has arrived for the idle time, keeping its curve and last losses", async () => {
      const startedAt = now;
      const abandoned = await start();
      const silent = await start(); // closed before its first epoch
      const points = curvePoints(1, 3).map((p) => ({ ...p, tMs: 2 * MINUTE + p.epoch * 1000 })); // last epoch at 2:03
      expect((await student.client.post(`/api/runs/${abandoned}/snapshots`, { points })).status).toBe(200);

      now = startedAt + STALE_AFTER_MS - 1;
      expect(await stopStaleRuns(server.handle.ctx)).toBe(0);
      expect((await detail(silent)).run.status).toBe("running");

      now = startedAt + STALE_AFTER_MS;
      expect(await stopStaleRuns(server.handle.ctx)).toBe(1);
      expect((await detail(silent)).run).toMatchObject({ status: "stopped", finishedAt: new Date(startedAt).toISOString() });
      expect((await detail(abandoned)).run.status).toBe("running");

      now = startedAt + 2 * MINUTE + 3000 + STALE_AFTER_MS;
      expect(await stopStaleRuns(server.handle.ctx)).toBe(1);
      const stopped = await detail(abandoned);
      expect(stopped.run).toMatchObject({
        status: "stopped",
        finishedAt: new Date(startedAt + 2 * MINUTE + 3000).toISOString(),
        lastEpoch: 3,
        finalTrainLoss: expect.closeTo(1 / 3, 5),
      });
      expect(stopped.curve).toHaveLength(3);
      // The page coming back later is told the run ended; nothing is appended.
      const late = await student.client.post(`/api/runs/${abandoned}/snapshots`, { points: curvePoints(4, 4) });
      expect(late.status).toBe(400);
      expect((await detail(abandoned)).run.lastEpoch).toBe(3);
      // A second sweep finds nothing more.
      expect(await stopStaleRuns(server.handle.ctx)).toBe(0);
    });

    it("leaves runs making progress, finished runs and race runs alone", async () => {
      const startedAt = now;
      const active = await start();
      const done = await start();
      expect((await student.client.post(`/api/runs/${done}/finish`, { status: "finished", finalTrainLoss: 0.5, finalValLoss: null, msPerEpoch: 10 })).status).toBe(200);
      const race = aRace(classroomId, teacherId, { status: "running", startsAt: new Date(startedAt) });
      await server.database.repositories.races.create(race);
      const raceRun = aRun(student.userId, { classroomId, raceId: race.id, kind: "race", config: TINY, startedAt: new Date(startedAt) });
      await server.database.repositories.runs.create(raceRun);

      // 30 minutes in, the active run has just sent an epoch.
      now = startedAt + 30 * MINUTE;
      const points = curvePoints(1, 1).map((p) => ({ ...p, tMs: 30 * MINUTE }));
      expect((await student.client.post(`/api/runs/${active}/snapshots`, { points })).status).toBe(200);
      now += STALE_AFTER_MS - 1;
      expect(await stopStaleRuns(server.handle.ctx)).toBe(0);
      expect((await detail(active)).run.status).toBe("running");
      expect((await detail(done)).run).toMatchObject({ status: "finished", finishedAt: new Date(startedAt).toISOString() });
      expect((await server.database.repositories.runs.findById(raceRun.id))?.status).toBe("running");
    });
  });
}
