/**
 * Rate limits under concurrency, with the production limits: guesses sent all at once are refused past the
 * limit before their password is checked, joins that create accounts (a 64 MiB scrypt each) are limited per
 * address and per classroom, and a real class of 40 behind one school address still joins and signs in at once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PasswordHasher } from "@/server/security/passwords";
import { DEFAULT_RATE_RULES } from "@/server/security/rate-rules";
import { ApiClient, signUpTeacher, startTestServer, STUDENT_PASSWORD, TEACHER_PASSWORD, type TestServer } from "../../support/server";

let server: TestServer;
/** scrypt evaluations the server ran (hashes for new accounts, checks for sign-ins). */
const kdf = { hashes: 0, checks: 0 };

beforeAll(async () => {
  // Frozen in the middle of a window, so no count is reset by a window boundary mid-test.
  const frozen = Math.floor(Date.now() / 3_600_000) * 3_600_000 + 30 * 60_000 + 1;
  server = await startTestServer({ env: { TRUST_PROXY: "true" }, deps: { clock: { now: () => frozen }, rateRules: DEFAULT_RATE_RULES } });
  // Counts the real hasher's work; the hashing itself is untouched.
  const real: PasswordHasher = server.handle.ctx.passwords;
  server.handle.ctx.passwords = {
    hash: (password) => (kdf.hashes++, real.hash(password)),
    verify: (password, stored) => (kdf.checks++, real.verify(password, stored)),
    verifyNothing: (password) => (kdf.checks++, real.verifyNothing(password)),
  };
});
afterAll(() => server.close());

let addresses = 0;
/** A browser behind its own address (the server trusts X-Forwarded-For here), or behind `ip` when given. */
function browser(ip = `10.9.${Math.floor(++addresses / 250)}.${addresses % 250}`): ApiClient {
  const client = new ApiClient(server.url);
  const raw = client.raw.bind(client);
  client.raw = (method, path, init = {}) => raw(method, path, { ...init, headers: { ...init.headers, "x-forwarded-for": ip } });
  return client;
}

async function classroom(): Promise<{ teacher: ApiClient; classroomId: string; code: string }> {
  const teacher = browser();
  await teacher.post("/api/teachers", { email: `t-${addresses}-${Date.now()}@school.example`, password: TEACHER_PASSWORD, displayName: "Ms Rivera" });
  const created = await teacher.post<{ classroom: { id: string; joinCode: string } }>("/api/classrooms", { name: "Period 3" });
  if (!created.body.ok) throw new Error(JSON.stringify(created.body));
  return { teacher, classroomId: created.body.data.classroom.id, code: created.body.data.classroom.joinCode };
}

