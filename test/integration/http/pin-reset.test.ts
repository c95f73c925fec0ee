/**
 * A teacher resets a student's PIN from the roster: a one-time PIN, kept only hashed, that signs the student in
 * to choose their own PIN and nothing else; the student's old sessions end. Only the classroom's teacher may.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient, joinAsStudent, startTestServer, STUDENT_PASSWORD, teacherWithClassroom, type TestServer } from "../../support/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

async function classWithStudent(name = "Anna") {
  const room = await teacherWithClassroom(server.url);
  const student = await joinAsStudent(server.url, room.code, name);
  return { ...room, student, name };
}

function signInStudent(code: string, displayName: string, password: string, client = new ApiClient(server.url)) {
  return client.post<{ user: { passwordChangeRequired: boolean } }>("/api/students/session", { code, displayName, password });
}

async function resetPin(teacher: ApiClient, classroomId: string, userId: string): Promise<string> {
  const response = await teacher.post<{ pin: string }>(`/api/classrooms/${classroomId}/members/${userId}/pin-reset`);
  if (!response.body.ok) throw new Error(JSON.stringify(response.body));
  return response.body.data.pin;
}

describe("a teacher resets a student's PIN", () => {
  it("issues a six-digit one-time PIN, stored only hashed, and signs the student out everywhere", async () => {
    const { teacher, classroomId, code, student, name } = await classWithStudent();
    const socket = student.client.socket();
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    const disconnected = new Promise<void>((resolve) => socket.once("disconnect", () => resolve()));

    const response = await teacher.post<{ pin: string }>(`/api/classrooms/${classroomId}/members/${student.userId}/pin-reset`);
    expect(response.status).toBe(200);
    const pin = response.body.ok ? response.body.data.pin : "";
    expect(pin).toMatch(/^[0-9]{6}$/);

    const stored = await server.database.repositories.users.findById(student.userId);
    expect(stored!.passwordHash).toMatch(/^scrypt\$/);
    expect(stored!.passwordHash).not.toContain(pin);
    expect(stored!.passwordChangeRequired).toBe(true);
    expect(await student.client.get("/api/session")).toMatchObject({ body: { data: { user: null } } });
    await disconnected;
    expect(await signInStudent(code, name, STUDENT_PASSWORD)).toMatchObject({ status: 401, body: { error: { code: "invalid_credentials" } } });
    // A second reset replaces the first one-time PIN.
    const second = await resetPin(teacher, classroomId, student.userId);
    expect((await signInStudent(code, name, pin)).status).toBe(second === pin ? 200 : 401);
  });

  it("lets a one-time PIN do nothing but choose a new PIN, which then replaces it", async () => {
    const { teacher, classroomId, code, student, name } = await classWithStudent("Ben");
    const pin = await resetPin(teacher, classroomId, student.userId);
    const device = new ApiClient(server.url);
    const otherDevice = new ApiClient(server.url);
    const signedIn = await signInStudent(code, name, pin, device);
    expect(signedIn).toMatchObject({ status: 200, body: { data: { user: { passwordChangeRequired: true } } } });
    await signInStudent(code, name, pin, otherDevice);

    // Everything else is refused until the PIN is chosen: HTTP and sockets alike.
    expect(await device.get("/api/classrooms")).toMatchObject({ status: 403, body: { error: { code: "password_change_required" } } });
    expect(await device.post("/api/join", { code, displayName: "Ben again" })).toMatchObject({ status: 403, body: { error: { code: "password_change_required" } } });
    const socket = device.socket();
    const refusal = await new Promise<unknown>((resolve) => socket.once("connect_error", (error) => resolve((error as { data?: unknown }).data)));
    socket.disconnect();
    expect(refusal).toMatchObject({ code: "password_change_required" });

    // Bad choices are explained and change nothing.
    expect(await device.send("PUT", "/api/account/password", { password: pin })).toMatchObject({ status: 400, body: { error: { code: "weak_password", reason: "same_as_one_time" } } });
    expect(await device.send("PUT", "/api/account/password", { password: "1234" })).toMatchObject({ status: 400, body: { error: { code: "weak_password", reason: "pin_too_simple" } } });
    expect(await device.send("PUT", "/api/account/password", { password: 1234 })).toMatchObject({ status: 400, body: { error: { code: "bad_request" } } });
    expect((await server.database.repositories.users.findById(student.userId))!.passwordChangeRequired).toBe(true);

    const chosen = await device.send("PUT", "/api/account/password", { password: "4071" });
    expect(chosen).toMatchObject({ status: 200, body: { data: { user: { passwordChangeRequired: false } } } });
    expect((await device.get("/api/classrooms")).status).toBe(200);
    // The other device signed in with the one-time PIN is signed out; the one-time PIN is spent.
    expect(await otherDevice.get("/api/session")).toMatchObject({ body: { data: { user: null } } });
    expect((await signInStudent(code, name, pin)).status).toBe(401);
    expect(await signInStudent(code, name, "4071")).toMatchObject({ status: 200, body: { data: { user: { passwordChangeRequired: false } } } });
    expect(await device.send("PUT", "/api/account/password", { password: "5082" })).toMatchObject({ status: 400, body: { error: { reason: "no_change_required" } } });
  });

  describe("authorization: only the classroom's teacher, and only for a student", () => {
    it.each([
      ["another teacher", 403, "forbidden"],
      ["a student of the class", 403, "forbidden"],
      ["someone signed out", 401, "unauthenticated"],
    ])("refuses %s and changes nothing", async (who, status, code) => {
      const room = await classWithStudent("Cleo");
      const classmate = await joinAsStudent(server.url, room.code, "Dev");
      const caller =
        who === "another teacher" ? (await teacherWithClassroom(server.url, "Other class")).teacher : who === "a student of the class" ? classmate.client : new ApiClient(server.url);
      const before = await server.database.repositories.users.findById(room.student.userId);
      const response = await caller.post(`/api/classrooms/${room.classroomId}/members/${room.student.userId}/pin-reset`);
      expect(response).toMatchObject({ status, body: { ok: false, error: { code } } });
      expect(await server.database.repositories.users.findById(room.student.userId)).toEqual(before);
      expect(await room.student.client.get("/api/session")).toMatchObject({ body: { data: { user: { id: room.student.userId } } } });
      expect((await signInStudent(room.code, "Cleo", STUDENT_PASSWORD)).status).toBe(200);
    });

    it("refuses a teacher's own account and someone outside the class", async () => {
      const room = await classWithStudent("Eve");
      const outsider = await joinAsStudent(server.url, (await teacherWithClassroom(server.url)).code, "Finn");
      expect(await room.teacher.post(`/api/classrooms/${room.classroomId}/members/${room.userId}/pin-reset`)).toMatchObject({
        status: 400,
        body: { error: { code: "bad_request", reason: "not_a_student" } },
      });
      expect(await room.teacher.post(`/api/classrooms/${room.classroomId}/members/${outsider.userId}/pin-reset`)).toMatchObject({ status: 404 });
      expect((await server.database.repositories.users.findById(outsider.userId))!.passwordChangeRequired).toBe(false);
    });
  });
});
