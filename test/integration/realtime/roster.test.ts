/**
 * The socket side, with real socket.io-client clients against the real server: handshake authentication,
 * authorization of every event, payload validation, and the live roster.
 */
import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { request } from "@/app/_lib/realtime";
import { connectRealtime } from "@/app/_lib/realtime";
import { SESSION_TTL_MS } from "@/lib/auth/session";
import { requests } from "@/lib/realtime/events";
import { PROTOCOL_VERSION } from "@/lib/realtime/protocol";
import { closeAllSockets, connected, Inbox, refusal, track } from "../../support/realtime";
import { ApiClient, joinAsStudent, signUpTeacher, startTestServer, teacherWithClassroom, type TestServer } from "../../support/server";
import { io } from "socket.io-client";
import { inEnglish } from "../../support/in-english";
import type { ErrorBody } from "@/lib/errors";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => closeAllSockets());
afterAll(() => server.close());

async function inRoom(client: ApiClient, classroomId: string): Promise<Inbox> {
  const socket = client.socket();
  await connected(socket);
  const inbox = new Inbox(socket);
  const entered = await request(socket, "room:enter", { classroomId });
  if (!entered.ok) throw new Error(JSON.stringify(entered));
  return inbox;
}

describe("the handshake", () => {
  it("needs a session cookie", async () => {
    expect(await refusal(new ApiClient(server.url).socket())).toMatchObject({ code: "unauthenticated" });
  });

  it("refuses a forged session cookie", async () => {
    const client = new ApiClient(server.url);
    client.cookies.set("lr_session", randomBytes(32).toString("base64url"));
    expect(await refusal(client.socket())).toMatchObject({ code: "unauthenticated" });
  });

  it("refuses a session cookie replayed after sign-out", async () => {
    const { client } = await signUpTeacher(server.url);
    const replay = new ApiClient(server.url);
    replay.cookies.set("lr_session", client.cookies.get("lr_session")!);
    await client.delete("/api/session");
    expect(await refusal(replay.socket())).toMatchObject({ code: "unauthenticated" });
  });

  it("refuses another protocol version, or none, and says to reload", async () => {
    const { client } = await signUpTeacher(server.url);
    const stale = io(server.url, { auth: { protocolVersion: PROTOCOL_VERSION + 1 }, extraHeaders: { cookie: client.cookieHeader() }, autoConnect: false });
    expect(inEnglish((await refusal(stale)) ?? undefined)).toMatch(/Reload the page/);
    const none = io(server.url, { extraHeaders: { cookie: client.cookieHeader() }, autoConnect: false });
    expect(await refusal(none)).toMatchObject({ code: "protocol_mismatch" });
  });

  it("refuses cross-site handshakes (another origin's page using the victim's cookie)", async () => {
    const { client } = await signUpTeacher(server.url);
    const socket = track(connectRealtime({ url: server.url, headers: { cookie: client.cookieHeader(), origin: "https://evil.example" }, autoConnect: false }));
    await expect(connected(socket)).rejects.toThrow();
  });

  it("accepts a signed-in user", async () => {
    const { client } = await signUpTeacher(server.url);
    await expect(connected(client.socket())).resolves.toBeUndefined();
  });
});

