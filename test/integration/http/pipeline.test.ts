/** What every JSON API route gets from the pipeline: body limits, JSON parsing, CSRF, routing errors, cookies. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "@/server/http/router";
import { ApiClient, startTestServer, teacherWithClassroom, type TestServer } from "../../support/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

async function rosterNames(client: ApiClient, classroomId: string): Promise<string[]> {
  const response = await client.get<{ members: { displayName: string }[] }>(`/api/classrooms/${classroomId}`);
  if (!response.body.ok) throw new Error("roster unavailable");
  return response.body.data.members.map((m) => m.displayName);
}

describe("GET /api/health", () => {
  it("answers { ok, db, version } without the API envelope", async () => {
    const response = await fetch(`${server.url}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, db: "sqlite", version: "0.1.0-test" });
  });
});

describe("request bodies", () => {
  it("refuses malformed JSON with a clear message and changes nothing", async () => {
    const { teacher, classroomId } = await teacherWithClassroom(server.url);
    const token = await teacher.ensureCsrf();
    const response = await teacher.raw("POST", "/api/join", {
      body: '{"code": "K7Q-4PX", "displayName": ',
      headers: { "content-type": "application/json", "x-csrf-token": token },
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ ok: false, error: { code: "malformed_json" } });
    if (!response.body.ok) expect(response.body.error.message).toMatch(/^The request body is not valid JSON: /);
    expect(await rosterNames(teacher, classroomId)).toEqual(["Ms Rivera"]);
  });

  it("refuses bodies over the size limit, whatever Content-Length says", async () => {
    const { teacher, classroomId } = await teacherWithClassroom(server.url);
    const token = await teacher.ensureCsrf();
    const big = JSON.stringify({ name: "x".repeat(MAX_BODY_BYTES) });
    const declared = await teacher.raw("POST", "/api/classrooms", { body: big, headers: { "content-type": "application/json", "x-csrf-token": token } });
    expect(declared.status).toBe(413);
    expect(declared.body).toMatchObject({ ok: false, error: { code: "payload_too_large", reason: "body", values: { max: MAX_BODY_BYTES } } });

    // Chunked, so only counting the bytes as they arrive can catch it.
    const chunked = await fetch(`${server.url}/api/classrooms`, {
      method: "POST",
      headers: { cookie: teacher.cookieHeader(), "content-type": "application/json", "x-csrf-token": token },
      body: new Blob([big]).stream(),
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
    const listing = await teacher.get<{ classrooms: { classroom: { id: string } }[] }>("/api/classrooms");
    expect(listing.body.ok && listing.body.data.classrooms.map((c) => c.classroom.id)).toEqual([classroomId]);
  });

  it("refuses a body that is not JSON", async () => {
    const client = new ApiClient(server.url);
    const token = await client.ensureCsrf();
    const response = await client.raw("POST", "/api/session", { body: "email=a&password=b", headers: { "content-type": "application/x-www-form-urlencoded", "x-csrf-token": token } });
    expect(response.status).toBe(415);
    expect(response.body).toMatchObject({ ok: false, error: { code: "unsupported_media_type" } });
  });

  it("names the field when a body has the wrong shape", async () => {
    const client = new ApiClient(server.url);
    const response = await client.post("/api/session", { email: 42, password: "x" });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ ok: false, error: { code: "bad_request", field: "email" } });
    if (!response.body.ok) expect(response.body.error.message).toMatch(/^email: /);
  });
});

describe("CSRF protection", () => {
  it("refuses a mutation without the token, and changes nothing", async () => {
    const { teacher } = await teacherWithClassroom(server.url);
    const response = await teacher.raw("POST", "/api/classrooms", { body: JSON.stringify({ name: "Sneaky" }), headers: { "content-type": "application/json" } });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ ok: false, error: { code: "csrf_failed" } });
    const listing = await teacher.get<{ classrooms: { classroom: { name: string } }[] }>("/api/classrooms");
    expect(listing.body.ok && listing.body.data.classrooms.map((c) => c.classroom.name)).not.toContain("Sneaky");
  });

  it("refuses a token signed for another session (a token stolen from a signed-out page)", async () => {
    const { teacher } = await teacherWithClassroom(server.url);
    const anonymous = new ApiClient(server.url);
    const foreign = await anonymous.ensureCsrf();
    const response = await teacher.raw("POST", "/api/classrooms", {
      body: JSON.stringify({ name: "Sneaky" }),
      headers: { "content-type": "application/json", "x-csrf-token": foreign, cookie: `${teacher.cookieHeader().replace(/lr_csrf=[^;]+/, `lr_csrf=${encodeURIComponent(foreign)}`)}` },
    });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ ok: false, error: { code: "csrf_failed" } });
  });

  it("refuses a cross-site request even with a valid token", async () => {
    const { teacher } = await teacherWithClassroom(server.url);
    const token = await teacher.ensureCsrf();
    const response = await teacher.raw("POST", "/api/classrooms", {
      body: JSON.stringify({ name: "Sneaky" }),
      headers: { "content-type": "application/json", "x-csrf-token": token, origin: "https://evil.example" },
    });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ ok: false, error: { code: "csrf_failed" } });
  });

  it("accepts a same-origin request with the token", async () => {
    const { teacher } = await teacherWithClassroom(server.url);
    const token = await teacher.ensureCsrf();
    const response = await teacher.raw("POST", "/api/classrooms", {
      body: JSON.stringify({ name: "Fine" }),
      headers: { "content-type": "application/json", "x-csrf-token": token, origin: server.url },
    });
    expect(response.status).toBe(201);
  });
});

describe("routing", () => {
  it("answers unknown API paths with 404 and wrong methods with 405, in JSON", async () => {
    const client = new ApiClient(server.url);
    expect(await client.get("/api/nothing-here")).toMatchObject({ status: 404, body: { ok: false, error: { code: "not_found" } } });
    expect(await client.send("PUT", "/api/health")).toMatchObject({ status: 405, body: { ok: false, error: { code: "method_not_allowed" } } });
  });

  it("answers page paths with 404 when running without Next.js", async () => {
    expect((await fetch(`${server.url}/dashboard`)).status).toBe(404);
  });
});

describe("cookies", () => {
  it("mark the session httpOnly and SameSite=Lax, and the CSRF cookie readable by the page", async () => {
    const client = new ApiClient(server.url);
    const token = await client.ensureCsrf();
    const response = await client.raw("POST", "/api/teachers", {
      body: JSON.stringify({ email: `c-${Date.now()}@school.example`, password: "correct horse battery", displayName: "Ms C" }),
      headers: { "content-type": "application/json", "x-csrf-token": token },
    });
    const cookies = response.headers.getSetCookie();
    const session = cookies.find((c) => c.startsWith("lr_session="))!;
    expect(session).toMatch(/; HttpOnly/);
    expect(session).toMatch(/; SameSite=Lax/);
    expect(session).not.toMatch(/; Secure/);
    const csrf = cookies.find((c) => c.startsWith("lr_csrf="))!;
    expect(csrf).not.toMatch(/HttpOnly/);
  });
});
