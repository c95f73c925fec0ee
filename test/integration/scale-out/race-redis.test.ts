/**
 * A race shared by two server processes through Redis (and one PostgreSQL): a student sending to A is seen live
 * by an observer on B, B can answer the full state from its mirror, the student can move to B mid-run without
 * losing an epoch, a deadline passing on both processes ends the race once, and uploads scored on B re-rank
 * the race everywhere although A owns the runs.
 */
import { randomBytes } from "node:crypto";
import { createClient } from "redis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { request } from "@/app/_lib/realtime";
import { RunUplink } from "@/app/_lib/run-uplink";
import type { TRaceBoard } from "@/lib/scoring/views";
import { createScoringPool, type ScoringPool } from "@/server/scoring/pool";
import { createPostgresDatabase, type TestDatabase } from "../../support/databases";
import { epochs, participant, setUpRace, startRace, testConfig, TEST_RULES, unwrap } from "../../support/race";
import { closeAllSockets, connected } from "../../support/realtime";
import { raceConfig, TEST_RULES as SCORING_RULES, untrainedWeights, uploadWeights } from "../../support/scoring";
import { ApiClient, startTestServer, type TestServer } from "../../support/server";
import { ShiftedClock } from "../../support/manual-time";
import { requireService, TEST_REDIS_URL } from "../../support/services";

const redisService = await requireService("redis");
const postgresService = await requireService("postgresql");

