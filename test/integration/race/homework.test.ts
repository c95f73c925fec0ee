/**
 * A homework race through the real server on SQLite and PostgreSQL, on a manual clock: a bad window is refused and
 * stores nothing; before it opens nothing is accepted (runs, submissions); it opens on its own; students submit on
 * different days within the submission limit; the teacher sees who has submitted; it closes on its own with nobody
 * connected, even after a restart of the server; after the close nothing is accepted, and the teacher's reveal
 * shows the private board.
 */
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request, type RealtimeSocket } from "@/app/_lib/realtime";
import type { THomeworkProgress } from "@/lib/api/homework";
import type { RaceView } from "@/lib/realtime/race";
import type { TRaceBoard } from "@/lib/scoring/views";
import { createScoringPool, type ScoringPool } from "@/server/scoring/pool";
import { DATABASE_TARGETS } from "../../support/database-targets";
import type { TestDatabase } from "../../support/databases";
import { ManualTime } from "../../support/manual-time";
import { connected, Inbox } from "../../support/realtime";
import { raceConfig, TEST_RULES, untrainedWeights, uploadWeights } from "../../support/scoring";
import { ApiClient, joinAsStudent, startTestServer, teacherWithClassroom, type TestServer } from "../../support/server";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Shared by the server and its restarted self, as SESSION_SECRET is across restarts. */
const SECRET = "homework-test-secret-0123456789abcdef0123456789";
let pool: ScoringPool;

beforeAll(async () => {
  await tf.setBackend("cpu");
  pool = createScoringPool({ size: 1 });
});
afterAll(() => pool?.close());

/** The same signed-in person talking to another server process (a restart): the session cookie carries over. */
function sameClient(client: ApiClient, url: string): ApiClient {
  const moved = new ApiClient(url);
  for (const [name, value] of client.cookies) moved.cookies.set(name, value);
  return moved;
}

async function socketOf(client: ApiClient): Promise<RealtimeSocket> {
  const socket = client.socket();
  await connected(socket);
  return socket;
}

