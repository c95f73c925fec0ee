/** Joining by code or link: the happy paths, and every refusal leaving the room exactly as it was. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient, joinAsStudent, startTestServer, STUDENT_PASSWORD, teacherWithClassroom, type TestServer } from "../../support/server";
import { inEnglish } from "../../support/in-english";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

async function roster(teacher: ApiClient, classroomId: string) {
  const response = await teacher.get<{ members: { displayName: string; userId: string }[] }>(`/api/classrooms/${classroomId}`);
  if (!response.body.ok) throw new Error(JSON.stringify(response.body));
  return response.body.data.members;
}

describe("the join link's preview", () => {
  it("shows the classroom's name (not its code) for a current code in any format", async () => {
    const { classroomId, code } = await teacherWithClassroom(server.url, "Biology 2");
    const response = await new ApiClient(server.url).get(`/api/join/${code.toLowerCase().replace("-", "")}`);
    expect(response.body).toEqual({ ok: true, data: { classroom: { id: classroomId, name: "Biology 2", locked: false, archived: false } } });
  });
});

describe("joining", () => {
  it("creates the student, signs them in and adds them to the roster", async () => {
    const { teacher, classroomId, code } = await teacherWithClassroom(server.url);
    const student = new ApiClient(server.url);
    const response = await student.post("/api/join", { code, displayName: "Anna", password: STUDENT_PASSWORD });
    expect(response).toMatchObject({ status: 201, body: { ok: true, data: { classroomId, user: { kind: "student", displayName: "Anna", email: null } } } });
    expect((await roster(teacher, classroomId)).map((m) => m.displayName)).toEqual(["Ms Rivera", "Anna"]);
    expect((await student.get(`/api/classrooms/${classroomId}`)).status).toBe(200);
  });

  it("lets a signed-in student join a second classroom with the same account (no new password)", async () => {
    const first = await teacherWithClassroom(server.url, "Maths");
    const second = await teacherWithClassroom(server.url, "Art");
    const { client, userId } = await joinAsStudent(server.url, first.code, "Dev");
    const response = await client.post("/api/join", { code: second.code, displayName: "Devi" });
    expect(response).toMatchObject({ status: 201, body: { ok: true, data: { classroomId: second.classroomId, user: { id: userId } } } });
    const listing = await client.get<{ classrooms: { classroom: { name: string } }[] }>("/api/classrooms");
    expect(listing.body.ok && listing.body.data.classrooms.map((c) => c.classroom.name).sort()).toEqual(["Art", "Maths"]);
    // Either classroom's code signs the same account in.
    const again = await new ApiClient(server.url).post("/api/students/session", { code: second.code, displayName: "Devi", password: STUDENT_PASSWORD });
    expect(again.body).toMatchObject({ ok: true, data: { user: { id: userId } } });
  });

  it("is harmless when repeated by a member", async () => {
    const { teacher, classroomId, code } = await teacherWithClassroom(server.url);
    const { client } = await joinAsStudent(server.url, code, "Eve");
    expect((await client.post("/api/join", { code, displayName: "Eve again" })).status).toBe(201);
    expect((await roster(teacher, classroomId)).map((m) => m.displayName)).toEqual(["Ms Rivera", "Eve"]);
  });
});

describe("refused joins change nothing", () => {
  const cases: [string, (ctx: { teacher: ApiClient; classroomId: string; code: string }) => Promise<Record<string, unknown>>, number, string, RegExp][] = [
    ["an unknown code", async () => ({ code: "ZZZ-ZZ2" }), 404, "unknown_code", /^No classroom has this code/],
    ["a malformed code", async () => ({ code: "K0Q-4PX" }), 400, "invalid_code", /6 letters and digits, like K7Q-4PX/],
    [
      "an expired (rotated) code",
      async ({ teacher, classroomId, code }) => {
        await teacher.post(`/api/classrooms/${classroomId}/code`);
        return { code };
      },
      410,
      "expired_code",
      /^This code has expired/,
    ],
    [
      "a locked classroom",
      async ({ teacher, classroomId }) => {
        await teacher.patch(`/api/classrooms/${classroomId}`, { locked: true });
        return {};
      },
      403,
      "classroom_locked",
      /not accepting new students/,
    ],
    [
      "an archived classroom",
      async ({ teacher, classroomId }) => {
        await teacher.patch(`/api/classrooms/${classroomId}`, { archived: true });
        return {};
      },
      403,
      "classroom_archived",
      /archived/,
    ],
    ["a duplicate name (other case, full width)", async () => ({ displayName: "ＡＮＮＡ" }), 409, "name_taken", /already uses that name/],
    ["an empty name", async () => ({ displayName: " " }), 400, "invalid_name", /^Enter a name\.$/],
    ["an overlong name", async () => ({ displayName: "y".repeat(33) }), 400, "invalid_name", /at most 32 characters/],
    ["a name with a control character", async () => ({ displayName: "An\u0000na" }), 400, "invalid_name", /control characters/],
    ["a bidi-spoofed name", async () => ({ displayName: "Ann\u202Ea" }), 400, "invalid_name", /control characters/],
    ["a name with a lone surrogate", async () => ({ displayName: "Ben\uD83D" }), 400, "bad_request", /^This text contains a broken character/],
    ["a password with a lone surrogate", async () => ({ password: "river-\uDC00-otter" }), 400, "bad_request", /^This text contains a broken character/],
    ["an unknown key", async () => ({ role: "teacher" }), 400, "bad_request", /^Unknown setting: role\.$/],
    ["a weak password", async () => ({ password: "abc" }), 400, "weak_password", /too short/],
    ["a trivial PIN", async () => ({ password: "1234" }), 400, "weak_password", /too easy to guess/],
    ["no password", async () => ({ password: undefined }), 400, "weak_password", /too short/],
  ];

  it.each(cases)("%s", async (_, arrange, status, code, message) => {
    const room = await teacherWithClassroom(server.url);
    await joinAsStudent(server.url, room.code, "Anna");
    const change = await arrange(room);
    const before = await roster(room.teacher, room.classroomId);

    const student = new ApiClient(server.url);
    const response = await student.post("/api/join", { code: room.code, displayName: "Ben", password: STUDENT_PASSWORD, ...change });
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ ok: false, error: { code } });
    if (!response.body.ok) expect(inEnglish(response.body.error)).toMatch(message);

    expect(await roster(room.teacher, room.classroomId)).toEqual(before);
    expect(student.cookies.has("lr_session")).toBe(false);
    expect(await student.get("/api/session")).toMatchObject({ body: { data: { user: null } } });
  });

  it("a teacher cannot join as a student", async () => {
    const room = await teacherWithClassroom(server.url);
    const other = await teacherWithClassroom(server.url);
    const before = await roster(room.teacher, room.classroomId);
    const response = await other.teacher.post("/api/join", { code: room.code, displayName: "Sneaky" });
    expect(response).toMatchObject({ status: 403, body: { ok: false, error: { code: "teachers_cannot_join" } } });
    expect(await roster(room.teacher, room.classroomId)).toEqual(before);
  });

  it("the join preview explains locked and unknown codes too", async () => {
    const room = await teacherWithClassroom(server.url);
    await room.teacher.patch(`/api/classrooms/${room.classroomId}`, { locked: true });
    expect(await new ApiClient(server.url).get(`/api/join/${room.code}`)).toMatchObject({ status: 403, body: { error: { code: "classroom_locked" } } });
    expect(await new ApiClient(server.url).get("/api/join/ZZZ-ZZ2")).toMatchObject({ status: 404, body: { error: { code: "unknown_code" } } });
  });
});
