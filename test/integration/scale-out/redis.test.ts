/**
 * Scaling out: two server instances sharing one PostgreSQL database and one Redis. A student joining through
 * one is seen live by a teacher connected to the other; presence and rate limits are shared. Also the Redis
 * implementations of presence and rate limiting on their own.
 */
import { randomBytes } from "node:crypto";
import { createClient, type RedisClientType } from "redis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { request } from "@/app/_lib/realtime";
import { RedisPresence } from "@/server/presence/presence";
import { redisRunner } from "@/server/redis";
import { RedisRateLimiter } from "@/server/security/rate-limit";
import { createPostgresDatabase, type TestDatabase } from "../../support/databases";
import { closeAllSockets, connected, Inbox } from "../../support/realtime";
import { ApiClient, joinAsStudent, signUpTeacher, startTestServer, teacherWithClassroom, TEACHER_PASSWORD, type TestServer } from "../../support/server";
import { requireService, TEST_REDIS_URL } from "../../support/services";

const redisService = await requireService("redis");
const postgresService = await requireService("postgresql");

describe.skipIf(!redisService.available || !postgresService.available)("two servers sharing PostgreSQL and Redis", () => {
  let db: TestDatabase;
  let a: TestServer;
  let b: TestServer;
  const prefix = `lr-test-${randomBytes(4).toString("hex")}:`;

  beforeAll(async () => {
    db = await createPostgresDatabase();
    const secret = randomBytes(32).toString("hex");
    const env = { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix };
    // Both instances run the same rules, as replicas of one deployment do.
    const deps = { rateRules: { signInPerAccount: { name: "signin-account", limit: 2, windowMs: 600_000 } } };
    a = await startTestServer({ databaseUrl: db.url, secret, env, deps });
    b = await startTestServer({ databaseUrl: db.url, secret, env, deps });
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.drop();
    const redis = createClient({ url: TEST_REDIS_URL });
    await redis.connect();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(keys);
    await redis.quit();
  });

  it("reports PostgreSQL in the health check", async () => {
    expect(await (await fetch(`${a.url}/api/health`)).json()).toEqual({ ok: true, db: "postgresql", redis: "ok", version: "0.1.0-test" });
  });

  it("shows a student who joins through B to the teacher connected to A, live, with presence", async () => {
    const room = await teacherWithClassroom(a.url);
    const teacherSocket = room.teacher.socket();
    await connected(teacherSocket);
    const teacher = new Inbox(teacherSocket);
    expect((await request(teacherSocket, "room:enter", { classroomId: room.classroomId })).ok).toBe(true);

    const anna = await joinAsStudent(b.url, room.code, "Anna");
    expect(await teacher.next("roster:joined")).toMatchObject({ member: { userId: anna.userId, displayName: "Anna" } });

    const studentSocket = anna.client.socket();
    await connected(studentSocket);
    const entered = await request(studentSocket, "room:enter", { classroomId: room.classroomId });
    // Presence is shared: B knows the teacher (connected to A) is online.
    expect(entered.ok && entered.data.members.find((m) => m.role === "teacher")?.online).toBe(true);
    expect(await teacher.next("roster:presence-changed", (e) => e.userId === anna.userId)).toMatchObject({ online: true });

    studentSocket.disconnect();
    expect(await teacher.next("roster:presence-changed", (e) => e.userId === anna.userId && !e.online)).toMatchObject({ online: false });

    // A removal through A reaches the student's socket on B and takes it out of the room there.
    const again = anna.client.socket();
    await connected(again);
    const studentInbox = new Inbox(again);
    await request(again, "room:enter", { classroomId: room.classroomId });
    await room.teacher.delete(`/api/classrooms/${room.classroomId}/members/${anna.userId}`);
    expect(await studentInbox.next("roster:removed")).toEqual({ classroomId: room.classroomId, userId: anna.userId });
  });

  it("shares sessions: signed in on A, recognised on B; signed out on A, refused on B", async () => {
    const { client, email } = await signUpTeacher(a.url);
    const onB = new ApiClient(b.url);
    for (const [k, v] of client.cookies) onB.cookies.set(k, v);
    expect(await onB.get("/api/session")).toMatchObject({ body: { data: { user: { email } } } });
    await client.delete("/api/session");
    expect(await onB.get("/api/session")).toMatchObject({ body: { data: { user: null } } });
  });

  it("shares rate limits: failures counted on A lock the account on B", async () => {
    const { email } = await signUpTeacher(a.url);
    for (let i = 0; i < 2; i++) expect((await new ApiClient(a.url).post("/api/session", { email, password: "wrong guess!" })).status).toBe(401);
    expect((await new ApiClient(b.url).post("/api/session", { email, password: TEACHER_PASSWORD })).status).toBe(429);
  });
});

