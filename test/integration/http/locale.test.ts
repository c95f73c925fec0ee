/**
 * The account's language (PUT /api/account/locale): saved per account, so it follows a student to any browser
 * they sign in on; bad values are refused and change nothing. And error bodies carry the values their message
 * needs, so the page can write it in the reader's language.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionResponse } from "@/lib/api/auth";
import { TEACHER_PASSWORD_MIN_LENGTH } from "@/lib/auth/password";
import { ApiClient, joinAsStudent, signUpTeacher, startTestServer, STUDENT_PASSWORD, TEACHER_PASSWORD, teacherWithClassroom, uniqueEmail, type TestServer } from "../../support/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const sessionUser = async (client: ApiClient) => ((await client.get<SessionResponse>("/api/session")).body as { data: SessionResponse }).data.user;

describe("the account's language", () => {
  it("is unset for a new account, then saved, and applies to every later sign-in", async () => {
    const { client, email, userId } = await signUpTeacher(server.url);
    expect(await sessionUser(client)).toMatchObject({ id: userId, locale: null });

    const saved = await client.send<SessionResponse>("PUT", "/api/account/locale", { locale: "ja" });
    expect(saved).toMatchObject({ status: 200, body: { ok: true, data: { user: { id: userId, locale: "ja" } } } });
    expect(await sessionUser(client)).toMatchObject({ locale: "ja" });
    expect(await server.database.repositories.users.findById(userId)).toMatchObject({ locale: "ja" });

    // Another browser (a shared Chromebook): signing in brings the choice back.
    const elsewhere = new ApiClient(server.url);
    const signIn = await elsewhere.post<SessionResponse>("/api/session", { email, password: TEACHER_PASSWORD });
    expect(signIn.body).toMatchObject({ ok: true, data: { user: { locale: "ja" } } });

    await elsewhere.send("PUT", "/api/account/locale", { locale: "en" });
    expect(await sessionUser(client)).toMatchObject({ locale: "en" });
  });

  it("follows a student to another browser too", async () => {
    const { code } = await teacherWithClassroom(server.url);
    const { client } = await joinAsStudent(server.url, code, "Aiko");
    await client.send("PUT", "/api/account/locale", { locale: "ja" });
    const laptop = new ApiClient(server.url);
    const signIn = await laptop.post<SessionResponse>("/api/students/session", { code, displayName: "Aiko", password: STUDENT_PASSWORD });
    expect(signIn.body).toMatchObject({ ok: true, data: { user: { displayName: "Aiko", locale: "ja" } } });
  });

  it.each([["fr"], ["JA"], [""], [null], [42]])("refuses %j and keeps the saved choice", async (locale) => {
    const { client, userId } = await signUpTeacher(server.url);
    await client.send("PUT", "/api/account/locale", { locale: "ja" });
    const response = await client.send("PUT", "/api/account/locale", { locale });
    expect(response).toMatchObject({ status: 400, body: { ok: false, error: { code: "bad_request", field: "locale" } } });
    expect(await server.database.repositories.users.findById(userId)).toMatchObject({ locale: "ja" });
  });

  it("needs a signed-in person", async () => {
    const response = await new ApiClient(server.url).send("PUT", "/api/account/locale", { locale: "ja" });
    expect(response).toMatchObject({ status: 401, body: { ok: false, error: { code: "unauthenticated" } } });
  });
});

describe("error bodies", () => {
  it("carry the values their message needs, so the page can write it in any language", async () => {
    const response = await new ApiClient(server.url).post("/api/teachers", { email: uniqueEmail(), password: "short", displayName: "Ms Rivera" });
    expect(response.body).toMatchObject({ ok: false, error: { code: "weak_password", reason: "too_short", field: "password", values: { min: TEACHER_PASSWORD_MIN_LENGTH } } });
  });

  it("leave values out when the message needs none", async () => {
    const response = await new ApiClient(server.url).post("/api/session", { email: uniqueEmail(), password: "wrong password here" });
    expect(response.body).toMatchObject({ ok: false, error: { code: "invalid_credentials" } });
    expect(response.body).not.toHaveProperty("error.values");
  });
});
