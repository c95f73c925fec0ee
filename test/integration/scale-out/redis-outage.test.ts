/**
 * Redis going away under two server instances sharing it (and PostgreSQL): requests fail fast instead of
 * hanging, health says so, what does not need Redis keeps working, and when Redis comes back (empty, as after a
 * crash) presence is rebuilt for the sockets that stayed connected and everything works again. The Redis here
 * is the test's own, on a free port.
 */
import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { request } from "@/app/_lib/realtime";
import { createLogger } from "@/server/logger";
import { createPostgresDatabase, type TestDatabase } from "../../support/databases";
import { closeAllSockets, connected, Inbox } from "../../support/realtime";
import { startOwnRedis, type OwnRedis } from "../../support/redis-server";
import { ApiClient, joinAsStudent, startTestServer, STUDENT_PASSWORD, teacherWithClassroom, type TestServer } from "../../support/server";
import { requireService } from "../../support/services";

const postgres = await requireService("postgresql");
const redisServer = await requireService("redis-server");

describe.skipIf(!postgres.available || !redisServer.available)("two servers when their Redis goes away", () => {
  let redis: OwnRedis;
  let db: TestDatabase;
  let a: TestServer;
  let b: TestServer;
  const logs: Record<"a" | "b", { level: string; message: string }[]> = { a: [], b: [] };

  beforeAll(async () => {
    redis = await startOwnRedis();
    db = await createPostgresDatabase();
    const secret = randomBytes(32).toString("hex");
    const env = { REDIS_URL: redis.url, REDIS_PREFIX: `lr-outage-${randomBytes(3).toString("hex")}:` };
    const logger = (into: { level: string; message: string }[]) => createLogger("info", (line) => into.push(JSON.parse(line)));
    a = await startTestServer({ databaseUrl: db.url, secret, env, deps: { logger: logger(logs.a) } });
    b = await startTestServer({ databaseUrl: db.url, secret, env, deps: { logger: logger(logs.b) } });
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.drop();
    await redis?.stop();
  });

  async function health(server: TestServer): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${server.url}/api/health`);
    return { status: response.status, body: await response.json() };
  }

  async function online(teacher: ApiClient, classroomId: string, userId: string): Promise<boolean> {
    const room = await teacher.get<{ members: { userId: string; online: boolean }[] }>(`/api/classrooms/${classroomId}`);
    if (!room.body.ok) throw new Error(JSON.stringify(room.body));
    return room.body.data.members.find((m) => m.userId === userId)!.online;
  }

  it("fails fast while Redis is down, keeps what does not need it, and recovers presence and operation after", async () => {
    const room = await teacherWithClassroom(a.url);
    const teacherSocket = room.teacher.socket();
    await connected(teacherSocket);
    const teacher = new Inbox(teacherSocket);
    await request(teacherSocket, "room:enter", { classroomId: room.classroomId });
    const anna = await joinAsStudent(b.url, room.code, "Anna");
    const annaSocket = anna.client.socket();
    await connected(annaSocket);
    await request(annaSocket, "room:enter", { classroomId: room.classroomId });
    await teacher.next("roster:presence-changed", (e) => e.userId === anna.userId && e.online);
    const signIn = () => new ApiClient(a.url).post("/api/students/session", { code: room.code, displayName: "Anna", password: STUDENT_PASSWORD });
    expect((await signIn()).status).toBe(200);

    await redis.stop();

    // Answered while Redis is still down (a hanging request would time this test out), with a clear refusal.
    const refused = await signIn();
    expect(refused).toMatchObject({ status: 503, body: { ok: false, error: { code: "unavailable" } } });
    expect(refused.headers.get("retry-after")).toBe("10");
    expect(await new ApiClient(b.url).post("/api/join", { code: room.code, displayName: "Ben", password: STUDENT_PASSWORD })).toMatchObject({ status: 503 });
    for (const server of [a, b]) {
      expect(await health(server)).toEqual({ status: 503, body: { ok: false, db: "postgresql", redis: "down", version: "0.1.0-test" } });
    }

    // What needs no Redis goes on: the roster, the teacher's controls with live updates to this process's
    // sockets, and entering a room (presence is skipped, not failed).
    expect((await room.teacher.get(`/api/classrooms/${room.classroomId}`)).status).toBe(200);
    expect((await room.teacher.patch(`/api/classrooms/${room.classroomId}`, { locked: true })).status).toBe(200);
    await teacher.next("classroom:updated", (e) => e.classroom.locked);
    const second = room.teacher.socket();
    await connected(second);
    expect((await request(second, "room:enter", { classroomId: room.classroomId })).ok).toBe(true);

    // Redis restarts empty: the presence of Anna, whose socket on B stayed connected, is rebuilt.
    await redis.start();
    for (const server of [a, b]) {
      await expect.poll(() => health(server), { timeout: 15_000 }).toEqual({ status: 200, body: { ok: true, db: "postgresql", redis: "ok", version: "0.1.0-test" } });
    }
    await expect.poll(() => online(room.teacher, room.classroomId, anna.userId), { timeout: 15_000 }).toBe(true);
    expect(annaSocket.connected).toBe(true);

    // And everything works again, across processes too.
    expect((await signIn()).status).toBe(200);
    await room.teacher.patch(`/api/classrooms/${room.classroomId}`, { locked: false });
    const cleo = await joinAsStudent(b.url, room.code, "Cleo");
    expect(await teacher.next("roster:joined", (e) => e.member.userId === cleo.userId)).toMatchObject({ member: { displayName: "Cleo" } });

    // One line for the outage and one for the recovery per process, not one per failed command or request.
    for (const lines of [logs.a, logs.b]) {
      expect(lines.filter((l) => l.message.startsWith("redis unreachable"))).toHaveLength(1);
      expect(lines.filter((l) => l.message === "redis is back")).toHaveLength(1);
      expect(lines.filter((l) => l.message === "request failed")).toEqual([]);
    }
  });

  it("answers within the deadline when Redis stops answering without closing the connection", async () => {
    const room = await teacherWithClassroom(a.url);
    await joinAsStudent(a.url, room.code, "Dana");
    const linesBefore = logs.a.length;
    redis.freeze();
    try {
      const refused = await new ApiClient(a.url).post("/api/students/session", { code: room.code, displayName: "Dana", password: STUDENT_PASSWORD });
      expect(refused).toMatchObject({ status: 503, body: { ok: false, error: { code: "unavailable" } } });
      expect(await health(a)).toMatchObject({ status: 503, body: { redis: "down" } });
    } finally {
      redis.thaw();
    }
    await expect.poll(() => health(a), { timeout: 15_000 }).toMatchObject({ status: 200, body: { redis: "ok" } });
    expect((await new ApiClient(a.url).post("/api/students/session", { code: room.code, displayName: "Dana", password: STUDENT_PASSWORD })).status).toBe(200);
    // Nothing disconnected, yet the silence and the recovery were noticed (and presence caught up).
    const lines = logs.a.slice(linesBefore).map((l) => l.message);
    expect(lines.filter((m) => m.startsWith("redis unreachable"))).toHaveLength(1);
    expect(lines.filter((m) => m === "redis is back")).toHaveLength(1);
  });
});
