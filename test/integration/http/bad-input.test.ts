/**
 * Malformed input to every JSON route with a body or a path id: a lone UTF-16 surrogate in any text field, an
 * unknown key, broken percent-encoding in the path. Each is a 400 that names the field, and nothing changes
 * (today's bad cases: a 500 from deep inside the database driver, a URIError, a key silently dropped).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_TRAINING_CONFIG } from "@/lib/ml/config";
import { routes } from "@/server/http/routes/index";
import { monthlyValues, uploadRequest } from "../../support/datasets";
import { ApiClient, joinAsStudent, startTestServer, STUDENT_PASSWORD, TEACHER_PASSWORD, teacherWithClassroom, uniqueEmail, type TestServer } from "../../support/server";

let server: TestServer;
let room: Awaited<ReturnType<typeof teacherWithClassroom>>;
let other: Awaited<ReturnType<typeof teacherWithClassroom>>;
let student: Awaited<ReturnType<typeof joinAsStudent>>;
let runId: string;

beforeAll(async () => {
  server = await startTestServer();
  room = await teacherWithClassroom(server.url, "Hygiene");
  other = await teacherWithClassroom(server.url, "Other room");
  student = await joinAsStudent(server.url, room.code, "Anna");
  const started = await student.client.post<{ runId: string }>("/api/runs", { config: DEFAULT_TRAINING_CONFIG, classroomId: room.classroomId });
  if (!started.body.ok) throw new Error(JSON.stringify(started.body));
  runId = started.body.data.runId;
});
afterAll(() => server.close());

type Caller = "anonymous" | "teacher" | "student";
type Method = "POST" | "PATCH" | "PUT";

interface Case {
  method: Method;
  route: string;
  path: () => string;
  caller: Caller;
  body: () => Record<string, unknown>;
  /** Dotted paths of the body's text fields. */
  text: string[];
}

const cases: Case[] = [
  { method: "POST", route: "/api/teachers", path: () => "/api/teachers", caller: "anonymous", body: () => ({ email: uniqueEmail(), password: TEACHER_PASSWORD, displayName: "Mr Li" }), text: ["email", "password", "displayName"] },
  { method: "POST", route: "/api/session", path: () => "/api/session", caller: "anonymous", body: () => ({ email: "someone@school.example", password: TEACHER_PASSWORD }), text: ["email", "password"] },
  { method: "POST", route: "/api/students/session", path: () => "/api/students/session", caller: "anonymous", body: () => ({ code: room.code, displayName: "Anna", password: STUDENT_PASSWORD }), text: ["code", "displayName", "password"] },
  { method: "POST", route: "/api/join", path: () => "/api/join", caller: "anonymous", body: () => ({ code: room.code, displayName: "Ben", password: STUDENT_PASSWORD }), text: ["code", "displayName", "password"] },
  { method: "POST", route: "/api/password-resets", path: () => "/api/password-resets", caller: "anonymous", body: () => ({ email: uniqueEmail() }), text: ["email"] },
  { method: "POST", route: "/api/password-resets/redeem", path: () => "/api/password-resets/redeem", caller: "anonymous", body: () => ({ token: "A".repeat(43), password: TEACHER_PASSWORD }), text: ["token", "password"] },
  { method: "PUT", route: "/api/account/password", path: () => "/api/account/password", caller: "student", body: () => ({ password: "5827" }), text: ["password"] },
  { method: "PUT", route: "/api/account/locale", path: () => "/api/account/locale", caller: "student", body: () => ({ locale: "ja" }), text: ["locale"] },
  { method: "POST", route: "/api/classrooms", path: () => "/api/classrooms", caller: "teacher", body: () => ({ name: "New room" }), text: ["name"] },
  { method: "PATCH", route: "/api/classrooms/:id", path: () => `/api/classrooms/${room.classroomId}`, caller: "teacher", body: () => ({ locked: true }), text: [] },
  { method: "POST", route: "/api/runs", path: () => "/api/runs", caller: "student", body: () => ({ config: DEFAULT_TRAINING_CONFIG, classroomId: room.classroomId, backend: "wasm", device: "Chromebook" }), text: ["classroomId", "backend", "device", "config.model.cell"] },
  {
    method: "POST",
    route: "/api/runs/imports",
    path: () => "/api/runs/imports",
    caller: "student",
    body: () => ({ config: DEFAULT_TRAINING_CONFIG, classroomId: room.classroomId, weights: "TFJXVA==", trainLoss: 0.1, valLoss: 0.2, rollout: { mse: 0.3, predicted: [0.1] } }),
    text: ["classroomId", "weights", "config.optimizer.kind"],
  },
  { method: "PATCH", route: "/api/runs/:id", path: () => `/api/runs/${runId}`, caller: "student", body: () => ({ note: "a good one", tags: ["lstm", "fast"] }), text: ["note", "tags.1"] },
  { method: "POST", route: "/api/runs/:id/snapshots", path: () => `/api/runs/${runId}/snapshots`, caller: "student", body: () => ({ points: [{ epoch: 1, trainLoss: 0.5, valLoss: 0.6, msPerEpoch: 3, tMs: 100 }] }), text: [] },
  { method: "POST", route: "/api/runs/:id/rollouts", path: () => `/api/runs/${runId}/rollouts`, caller: "student", body: () => ({ epoch: 1, mse: 0.1, predicted: [0.1] }), text: [] },
  { method: "POST", route: "/api/runs/:id/finish", path: () => `/api/runs/${runId}/finish`, caller: "student", body: () => ({ status: "stopped", finalTrainLoss: 0.1, finalValLoss: null, msPerEpoch: 1, backend: "wasm", device: "Chromebook" }), text: ["backend", "device"] },
  { method: "PUT", route: "/api/runs/:id/weights", path: () => `/api/runs/${runId}/weights`, caller: "student", body: () => ({ data: "TFJXVA==" }), text: ["data"] },
  { method: "POST", route: "/api/classrooms/:id/datasets", path: () => `/api/classrooms/${room.classroomId}/datasets`, caller: "teacher", body: () => uploadRequest(monthlyValues(20)), text: ["name", "text", "fileName"] },
  { method: "POST", route: "/api/datasets", path: () => "/api/datasets", caller: "student", body: () => uploadRequest(monthlyValues(20)), text: ["name", "text", "fileName", "scaling"] },
];