describe.skipIf(!redisService.available || !postgresService.available)("a race across two server processes", () => {
  let db: TestDatabase;
  let a: TestServer;
  let b: TestServer;
  let pool: ScoringPool;
  // Both processes read one clock, as machines synced by NTP do; the deadline test jumps it forward.
  const clock = new ShiftedClock();
  const prefix = `lr-test-${randomBytes(4).toString("hex")}:`;

  beforeAll(async () => {
    db = await createPostgresDatabase();
    const secret = randomBytes(32).toString("hex");
    const env = { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix };
    pool = createScoringPool({ size: 1 });
    a = await startTestServer({ databaseUrl: db.url, secret, env, deps: { clock, races: { tickMs: 100 }, services: { scoring: pool } } });
    b = await startTestServer({ databaseUrl: db.url, secret, env, deps: { clock, races: { tickMs: 100 }, services: { scoring: pool } } });
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await pool?.close();
    await db?.drop();
    const redis = createClient({ url: TEST_REDIS_URL });
    await redis.connect();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(keys);
    await redis.quit();
  });

  it("shows a student on A to an observer on B, live and in B's full state; the student moves to B without loss", async () => {
    // The teacher (observer) is on A's URL by set-up; take a second observer socket on B with the same session.
    const setup = await setUpRace(a.url, { students: 1 });
    await startRace(setup);
    const teacherOnB = new ApiClient(b.url);
    for (const [k, v] of setup.teacher.client.cookies) teacherOnB.cookies.set(k, v);
    const observer = await participant(teacherOnB, setup.teacher.userId);
    await unwrap(request(observer.socket, "race:state", { raceId: setup.race.id }));

    const ann = setup.students[0]!;
    const { run } = await unwrap(request(ann.socket, "run:start", { raceId: setup.race.id, config: testConfig(TEST_RULES, 50), backend: null, device: null }));
    expect(await observer.inbox.next("race:run-started", (e) => e.run.runId === run.runId)).toBeTruthy();
    const uplink = new RunUplink(ann.socket, run.runId, { batchMs: 10 });
    for (const s of epochs(1, 15)) uplink.push(s);
    await uplink.drained();
    uplink.close();
    // Live, through the adapter: B's observer gets A's ticks.
    await observer.inbox.next("race:tick", (t) => t.runs.some((r) => r.runId === run.runId && r.lastEpoch === 15));
    // B mirrors A's runs, so a joiner on B gets the whole curve from B.
    const onB = await unwrap(request(observer.socket, "race:state", { raceId: setup.race.id }));
    expect(onB.runs.find((r) => r.runId === run.runId)!.points.map((p) => p[0])).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));

    // The student's laptop reconnects through the load balancer to B and goes on from B's durable epoch.
    ann.socket.disconnect();
    const annOnB = new ApiClient(b.url);
    for (const [k, v] of ann.client.cookies) annOnB.cookies.set(k, v);
    const moved = await participant(annOnB, ann.userId);
    const uplinkB = new RunUplink(moved.socket, run.runId, { batchMs: 10 });
    for (const s of epochs(1, 30)) uplinkB.push(s);
    await uplinkB.resync();
    await uplinkB.drained();
    uplinkB.close();
    expect(uplinkB.acknowledged).toBe(30);
    await unwrap(request(moved.socket, "run:finish", { runId: run.runId, status: "stopped", msPerEpoch: 3 }));
    // A's teacher socket sees B's ticks and the reliable finish.
    await setup.teacher.inbox.next("race:run-updated", (e) => e.run.runId === run.runId && e.run.status === "stopped");
    const curve = await a.database.repositories.runs.readCurve(run.runId);
    expect(curve.map((p) => p.epoch)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const onA = await unwrap(request(setup.teacher.socket, "race:state", { raceId: setup.race.id }));
    expect(onA.runs.find((r) => r.runId === run.runId)).toMatchObject({ lastEpoch: 30, status: "stopped" });
  });

  it("ranks by verified scores scored on B although A owns the runs: every socket's board, both processes' boards, then the reveal", async () => {
    const setup = await setUpRace(a.url, { students: 2, rules: SCORING_RULES });
    await startRace(setup);
    const teacherOnB = new ApiClient(b.url);
    for (const [k, v] of setup.teacher.client.cookies) teacherOnB.cookies.set(k, v);
    const observer = await participant(teacherOnB, setup.teacher.userId);
    await unwrap(request(observer.socket, "race:state", { raceId: setup.race.id }));
    // The race page enters the classroom's room too: the boards are broadcast there.
    for (const who of [observer, ...setup.students]) await unwrap(request(who.socket, "room:enter", { classroomId: setup.classroomId }));
    const config = raceConfig(SCORING_RULES);
    const runs: string[] = [];
    for (const [i, student] of setup.students.entries()) {
      const { run } = await unwrap(request(student.socket, "run:start", { raceId: setup.race.id, config, backend: null, device: null }));
      // Both stream to A (their sockets are on A), the second claiming a perfect loss.
      await unwrap(request(student.socket, "run:snapshot", { runId: run.runId, snapshots: [{ epoch: 1, trainLoss: i, valLoss: i === 1 ? 0 : 1, msPerEpoch: 3 }] }));
      runs.push(run.runId);
    }
    await observer.inbox.next("race:tick", (t) => t.runs.some((r) => r.runId === runs[1] && r.lastEpoch === 1));

    // Both upload through B (the load balancer sent their HTTP requests there).
    for (const [i, student] of setup.students.entries()) {
      const onB = new ApiClient(b.url);
      for (const [k, v] of student.client.cookies) onB.cookies.set(k, v);
      expect((await uploadWeights(onB, setup.race.id, runs[i]!, untrainedWeights(config, i + 1), { claimedMse: 0 })).status).toBe(201);
    }
    const repos = a.database.repositories;
    const verified = await Promise.all(runs.map(async (id) => (await repos.runs.findById(id))!.verifiedScore!));
    // A's sockets (the students and the teacher) and B's observer hear the board with both verified scores, the
    // perfect claim ranked by the real score; A and B serve the same board.
    const publicBoard = (e: TRaceBoard) => e.board.kind === "public" && e.board.rows.length === 2;
    for (const who of [setup.teacher, setup.students[0]!, observer]) {
      const heard = await who.inbox.next("board:updated", publicBoard);
      expect(heard.board.rows.map((r) => [r.runId, r.score])).toEqual(
        runs.map((runId, i) => [runId, verified[i]]).sort((x, y) => (x[1] as number) - (y[1] as number)),
      );
    }
    const boardOn = async (client: ApiClient) => ((await client.get<TRaceBoard>(`/api/races/${setup.race.id}/board`)).body as { data: TRaceBoard }).data;
    expect(await boardOn(teacherOnB)).toEqual(await boardOn(setup.teacher.client));

    // The race ends on A; the teacher reveals through B: every socket hears the private board, ranked by the
    // hidden scores, and both processes serve it.
    await unwrap(request(setup.teacher.socket, "race:end", { raceId: setup.race.id }));
    expect((await teacherOnB.post(`/api/races/${setup.race.id}/reveal`)).status).toBe(200);
    const hidden = (await repos.submissions.listForRace(setup.race.id)).map((s) => s.privateScore!).sort((x, y) => x - y);
    for (const who of [setup.teacher, setup.students[1]!, observer]) {
      const revealed = await who.inbox.next("board:revealed", () => true);
      expect(revealed.board.rows.map((r) => r.score)).toEqual(hidden);
    }
    const privateOn = async (client: ApiClient) => ((await client.get<TRaceBoard>(`/api/races/${setup.race.id}/board?kind=private`)).body as { data: TRaceBoard }).data;
    expect(await privateOn(setup.students[0]!.client)).toEqual(await privateOn(teacherOnB));
  }, 30_000);

  it("ends a timed race once when its deadline passes, whichever process notices", async () => {
    const setup = await setUpRace(a.url, { students: 0, rules: { ...TEST_RULES, budget: { maxEpochs: 50, timeLimitSec: 10 } } });
    const teacherOnB = new ApiClient(b.url);
    for (const [k, v] of setup.teacher.client.cookies) teacherOnB.cookies.set(k, v);
    const observer = await participant(teacherOnB, setup.teacher.userId);
    await unwrap(request(observer.socket, "race:state", { raceId: setup.race.id }));
    await unwrap(request(setup.teacher.socket, "race:start", { raceId: setup.race.id, countdownSec: 0 }));
    const ended = new Promise<{ race: { endedAt: number | null; endsAt: number | null } }>((resolve) => {
      observer.socket.on("race:updated", (e) => {
        if (e.race.status === "ended") resolve(e);
      });
    });
    // The shortest time limit is 10 s: the clock jumps past it, and the next tick of either process notices.
    clock.shift += 10_000;
    expect((await ended).race.endedAt).toBe((await ended).race.endsAt);
    await setup.teacher.inbox.flush();
    await observer.inbox.flush();
    // Both processes tick; the conditional transition lets only one of them announce the end.
    expect(observer.inbox.of("race:updated").filter((e) => e.race.status === "ended")).toHaveLength(1);
    await connected(observer.socket);
  }, 30_000);
});
