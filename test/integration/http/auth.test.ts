/** Teacher sign-up and sign-in, student sign-in, sign-out, session lifetime, rate limits, no user enumeration. */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSqliteDatabase, type TestDatabase } from "../../support/databases";
import {
  ApiClient,
  joinAsStudent,
  signUpTeacher,
  startTestServer,
  STUDENT_PASSWORD,
  TEACHER_PASSWORD,
  teacherWithClassroom,
  uniqueEmail,
  type TestServer,
} from "../../support/server";
import { inEnglish } from "../../support/in-english";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe("teacher sign-up", () => {
  it("creates the account, signs in, and reports who is signed in", async () => {
    const client = new ApiClient(server.url);
    const email = uniqueEmail();
    const response = await client.post("/api/teachers", { email: email.toUpperCase(), password: TEACHER_PASSWORD, displayName: "  Ms   Rivera " });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ ok: true, data: { user: { kind: "teacher", displayName: "Ms Rivera", email } } });
    expect(await client.get("/api/session")).toMatchObject({ body: { ok: true, data: { user: { email } } } });
  });

  it.each([
    ["an invalid e-mail", { email: "not-an-email" }, "invalid_email", "email", /^Enter an e-mail address/],
    ["an empty name", { displayName: "   " }, "invalid_name", "displayName", /^Enter a name\.$/],
    ["an overlong name", { displayName: "x".repeat(33) }, "invalid_name", "displayName", /at most 32 characters/],
    ["a name with control characters", { displayName: "Ms\u0007Rivera" }, "invalid_name", "displayName", /invisible or control characters/],
    ["a short password", { password: "short" }, "weak_password", "password", /at least 8 characters/],
    ["a common password", { password: "password1" }, "weak_password", "password", /first that anyone would guess/],
    ["a password containing the name", { password: "msrivera-2026", displayName: "MsRivera" }, "weak_password", "password", /must not contain your name/],
  ])("refuses %s with a specific message and creates no account", async (_, change, code, field, message) => {
    const client = new ApiClient(server.url);
    const email = uniqueEmail();
    const response = await client.post("/api/teachers", { email, password: TEACHER_PASSWORD, displayName: "Ms Rivera", ...change });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ ok: false, error: { code, field } });
    if (!response.body.ok) expect(inEnglish(response.body.error)).toMatch(message);
    expect(await server.database.repositories.users.findByEmail((change as { email?: string }).email ?? email)).toBeNull();
    expect(await client.get("/api/session")).toMatchObject({ body: { data: { user: null } } });
  });

  it("refuses a second account for the same address and keeps the first one's password", async () => {
    const { email } = await signUpTeacher(server.url);
    const again = new ApiClient(server.url);
    const response = await again.post("/api/teachers", { email, password: "another strong pass", displayName: "Impostor" });
    expect(response).toMatchObject({ status: 409, body: { ok: false, error: { code: "email_taken" } } });
    expect((await new ApiClient(server.url).post("/api/session", { email, password: TEACHER_PASSWORD })).status).toBe(200);
    expect((await new ApiClient(server.url).post("/api/session", { email, password: "another strong pass" })).status).toBe(401);
  });
});

describe("teacher sign-in", () => {
  it("signs in with the right password, whatever the address's case", async () => {
    const { email } = await signUpTeacher(server.url);
    const client = new ApiClient(server.url);
    const response = await client.post("/api/session", { email: ` ${email.toUpperCase()} `, password: TEACHER_PASSWORD });
    expect(response).toMatchObject({ status: 200, body: { ok: true, data: { user: { email } } } });
  });

  it("answers a wrong password and an unknown address identically", async () => {
    const { email } = await signUpTeacher(server.url);
    const wrongPassword = await new ApiClient(server.url).post("/api/session", { email, password: "wrong password!" });
    const unknownUser = await new ApiClient(server.url).post("/api/session", { email: uniqueEmail(), password: "wrong password!" });
    const malformed = await new ApiClient(server.url).post("/api/session", { email: "nobody", password: "wrong password!" });
    expect(wrongPassword.status).toBe(401);
    expect(unknownUser).toEqual({ ...wrongPassword, headers: unknownUser.headers });
    expect(malformed.body).toEqual(wrongPassword.body);
    expect(wrongPassword.body).toEqual({ ok: false, error: { code: "invalid_credentials" } });
  });

  it("replaces the browser's previous session", async () => {
    const { client, email } = await signUpTeacher(server.url);
    const before = client.cookies.get("lr_session")!;
    await client.post("/api/session", { email, password: TEACHER_PASSWORD });
    const stale = new ApiClient(server.url);
    stale.cookies.set("lr_session", before);
    expect(await stale.get("/api/session")).toMatchObject({ body: { data: { user: null } } });
  });
});