describe("room:enter", () => {
  it("gives a member the roster, with themselves online", async () => {
    const { teacher, classroomId, userId, code } = await teacherWithClassroom(server.url);
    await joinAsStudent(server.url, code, "Anna");
    const socket = teacher.socket();
    await connected(socket);
    const result = await request(socket, "room:enter", { classroomId });
    expect(result).toMatchObject({
      ok: true,
      data: {
        classroom: { id: classroomId, joinCode: code },
        me: { userId, role: "teacher" },
        members: [
          { displayName: "Ms Rivera", online: true },
          { displayName: "Anna", online: false },
        ],
      },
    });
  });

  it("refuses outsiders, who then receive nothing from the room", async () => {
    const room = await teacherWithClassroom(server.url);
    const teacherInbox = await inRoom(room.teacher, room.classroomId);
    const elsewhere = await teacherWithClassroom(server.url);
    const outsiderStudent = await joinAsStudent(server.url, elsewhere.code, "Zed");

    const outsiders: Inbox[] = [];
    for (const client of [elsewhere.teacher, outsiderStudent.client]) {
      const socket = client.socket();
      await connected(socket);
      const inbox = new Inbox(socket);
      const result = await request(socket, "room:enter", { classroomId: room.classroomId });
      expect(result).toEqual({ ok: false, error: { code: "forbidden", reason: "not_member" } });
      outsiders.push(inbox);
    }

    await joinAsStudent(server.url, room.code, "Anna");
    await teacherInbox.next("roster:joined");
    for (const inbox of outsiders) {
      await inbox.flush();
      expect(inbox.events).toEqual([]);
    }
  });

  it("answers a classroom that does not exist exactly like one the caller is not in", async () => {
    const { client } = await signUpTeacher(server.url);
    const socket = client.socket();
    await connected(socket);
    const missing = await request(socket, "room:enter", { classroomId: "00000000-0000-0000-0000-000000000000" });
    const { classroomId } = await teacherWithClassroom(server.url);
    const foreign = await request(socket, "room:enter", { classroomId });
    expect(missing).toEqual(foreign);
  });

  it.each([
    ["no payload", undefined, undefined],
    ["a string", "classroom-1", undefined],
    ["a missing id", {}, "classroomId"],
    ["a numeric id", { classroomId: 42 }, "classroomId"],
    ["an empty id", { classroomId: "" }, "classroomId"],
    ["an overlong id", { classroomId: "x".repeat(65) }, "classroomId"],
    ["an extra field", { classroomId: "abc", asTeacher: true }, undefined],
  ])("refuses %s with bad_request, and joins nothing", async (_, payload, field) => {
    const room = await teacherWithClassroom(server.url);
    const socket = room.teacher.socket();
    await connected(socket);
    const inbox = new Inbox(socket);
    const result = await (request as (s: unknown, e: string, p: unknown) => Promise<unknown>)(socket, "room:enter", payload);
    expect(result).toMatchObject({ ok: false, error: { code: "bad_request", ...(field ? { field } : {}) } });
    expect(inEnglish((result as { error: ErrorBody }).error)).toMatch(field ? /^Classroom|: / : /^(Unknown setting: asTeacher|Some of the information sent is not valid)\.$/);
    // Still not in the room: a join reaches another of the teacher's sockets, but not this one.
    const watcher = await inRoom(room.teacher, room.classroomId);
    await joinAsStudent(server.url, room.code, "Anna");
    await watcher.next("roster:joined");
    await inbox.flush();
    expect(inbox.of("roster:joined")).toEqual([]);
  });

  it("ignores a request without an ack, and keeps serving the socket", async () => {
    const room = await teacherWithClassroom(server.url);
    const socket = room.teacher.socket();
    await connected(socket);
    (socket.emit as (event: string, payload: unknown) => void)("room:enter", { classroomId: room.classroomId });
    expect((await request(socket, "room:enter", { classroomId: room.classroomId })).ok).toBe(true);
  });
});