it("covers every route that takes a JSON body", () => {
  const withBody = routes.filter((r) => r.body).map((r) => `${r.method} ${r.path}`).sort();
  expect(cases.map((c) => `${c.method} ${c.route}`).sort()).toEqual(withBody);
});

function caller(who: Caller): ApiClient {
  return who === "teacher" ? room.teacher : who === "student" ? student.client : new ApiClient(server.url);
}

function poisoned(body: Record<string, unknown>, path: string): Record<string, unknown> {
  const copy = structuredClone(body);
  const parts = path.split(".");
  let target: Record<string, unknown> = copy;
  for (const part of parts.slice(0, -1)) target = target[part] as Record<string, unknown>;
  target[parts.at(-1)!] = "LSTM\uD800";
  return copy;
}

/** Everything these routes could change, as the people concerned see it. */
async function state() {
  const [roster, listing, run, history, otherRoster, account, library, ownData] = await Promise.all([
    room.teacher.get(`/api/classrooms/${room.classroomId}`),
    room.teacher.get("/api/classrooms"),
    student.client.get(`/api/runs/${runId}`),
    student.client.get("/api/history"),
    other.teacher.get(`/api/classrooms/${other.classroomId}`),
    student.client.get("/api/session"),
    room.teacher.get(`/api/classrooms/${room.classroomId}/datasets`),
    student.client.get("/api/datasets"),
  ]);
  return [roster.body, listing.body, run.body, history.body, otherRoster.body, account.body, library.body, ownData.body];
}

const poisonings = cases.flatMap((c) => c.text.map((field) => ({ ...c, field })));

describe.each(poisonings)("$method $route", (c) => {
  it(`refuses a lone surrogate in ${c.field}, naming the field, and changes nothing`, async () => {
    const before = await state();
    const client = caller(c.caller);
    const response = await client.send(c.method, c.path(), poisoned(c.body(), c.field));
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ ok: false, error: { code: "bad_request", reason: "malformed_text", field: c.field } });
    if (!response.body.ok) expect(response.body.error.message).toBe("This text contains a broken character (a lone UTF-16 surrogate). Retype it and try again.");
    if (c.caller === "anonymous") expect(client.cookies.has("lr_session")).toBe(false);
    expect(await state()).toEqual(before);
  });
});

describe.each(cases)("$method $route", (c) => {
  it("refuses an unknown key, naming it, and changes nothing", async () => {
    const before = await state();
    const client = caller(c.caller);
    const response = await client.send(c.method, c.path(), { ...c.body(), role: "teacher" });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ ok: false, error: { code: "bad_request", field: "role", message: 'Unrecognized key: "role"' } });
    if (c.caller === "anonymous") expect(client.cookies.has("lr_session")).toBe(false);
    expect(await state()).toEqual(before);
  });
});

describe("broken percent-encoding in a path id", () => {
  const withParams = routes.filter((r) => r.path.includes(":"));

  it.each(withParams.map((r) => [r.method, r.path] as const))("%s %s answers 400 naming the parameter", async (method, route) => {
    const before = await state();
    const names = [...route.matchAll(/:(\w+)/g)].map((m) => m[1]!);
    // The first parameter broken (a truncated UTF-8 sequence), the others real ids.
    const path = route.replace(/:(\w+)/g, (_, name: string) => (name === names[0] ? "%E0%A4" : runId));
    const client = room.teacher;
    const response = method === "GET" ? await client.get(path) : await client.send(method as Method | "DELETE", path, {});
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ ok: false, error: { code: "bad_request", reason: "malformed_path", field: names[0] } });
    expect(await state()).toEqual(before);
  });

  it("also for an encoded lone surrogate and a bare percent sign", async () => {
    for (const id of ["%ED%A0%80", "%", "abc%zz"]) {
      const response = await room.teacher.get(`/api/classrooms/${id}`);
      expect(response).toMatchObject({ status: 400, body: { ok: false, error: { code: "bad_request", reason: "malformed_path", field: "id" } } });
    }
  });
});