describe("student sign-in", () => {
  it("signs back in with classroom code + name + password, in any case and format", async () => {
    const { code } = await teacherWithClassroom(server.url);
    const { userId } = await joinAsStudent(server.url, code, "Anna Lee");
    const client = new ApiClient(server.url);
    const response = await client.post("/api/students/session", { code: code.toLowerCase().replace("-", " "), displayName: "anna lee", password: STUDENT_PASSWORD });
    expect(response).toMatchObject({ status: 200, body: { ok: true, data: { user: { id: userId, kind: "student", displayName: "Anna Lee" } } } });
    const listing = await client.get<{ classrooms: unknown[] }>("/api/classrooms");
    expect(listing.body.ok && listing.body.data.classrooms).toHaveLength(1);
  });

  it("still accepts a rotated (retired) code: the password proves who they are", async () => {
    const { teacher, classroomId, code } = await teacherWithClassroom(server.url);
    await joinAsStudent(server.url, code, "Ben");
    await teacher.post(`/api/classrooms/${classroomId}/code`);
    expect((await new ApiClient(server.url).post("/api/students/session", { code, displayName: "Ben", password: STUDENT_PASSWORD })).status).toBe(200);
  });

  it("answers wrong password, unknown name, unknown code and a teacher's name the same way", async () => {
    const { code } = await teacherWithClassroom(server.url);
    await joinAsStudent(server.url, code, "Cleo");
    const attempts = [
      { code, displayName: "Cleo", password: "wrong-pass" },
      { code, displayName: "Nobody", password: STUDENT_PASSWORD },
      { code: "ZZZ-ZZZ", displayName: "Cleo", password: STUDENT_PASSWORD },
      { code: "nonsense", displayName: "Cleo", password: STUDENT_PASSWORD },
      { code, displayName: "Ms Rivera", password: TEACHER_PASSWORD },
    ];
    for (const attempt of attempts) {
      const response = await new ApiClient(server.url).post("/api/students/session", attempt);
      expect(response.status, JSON.stringify(attempt)).toBe(401);
      expect(response.body).toEqual({ ok: false, error: { code: "invalid_credentials" } });
    }
  });
});

describe("sign-out", () => {
  it("revokes the session: the same cookie replayed later is refused", async () => {
    const { client } = await signUpTeacher(server.url);
    const cookie = client.cookies.get("lr_session")!;
    expect(await client.delete("/api/session")).toMatchObject({ status: 200, body: { ok: true } });
    expect(client.cookies.has("lr_session")).toBe(false);

    const replay = new ApiClient(server.url);
    replay.cookies.set("lr_session", cookie);
    expect(await replay.get("/api/session")).toMatchObject({ body: { data: { user: null } } });
    expect(await replay.get("/api/classrooms")).toMatchObject({ status: 401, body: { error: { code: "unauthenticated" } } });
  });

  it("requires a session", async () => {
    expect(await new ApiClient(server.url).delete("/api/session")).toMatchObject({ status: 401, body: { error: { code: "unauthenticated" } } });
  });
});

describe("forged session cookies", () => {
  it.each([
    ["random", randomBytes(32).toString("base64url")],
    ["malformed", "'; DROP TABLE \"Session\"; --"],
    ["empty", ""],
  ])("are refused (%s)", async (_, value) => {
    const client = new ApiClient(server.url);
    client.cookies.set("lr_session", encodeURIComponent(value));
    expect(await client.get("/api/session")).toMatchObject({ body: { data: { user: null } } });
    expect(await client.get("/api/classrooms")).toMatchObject({ status: 401 });
  });
});