function statuses(responses: { status: number }[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const { status } of responses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

async function rosterSize(teacher: ApiClient, classroomId: string): Promise<number> {
  const room = await teacher.get<{ members: unknown[] }>(`/api/classrooms/${classroomId}`);
  if (!room.body.ok) throw new Error(JSON.stringify(room.body));
  return room.body.data.members.length;
}

describe("sign-in guesses sent all at once", () => {
  const limit = DEFAULT_RATE_RULES.signInPerAccount.limit;

  it(`check at most ${limit} PINs of one student, and refuse the right PIN after`, async () => {
    const room = await classroom();
    const anna = browser();
    expect((await anna.post("/api/join", { code: room.code, displayName: "Anna", password: "4711" })).status).toBe(201);
    // Tokens first, so the guesses themselves go out together.
    const attackers = await Promise.all(Array.from({ length: 60 }, async () => {
      const client = browser();
      await client.ensureCsrf();
      return client;
    }));
    const checksBefore = kdf.checks;
    const guesses = await Promise.all(attackers.map((client, i) => client.post("/api/students/session", { code: room.code, displayName: "Anna", password: String(5000 + i) })));
    expect(kdf.checks - checksBefore).toBeLessThanOrEqual(limit);
    expect(statuses(guesses)).toEqual({ 401: limit, 429: 60 - limit });

    const right = await browser().post("/api/students/session", { code: room.code, displayName: "Anna", password: "4711" });
    expect(right).toMatchObject({ status: 429, body: { ok: false, error: { code: "rate_limited" } } });
    expect(right.headers.get("retry-after")).toMatch(/^\d+$/);
  });

  it(`check at most ${limit} passwords of one teacher`, async () => {
    const { email } = await signUpTeacher(server.url);
    const attackers = await Promise.all(Array.from({ length: 60 }, async () => {
      const client = browser();
      await client.ensureCsrf();
      return client;
    }));
    const checksBefore = kdf.checks;
    const guesses = await Promise.all(attackers.map((client, i) => client.post("/api/session", { email, password: `guess number ${i}` })));
    expect(kdf.checks - checksBefore).toBeLessThanOrEqual(limit);
    expect(statuses(guesses)).toEqual({ 401: limit, 429: 60 - limit });
    expect((await browser().post("/api/session", { email, password: TEACHER_PASSWORD })).status).toBe(429);
  });

  it("still sign in a whole class behind one school address at once", async () => {
    const school = "10.50.0.1";
    const room = await classroom();
    const names = Array.from({ length: 40 }, (_, i) => `Student ${i + 1}`);
    const joined = await Promise.all(names.map((displayName) => browser(school).post("/api/join", { code: room.code, displayName, password: STUDENT_PASSWORD })));
    expect(statuses(joined)).toEqual({ 201: 40 });
    // Ten typos first, then everyone signs in together from the same address.
    for (const displayName of names.slice(0, 10)) {
      expect((await browser(school).post("/api/students/session", { code: room.code, displayName, password: "not my password" })).status).toBe(401);
    }
    const signedIn = await Promise.all(names.map((displayName) => browser(school).post("/api/students/session", { code: room.code, displayName, password: STUDENT_PASSWORD })));
    expect(statuses(signedIn)).toEqual({ 200: 40 });
  });
});

describe("joins that create accounts", () => {
  const perAddress = DEFAULT_RATE_RULES.joinAccountPerIp.limit;
  const perClassroom = DEFAULT_RATE_RULES.joinAccountPerClassroom.limit;

  it(`run at most ${perAddress} scrypt hashes for 80 joins from one address`, async () => {
    const room = await classroom();
    const ip = "10.60.0.1";
    const clients = await Promise.all(Array.from({ length: 80 }, async () => {
      const client = browser(ip);
      await client.ensureCsrf();
      return client;
    }));
    const hashesBefore = kdf.hashes;
    const joins = await Promise.all(clients.map((client, i) => client.post("/api/join", { code: room.code, displayName: `Bot ${i}`, password: STUDENT_PASSWORD })));
    expect(kdf.hashes - hashesBefore).toBe(perAddress);
    expect(statuses(joins)).toEqual({ 201: perAddress, 429: 80 - perAddress });
    expect(await rosterSize(room.teacher, room.classroomId)).toBe(1 + perAddress);
  });

  it(`run at most ${perClassroom} for one classroom, from any number of addresses`, async () => {
    const room = await classroom();
    const clients = await Promise.all(Array.from({ length: perClassroom + 20 }, async () => {
      const client = browser();
      await client.ensureCsrf();
      return client;
    }));
    const hashesBefore = kdf.hashes;
    const joins = await Promise.all(clients.map((client, i) => client.post("/api/join", { code: room.code, displayName: `Bot ${i}`, password: STUDENT_PASSWORD })));
    expect(kdf.hashes - hashesBefore).toBe(perClassroom);
    expect(statuses(joins)).toEqual({ 201: perClassroom, 429: 20 });
    // Another classroom is not affected.
    const other = await classroom();
    expect((await browser().post("/api/join", { code: other.code, displayName: "Anna", password: STUDENT_PASSWORD })).status).toBe(201);
  });
});