for (const target of DATABASE_TARGETS) {
  describe.skipIf(target.skip)(`homework races on ${target.name}`, () => {
    let testDb: TestDatabase;
    const servers: TestServer[] = [];
    const sockets: RealtimeSocket[] = [];

    beforeAll(async () => {
      testDb = await target.create();
    });
    afterAll(async () => {
      for (const socket of sockets) socket.disconnect();
      for (const server of servers) await server.close().catch(() => undefined);
      await testDb?.drop();
    });

    async function start(time: ManualTime): Promise<TestServer> {
      const server = await startTestServer({ databaseUrl: testDb.url, secret: SECRET, deps: { services: { scoring: pool }, clock: time, scheduler: time } });
      servers.push(server);
      await server.handle.ctx.services.races.deadlinesRestored;
      return server;
    }

    /** Jumps the clock by `ms` (as a weekend passes), lets the timers that fell due fire, then a second of ticks. */
    async function jump(time: ManualTime, ms: number): Promise<void> {
      time.set(time.now() + ms);
      await time.advance(1000);
    }

    it("opens, takes submissions on different days, closes with nobody connected (after a restart too), then reveals", async () => {
      const time = new ManualTime(Date.parse("2026-12-07T08:00:00Z"));
      let server = await start(time);
      const repos = () => server.database.repositories;
      const room = await teacherWithClassroom(server.url, "Homework");
      const teacherSocket = await socketOf(room.teacher);
      sockets.push(teacherSocket);
      await request(teacherSocket, "room:enter", { classroomId: room.classroomId });
      const opensAt = time.now() + DAY;
      const closesAt = opensAt + 3 * DAY;
      const create = (homework: { opensAt: number; closesAt: number }) =>
        request(teacherSocket, "race:create", { classroomId: room.classroomId, name: "Weekend homework", rules: TEST_RULES, homework });

      // Bad windows: a clear reason, the field, and nothing stored.
      expect(await create({ opensAt, closesAt: opensAt - HOUR })).toMatchObject({ ok: false, error: { code: "bad_request", reason: "homework_closes_before_opens", field: "closesAt" } });
      expect(await create({ opensAt, closesAt: opensAt + 9 * 7 * DAY })).toMatchObject({ ok: false, error: { code: "bad_request", reason: "homework_too_long", values: { weeks: 8 } } });
      expect(await create({ opensAt: time.now() - DAY, closesAt: time.now() + 10 * 60_000 })).toMatchObject({ ok: false, error: { reason: "homework_too_short", values: { hours: 1 } } });
      expect(await repos().races.listForClassroom(room.classroomId)).toEqual([]);

      const created = await create({ opensAt, closesAt });
      if (!created.ok) throw new Error(JSON.stringify(created.error));
      const race: RaceView = created.data.race;
      expect(race).toMatchObject({ kind: "homework", status: "countdown", startsAt: opensAt, endsAt: closesAt });
      // Nothing to drive: only an early close is left to the teacher.
      expect(await request(teacherSocket, "race:start", { raceId: race.id, countdownSec: 0 })).toMatchObject({ ok: false, error: { reason: "homework_fixed" } });

      // Before it opens: visible, but no run starts and no upload is taken.
      const aiko = await joinAsStudent(server.url, room.code, "Aiko");
      const ren = await joinAsStudent(server.url, room.code, "Ren");
      const aikoSocket = await socketOf(aiko.client);
      sockets.push(aikoSocket);
      const listed = await request(aikoSocket, "race:list", { classroomId: room.classroomId });
      expect(listed.ok && listed.data.races.map((r) => [r.name, r.status])).toEqual([["Weekend homework", "countdown"]]);
      const config = raceConfig(TEST_RULES);
      const early = await request(aikoSocket, "run:start", { raceId: race.id, config, backend: null, device: null });
      expect(early).toMatchObject({ ok: false, error: { code: "forbidden", reason: "race_not_running" } });

      // It opens on its own (a timer, nobody asked): the row says so and the classroom hears it.
      const teacherInbox = new Inbox(teacherSocket);
      await jump(time, DAY);
      // The timer's work (load the race, write the row) runs on real database I/O: wait for it.
      await expect.poll(async () => (await repos().races.findById(race.id))?.status).toBe("running");
      await teacherInbox.next("race:updated", (e) => e.race.id === race.id && e.race.status === "running");

      // Day 1: Aiko trains and submits.
      const aikoRun = await request(aikoSocket, "run:start", { raceId: race.id, config, backend: null, device: null });
      if (!aikoRun.ok) throw new Error(JSON.stringify(aikoRun.error));
      const aikoAt = time.now();
      const first = await uploadWeights(aiko.client, race.id, aikoRun.data.run.runId, untrainedWeights(config, 1));
      expect(first.status).toBe(201);

      // Day 2: Ren submits (after Aiko's page went away).
      aikoSocket.disconnect();
      await jump(time, DAY);
      const renSocket = await socketOf(ren.client);
      sockets.push(renSocket);
      const renRun = await request(renSocket, "run:start", { raceId: race.id, config, backend: null, device: null });
      if (!renRun.ok) throw new Error(JSON.stringify(renRun.error));
      const renAt = time.now();
      expect((await uploadWeights(ren.client, race.id, renRun.data.run.runId, untrainedWeights(config, 2))).status).toBe(201);
      expect((await uploadWeights(ren.client, race.id, renRun.data.run.runId, untrainedWeights(config, 3))).status).toBe(201);
      renSocket.disconnect();

      // The teacher's list: who has submitted, how many, the best public score. Students may not read it.
      const progress = await room.teacher.get<THomeworkProgress>(`/api/races/${race.id}/progress`);
      if (!progress.body.ok) throw new Error(JSON.stringify(progress.body));
      const stored = await repos().submissions.listForRace(race.id);
      const best = (userId: string) => Math.min(...stored.filter((s) => s.userId === userId).map((s) => s.publicScore!));
      expect(progress.body.data).toEqual({
        raceId: race.id,
        limit: TEST_RULES.submissions.limit,
        rows: [
          { userId: aiko.userId, displayName: "Aiko", used: 1, bestPublicScore: best(aiko.userId), lastAt: aikoAt },
          { userId: ren.userId, displayName: "Ren", used: 2, bestPublicScore: best(ren.userId), lastAt: renAt },
        ],
      });
      expect(await ren.client.get(`/api/races/${race.id}/progress`)).toMatchObject({ status: 403, body: { ok: false, error: { code: "forbidden" } } });

      // The server restarts with the race open and nobody connected; the close comes while nobody is.
      teacherSocket.disconnect();
      await server.handle.close();
      await server.database.close();
      servers.length = 0;
      server = await start(time);
      await jump(time, closesAt - time.now() - 5000);
      expect((await repos().races.findById(race.id))?.status).toBe("running");
      await jump(time, 5000);
      await expect.poll(async () => (await repos().races.findById(race.id))?.status).toBe("ended");
      const closed = await repos().races.findById(race.id);
      expect(closed).toMatchObject({ status: "ended", endedAt: new Date(closesAt) });
      await expect.poll(async () => (await repos().runs.findById(renRun.data.run.runId))?.status).toBe("stopped");

      // After the close: nothing is taken, not even an upload a second late.
      const renAfter = sameClient(ren.client, server.url);
      const late = await uploadWeights(renAfter, race.id, renRun.data.run.runId, untrainedWeights(config, 4));
      expect(late).toMatchObject({ status: 409, body: { ok: false, error: { code: "race_closed", reason: "deadline_passed" } } });
      expect(await repos().submissions.listForRace(race.id)).toHaveLength(3);

      // The private board: hidden from students until the teacher reveals it, then everyone's.
      expect((await renAfter.get(`/api/races/${race.id}/board?kind=private`)).status).toBe(403);
      const teacher = sameClient(room.teacher, server.url);
      const revealed = await teacher.post<TRaceBoard>(`/api/races/${race.id}/reveal`);
      expect(revealed.body).toMatchObject({ ok: true, data: { revealed: true } });
      const board = await renAfter.get<TRaceBoard>(`/api/races/${race.id}/board?kind=private`);
      if (!board.body.ok) throw new Error(JSON.stringify(board.body));
      expect(board.body.data.board.rows.map((r) => r.displayName).sort()).toEqual(["Aiko", "Ren"]);
    });

    it("refuses a submission before the opening with its reason", async () => {
      const time = new ManualTime(Date.parse("2026-12-14T08:00:00Z"));
      const server = await start(time);
      const room = await teacherWithClassroom(server.url, "Early birds");
      const teacherSocket = await socketOf(room.teacher);
      sockets.push(teacherSocket);
      const created = await request(teacherSocket, "race:create", {
        classroomId: room.classroomId,
        name: "Next week",
        rules: TEST_RULES,
        homework: { opensAt: time.now() + 2 * HOUR, closesAt: time.now() + DAY },
      });
      if (!created.ok) throw new Error(JSON.stringify(created.error));
      const student = await joinAsStudent(server.url, room.code, "Mei");
      // A run row from before the opening (as if made by a client that cheated its way past run:start).
      const { aRun } = await import("../../support/records");
      const run = aRun(student.userId, { classroomId: room.classroomId, raceId: created.data.race.id, kind: "race", config: raceConfig(TEST_RULES), startedAt: new Date(time.now()) });
      await server.database.repositories.runs.create(run);
      const answer = await uploadWeights(student.client, created.data.race.id, run.id, untrainedWeights(raceConfig(TEST_RULES), 5));
      expect(answer).toMatchObject({ status: 409, body: { ok: false, error: { code: "race_closed", reason: "not_started" } } });
      expect(await server.database.repositories.submissions.listForRace(created.data.race.id)).toEqual([]);
    });
  });
}