describe("sessions across restarts", () => {
  let db: TestDatabase;
  beforeAll(() => {
    db = createSqliteDatabase();
  });
  afterAll(() => db.drop());

  it("survive a server restart (same database, same secret)", async () => {
    const secret = randomBytes(32).toString("hex");
    const first = await startTestServer({ databaseUrl: db.url, secret });
    const { client, email } = await signUpTeacher(first.url);
    await first.close();

    const second = await startTestServer({ databaseUrl: db.url, secret });
    try {
      const resumed = new ApiClient(second.url);
      for (const [k, v] of client.cookies) resumed.cookies.set(k, v);
      expect(await resumed.get("/api/session")).toMatchObject({ body: { data: { user: { email } } } });
      expect((await resumed.post("/api/classrooms", { name: "After restart" })).status).toBe(201);
    } finally {
      await second.close();
    }
  });

  it("are useless under another secret (a copied database cannot mint cookies)", async () => {
    const first = await startTestServer({ databaseUrl: db.url, secret: randomBytes(32).toString("hex") });
    const { client } = await signUpTeacher(first.url);
    await first.close();
    const second = await startTestServer({ databaseUrl: db.url, secret: randomBytes(32).toString("hex") });
    try {
      const resumed = new ApiClient(second.url);
      resumed.cookies.set("lr_session", client.cookies.get("lr_session")!);
      expect(await resumed.get("/api/session")).toMatchObject({ body: { data: { user: null } } });
    } finally {
      await second.close();
    }
  });
});

describe("behind an HTTPS proxy", () => {
  it("marks cookies Secure when TRUST_PROXY is on and the proxy says https", async () => {
    const proxied = await startTestServer({ env: { TRUST_PROXY: "true" } });
    try {
      const response = await fetch(`${proxied.url}/api/session`, { headers: { "x-forwarded-proto": "https" } });
      expect(response.headers.getSetCookie().find((c) => c.startsWith("lr_csrf="))).toMatch(/; Secure/);
    } finally {
      await proxied.close();
    }
  });
});

describe("rate limits", () => {
  let limited: TestServer;
  beforeAll(async () => {
    // Frozen in the middle of a window, so no count is reset by a window boundary mid-test.
    const frozen = Math.floor(Date.now() / 60_000) * 60_000 + 30_000;
    limited = await startTestServer({
      env: { TRUST_PROXY: "true" },
      deps: {
        clock: { now: () => frozen },
        rateRules: {
          signInPerAccount: { name: "signin-account", limit: 3, windowMs: 60_000 },
          signInPerIp: { name: "signin-ip", limit: 5, windowMs: 60_000 },
          joinPerIp: { name: "join-ip", limit: 3, windowMs: 60_000 },
        },
      },
    });
  });
  afterAll(() => limited.close());

  function from(ip: string): ApiClient {
    const client = new ApiClient(limited.url);
    const raw = client.raw.bind(client);
    client.raw = (method, path, init = {}) => raw(method, path, { ...init, headers: { ...init.headers, "x-forwarded-for": ip } });
    return client;
  }

  it("lock an account after repeated failures, even for the right password, from any address", async () => {
    const { email } = await signUpTeacher(limited.url);
    for (let i = 0; i < 3; i++) expect((await from(`10.0.0.${i}`).post("/api/session", { email, password: "wrong guess!" })).status).toBe(401);
    const locked = await from("10.0.0.99").post("/api/session", { email, password: TEACHER_PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({ ok: false, error: { code: "rate_limited" } });
    if (!locked.body.ok) expect(inEnglish(locked.body.error)).toMatch(/^Too many attempts\. Try again in \d+ minute\(s\)\.$/);
    expect(locked.headers.get("retry-after")).toBe("30");
  });

  it("limit one address guessing many accounts", async () => {
    const ip = "10.1.0.1";
    for (let i = 0; i < 5; i++) expect((await from(ip).post("/api/session", { email: uniqueEmail(), password: "wrong guess!" })).status).toBe(401);
    const { email } = await signUpTeacher(limited.url);
    expect((await from(ip).post("/api/session", { email, password: TEACHER_PASSWORD })).status).toBe(429);
    expect((await from("10.1.0.2").post("/api/session", { email, password: TEACHER_PASSWORD })).status).toBe(200);
  });

  it("limit guessing join codes per address", async () => {
    const ip = "10.2.0.1";
    for (let i = 0; i < 3; i++) expect((await from(ip).get("/api/join/ZZZ-ZZ2")).status).toBe(404);
    const { code } = await teacherWithClassroom(limited.url);
    expect(await from(ip).get(`/api/join/${code}`)).toMatchObject({ status: 429, body: { error: { code: "rate_limited" } } });
    expect((await from("10.2.0.2").get(`/api/join/${code}`)).status).toBe(200);
  });
});