describe("room:leave", () => {
  it("refuses a malformed payload", async () => {
    const { client } = await signUpTeacher(server.url);
    const socket = client.socket();
    await connected(socket);
    const result = await (request as (s: unknown, e: string, p: unknown) => Promise<unknown>)(socket, "room:leave", { classroomId: ["a"] });
    expect(result).toMatchObject({ ok: false, error: { code: "bad_request", field: "classroomId" } });
  });

  it("is refused for a room the socket has not entered (an outsider's, or one it already left)", async () => {
    const room = await teacherWithClassroom(server.url);
    const outsider = (await signUpTeacher(server.url)).client.socket();
    await connected(outsider);
    const refused = { ok: false, error: { code: "forbidden", reason: "not_in_room" } };
    expect(await request(outsider, "room:leave", { classroomId: room.classroomId })).toEqual(refused);
    const inbox = await inRoom(room.teacher, room.classroomId);
    expect((await request(inbox.socket, "room:leave", { classroomId: room.classroomId })).ok).toBe(true);
    expect(await request(inbox.socket, "room:leave", { classroomId: room.classroomId })).toEqual(refused);
  });

  it("stops the room's broadcasts for this socket, and membership stays", async () => {
    const room = await teacherWithClassroom(server.url);
    const inbox = await inRoom(room.teacher, room.classroomId);
    expect(await request(inbox.socket, "room:leave", { classroomId: room.classroomId })).toEqual({ ok: true, data: {} });
    const watcher = await inRoom(room.teacher, room.classroomId);
    await joinAsStudent(server.url, room.code, "Anna");
    await watcher.next("roster:joined");
    await inbox.flush();
    expect(inbox.of("roster:joined")).toEqual([]);
  });
});

it("every client request of the roster area is covered above (race requests: test/integration/realtime/race.test.ts)", () => {
  expect(Object.keys(requests).filter((name) => name.startsWith("room:")).sort()).toEqual(["room:enter", "room:leave"]);
});

describe("the live roster", () => {
  it("shows a student joining, coming online and going offline, without reloading", async () => {
    const room = await teacherWithClassroom(server.url);
    const teacher = await inRoom(room.teacher, room.classroomId);

    const anna = await joinAsStudent(server.url, room.code, "Anna");
    expect(await teacher.next("roster:joined")).toEqual({
      classroomId: room.classroomId,
      member: { userId: anna.userId, displayName: "Anna", role: "student", joinedAt: expect.any(String), online: false },
    });

    const tab1 = await inRoom(anna.client, room.classroomId);
    expect(await teacher.next("roster:presence-changed", (e) => e.userId === anna.userId)).toEqual({ classroomId: room.classroomId, userId: anna.userId, online: true });
    const tab2 = await inRoom(anna.client, room.classroomId);

    tab1.socket.disconnect();
    await tab2.flush();
    await teacher.flush();
    expect(teacher.of("roster:presence-changed").filter((e) => e.userId === anna.userId)).toHaveLength(1);

    tab2.socket.disconnect();
    expect(await teacher.next("roster:presence-changed", (e) => e.userId === anna.userId && !e.online)).toMatchObject({ online: false });
  });

  it("removes a student live: they are told, then lose the room", async () => {
    const room = await teacherWithClassroom(server.url);
    const teacher = await inRoom(room.teacher, room.classroomId);
    const anna = await joinAsStudent(server.url, room.code, "Anna");
    const annaInbox = await inRoom(anna.client, room.classroomId);

    await room.teacher.delete(`/api/classrooms/${room.classroomId}/members/${anna.userId}`);
    const removed = { classroomId: room.classroomId, userId: anna.userId };
    expect(await teacher.next("roster:removed")).toEqual(removed);
    expect(await annaInbox.next("roster:removed")).toEqual(removed);

    await joinAsStudent(server.url, room.code, "Ben");
    await teacher.next("roster:joined", (e) => e.member.displayName === "Ben");
    await annaInbox.flush();
    expect(annaInbox.of("roster:joined")).toEqual([]);
    expect(await request(annaInbox.socket, "room:enter", { classroomId: room.classroomId })).toMatchObject({ ok: false, error: { code: "forbidden" } });
  });

  it("announces a student leaving", async () => {
    const room = await teacherWithClassroom(server.url);
    const teacher = await inRoom(room.teacher, room.classroomId);
    const anna = await joinAsStudent(server.url, room.code, "Anna");
    await anna.client.delete(`/api/classrooms/${room.classroomId}/membership`);
    expect(await teacher.next("roster:left")).toEqual({ classroomId: room.classroomId, userId: anna.userId });
  });

  it("sends classroom changes to everyone, the new code to teachers only", async () => {
    const room = await teacherWithClassroom(server.url);
    const teacher = await inRoom(room.teacher, room.classroomId);
    const anna = await joinAsStudent(server.url, room.code, "Anna");
    const student = await inRoom(anna.client, room.classroomId);

    await room.teacher.patch(`/api/classrooms/${room.classroomId}`, { locked: true });
    expect(await student.next("classroom:updated")).toEqual({ classroom: { id: room.classroomId, name: "Period 3 Physics", locked: true, archived: false } });

    const rotated = await room.teacher.post<{ classroom: { joinCode: string } }>(`/api/classrooms/${room.classroomId}/code`);
    const newCode = rotated.body.ok ? rotated.body.data.classroom.joinCode : "";
    expect(await teacher.next("classroom:updated", (e) => e.classroom.joinCode === newCode)).toBeTruthy();
    await student.flush();
    for (const update of student.of("classroom:updated")) expect(update.classroom.joinCode).toBeUndefined();
  });

  it("signing out disconnects that session's sockets", async () => {
    const { client } = await signUpTeacher(server.url);
    const socket = client.socket();
    await connected(socket);
    const disconnected = new Promise<string>((resolve) => socket.once("disconnect", resolve));
    await client.delete("/api/session");
    expect(await disconnected).toBe("io server disconnect");
  });
});

