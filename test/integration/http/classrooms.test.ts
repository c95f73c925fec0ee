/** The classroom API: creating, listing, the teacher's controls, leaving; and bad input changing nothing. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient, joinAsStudent, signUpTeacher, startTestServer, teacherWithClassroom, type TestServer } from "../../support/server";
import { inEnglish } from "../../support/in-english";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

interface Snapshot {
  classroom: { id: string; name: string; locked: boolean; archived: boolean; joinCode?: string };
  members: { userId: string; displayName: string; role: string; online: boolean }[];
  me: { userId: string; role: string };
}

async function snapshot(client: ApiClient, classroomId: string): Promise<Snapshot> {
  const response = await client.get<Snapshot>(`/api/classrooms/${classroomId}`);
  if (!response.body.ok) throw new Error(JSON.stringify(response.body));
  return response.body.data;
}

describe("creating classrooms", () => {
  it("gives the teacher a formatted join code and lists the classroom", async () => {
    const { client } = await signUpTeacher(server.url);
    const created = await client.post<{ classroom: Snapshot["classroom"] }>("/api/classrooms", { name: "  Period 3   Physics " });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ok: true, data: { classroom: { name: "Period 3 Physics", locked: false, archived: false } } });
    if (!created.body.ok) return;
    expect(created.body.data.classroom.joinCode).toMatch(/^[2-9A-HJKMNP-Z]{3}-[2-9A-HJKMNP-Z]{3}$/);
    const listing = await client.get("/api/classrooms");
    expect(listing.body).toEqual({ ok: true, data: { classrooms: [{ classroom: created.body.data.classroom, role: "teacher", studentCount: 0 }] } });
  });

  it.each([
    ["an empty name", "  ", /^Enter a name\.$/],
    ["an overlong name", "z".repeat(61), /at most 60 characters/],
    ["a name with control characters", "Physics\u0007", /control characters/],
  ])("refuses %s and creates nothing", async (_, name, message) => {
    const { client } = await signUpTeacher(server.url);
    const response = await client.post("/api/classrooms", { name });
    expect(response).toMatchObject({ status: 400, body: { ok: false, error: { code: "invalid_name", field: "name" } } });
    if (!response.body.ok) expect(inEnglish(response.body.error)).toMatch(message);
    expect((await client.get("/api/classrooms")).body).toEqual({ ok: true, data: { classrooms: [] } });
  });

  it("is for teachers only", async () => {
    const { code } = await teacherWithClassroom(server.url);
    const { client } = await joinAsStudent(server.url, code, "Anna");
    const response = await client.post("/api/classrooms", { name: "Mine now" });
    expect(response).toMatchObject({ status: 403, body: { ok: false, error: { code: "forbidden", reason: "teachers_only" } } });
    const listing = await client.get<{ classrooms: unknown[] }>("/api/classrooms");
    expect(listing.body.ok && listing.body.data.classrooms).toHaveLength(1);
  });
});

describe("the room", () => {
  it("shows the roster to members, the join code only to the teacher", async () => {
    const { teacher, classroomId, code, userId } = await teacherWithClassroom(server.url);
    const anna = await joinAsStudent(server.url, code, "Anna");
    const forTeacher = await snapshot(teacher, classroomId);
    expect(forTeacher.classroom.joinCode).toBe(code);
    expect(forTeacher.me).toEqual({ userId, role: "teacher" });
    expect(forTeacher.members.map((m) => [m.displayName, m.role])).toEqual([
      ["Ms Rivera", "teacher"],
      ["Anna", "student"],
    ]);
    const forStudent = await snapshot(anna.client, classroomId);
    expect(forStudent.classroom.joinCode).toBeUndefined();
    expect(forStudent.members).toEqual(forTeacher.members);
  });
});

describe("teacher controls", () => {
  it("lock and unlock joining", async () => {
    const { teacher, classroomId, code } = await teacherWithClassroom(server.url);
    expect((await teacher.patch(`/api/classrooms/${classroomId}`, { locked: true })).body).toMatchObject({ ok: true, data: { classroom: { locked: true } } });
    expect((await new ApiClient(server.url).get(`/api/join/${code}`)).status).toBe(403);
    await teacher.patch(`/api/classrooms/${classroomId}`, { locked: false });
    expect((await new ApiClient(server.url).get(`/api/join/${code}`)).status).toBe(200);
  });

  it("archive and restore", async () => {
    const { teacher, classroomId } = await teacherWithClassroom(server.url);
    expect((await teacher.patch(`/api/classrooms/${classroomId}`, { archived: true })).body).toMatchObject({ ok: true, data: { classroom: { archived: true } } });
    expect((await snapshot(teacher, classroomId)).classroom.archived).toBe(true);
    expect((await teacher.patch(`/api/classrooms/${classroomId}`, { archived: false })).body).toMatchObject({ ok: true, data: { classroom: { archived: false } } });
  });

  it.each([
    ["nothing to change", {}],
    ["an unknown setting", { locked: true, owner: "me" }],
    ["a wrong type", { locked: "yes" }],
  ])("refuse an update with %s and change nothing", async (_, body) => {
    const { teacher, classroomId } = await teacherWithClassroom(server.url);
    const before = await snapshot(teacher, classroomId);
    const response = await teacher.patch(`/api/classrooms/${classroomId}`, body);
    expect(response).toMatchObject({ status: 400, body: { ok: false, error: { code: "bad_request" } } });
    expect(await snapshot(teacher, classroomId)).toEqual(before);
  });

  it("rotate the code: a new one works, the old one is reported expired", async () => {
    const { teacher, classroomId, code } = await teacherWithClassroom(server.url);
    const rotated = await teacher.post<{ classroom: { joinCode: string } }>(`/api/classrooms/${classroomId}/code`);
    expect(rotated.body.ok).toBe(true);
    if (!rotated.body.ok) return;
    const fresh = rotated.body.data.classroom.joinCode;
    expect(fresh).not.toBe(code);
    expect((await new ApiClient(server.url).get(`/api/join/${fresh}`)).status).toBe(200);
    expect((await new ApiClient(server.url).get(`/api/join/${code}`)).body).toMatchObject({ error: { code: "expired_code" } });
  });

  it("remove a student, who then cannot see the room nor sign in through it", async () => {
    const { teacher, classroomId, code } = await teacherWithClassroom(server.url);
    const anna = await joinAsStudent(server.url, code, "Anna");
    expect((await teacher.delete(`/api/classrooms/${classroomId}/members/${anna.userId}`)).status).toBe(200);
    expect((await snapshot(teacher, classroomId)).members.map((m) => m.displayName)).toEqual(["Ms Rivera"]);
    expect(await anna.client.get(`/api/classrooms/${classroomId}`)).toMatchObject({ status: 403, body: { error: { code: "forbidden" } } });
    expect((await new ApiClient(server.url).post("/api/students/session", { code, displayName: "Anna", password: "river-otter-42" })).status).toBe(401);
  });

  it("refuse to remove the teacher, or someone who is not a member, and change nothing", async () => {
    const { teacher, classroomId, userId, code } = await teacherWithClassroom(server.url);
    await joinAsStudent(server.url, code, "Anna");
    const before = await snapshot(teacher, classroomId);
    expect(await teacher.delete(`/api/classrooms/${classroomId}/members/${userId}`)).toMatchObject({
      status: 400,
      body: { error: { code: "bad_request", reason: "cannot_remove_teacher" } },
    });
    expect(await teacher.delete(`/api/classrooms/${classroomId}/members/not-a-member`)).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
    expect(await snapshot(teacher, classroomId)).toEqual(before);
  });
});

describe("leaving", () => {
  it("lets a student leave; the teacher cannot leave their own classroom", async () => {
    const { teacher, classroomId, code } = await teacherWithClassroom(server.url);
    const anna = await joinAsStudent(server.url, code, "Anna");
    expect((await anna.client.delete(`/api/classrooms/${classroomId}/membership`)).status).toBe(200);
    expect((await snapshot(teacher, classroomId)).members.map((m) => m.displayName)).toEqual(["Ms Rivera"]);
    expect(await teacher.delete(`/api/classrooms/${classroomId}/membership`)).toMatchObject({
      status: 403,
      body: { error: { code: "forbidden", reason: "teacher_cannot_leave" } },
    });
    expect((await snapshot(teacher, classroomId)).members).toHaveLength(1);
  });
});