describe.skipIf(!redisService.available)("Redis-backed building blocks", () => {
  let redis: RedisClientType;
  const prefix = `lr-test-${randomBytes(4).toString("hex")}:`;
  beforeAll(async () => {
    redis = createClient({ url: TEST_REDIS_URL }) as RedisClientType;
    await redis.connect();
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(keys);
    await redis.quit();
  });

  it("presence counts sockets across instances and never goes negative", async () => {
    const one = new RedisPresence(redisRunner(redis), prefix, "process-one");
    const two = new RedisPresence(redisRunner(redis), prefix, "process-two");
    expect(await one.connect("c", "anna")).toBe(true);
    expect(await two.connect("c", "anna")).toBe(false);
    expect(await one.online("c")).toEqual(new Set(["anna"]));
    expect(await one.disconnect("c", "anna")).toBe(false);
    expect(await two.disconnect("c", "anna")).toBe(true);
    expect(await two.disconnect("c", "anna")).toBe(false);
    expect(await one.online("c")).toEqual(new Set());
    await one.connect("c", "ben");
    await two.clear("c", "ben");
    expect(await one.disconnect("c", "ben")).toBe(false);
    expect(await one.online("c")).toEqual(new Set());
  });

  it("presence restores one process's counts exactly, leaving its peers' alone", async () => {
    const one = new RedisPresence(redisRunner(redis), prefix, "process-one");
    const two = new RedisPresence(redisRunner(redis), prefix, "process-two");
    await one.connect("r", "anna");
    await one.connect("r", "ben");
    await two.connect("r", "ben");
    // Process one missed Ben's disconnect and Cleo's arrival (an outage); its restore states what it holds now.
    await one.restore("r", new Map([["anna", 2], ["cleo", 1]]));
    await one.restore("r", new Map([["anna", 2], ["cleo", 1]]));
    expect(await one.online("r")).toEqual(new Set(["anna", "ben", "cleo"]));
    expect(await one.disconnect("r", "anna")).toBe(false);
    expect(await one.disconnect("r", "anna")).toBe(true);
    expect(await two.disconnect("r", "ben")).toBe(true);
    await one.restore("r", new Map());
    expect(await two.online("r")).toEqual(new Set());
  });

  it("rate limits count in one window for every instance, and never grant past the limit at once", async () => {
    const now = Math.floor(Date.now() / 60_000) * 60_000 + 20_000;
    const rule = { name: "t", limit: 2, windowMs: 60_000 };
    const one = new RedisRateLimiter(redisRunner(redis), prefix, { now: () => now });
    const two = new RedisRateLimiter(redisRunner(redis), prefix, { now: () => now });
    const first = await one.reserve(rule, "k");
    expect(first.limited).toBe(false);
    expect((await two.reserve(rule, "k")).limited).toBe(false);
    expect(await one.reserve(rule, "k")).toEqual({ limited: true, retryAfterMs: 40_000 });
    expect((await one.reserve(rule, "other")).limited).toBe(false);
    expect(await redis.pTTL(`${prefix}rate:t:k:${Math.floor(now / 60_000)}`)).toBeGreaterThan(0);
    // A released unit goes back once; concurrent reservations from both instances get exactly it.
    if (!first.limited) {
      await first.release();
      await first.release();
    }
    const racing = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? one : two).reserve(rule, "k")));
    expect(racing.filter((r) => !r.limited)).toHaveLength(1);
  });
});