describe("session expiry on an open socket", () => {
  it("refuses requests once the session has expired, and disconnects", async () => {
    let now = Date.now();
    const timed = await startTestServer({ deps: { clock: { now: () => now } } });
    try {
      const room = await teacherWithClassroom(timed.url);
      const socket = room.teacher.socket();
      await connected(socket);
      expect((await request(socket, "room:enter", { classroomId: room.classroomId })).ok).toBe(true);
      now += SESSION_TTL_MS + 1;
      const disconnected = new Promise((resolve) => socket.once("disconnect", resolve));
      expect(await request(socket, "room:enter", { classroomId: room.classroomId })).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
      await disconnected;
    } finally {
      closeAllSockets();
      await timed.close();
    }
  });
});

describe("connection-state recovery", () => {
  it("resumes a dropped connection in its rooms, but not in a room the user was removed from meanwhile", async () => {
    const room = await teacherWithClassroom(server.url);
    const teacher = await inRoom(room.teacher, room.classroomId);
    const anna = await joinAsStudent(server.url, room.code, "Anna");
    const ben = await joinAsStudent(server.url, room.code, "Ben");
    const annaInbox = await inRoom(anna.client, room.classroomId);
    const benInbox = await inRoom(ben.client, room.classroomId);

    // Drop both connections without a clean disconnect (a Wi-Fi hiccup); remove Anna while she is away.
    const annaBack = new Promise<void>((resolve) => annaInbox.socket.once("connect", () => resolve()));
    const benBack = new Promise<void>((resolve) => benInbox.socket.once("connect", () => resolve()));
    annaInbox.socket.io.engine.close();
    benInbox.socket.io.engine.close();
    await teacher.next("roster:presence-changed", (e) => e.userId === anna.userId && !e.online);
    await room.teacher.delete(`/api/classrooms/${room.classroomId}/members/${anna.userId}`);
    await Promise.all([annaBack, benBack]);
    expect(annaInbox.socket.recovered).toBe(true);
    expect(benInbox.socket.recovered).toBe(true);

    // Ben is back in the room without re-entering it; Anna is not.
    await joinAsStudent(server.url, room.code, "Cleo");
    await benInbox.next("roster:joined", (e) => e.member.displayName === "Cleo");
    await annaInbox.flush();
    expect(annaInbox.of("roster:joined").filter((e) => e.member.displayName === "Cleo")).toEqual([]);
  });
});
