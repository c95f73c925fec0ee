/**
 * `npm run admin -- reset-password <email>` as an operator runs it: a child process on the server's database that
 * prints a link, which then sets the teacher's password through the running server.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tokenFromFragment } from "@/lib/auth/recovery";
import { createSqliteDatabase, type TestDatabase } from "../../support/databases";
import { ApiClient, signUpTeacher, startTestServer, TEACHER_PASSWORD, uniqueEmail, type TestServer } from "../../support/server";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));

/** The script directly, or (`viaNpm`) exactly as the README says to run it. */
function admin(args: string[], env: Record<string, string>, viaNpm = false): Promise<{ code: number; stdout: string; stderr: string }> {
  const [file, argv] = viaNpm ? ["npm", ["run", "admin", "--", ...args]] : [process.execPath, ["--import", "tsx", "scripts/admin.ts", ...args]];
  return new Promise((resolve) => {
    execFile(file, argv, { cwd: ROOT, env: { ...process.env, ...env } }, (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }));
  });
}

let db: TestDatabase;
let server: TestServer;
beforeAll(async () => {
  db = createSqliteDatabase();
  server = await startTestServer({ databaseUrl: db.url });
});
afterAll(async () => {
  await server.close();
  await db.drop();
});

describe("npm run admin -- reset-password", () => {
  it("prints a one-time link that sets the teacher's password and signs their sessions out", { timeout: 60_000 }, async () => {
    const { client: oldSession, email } = await signUpTeacher(server.url, "Mr Tanaka");
    const run = await admin(["reset-password", email.toUpperCase()], { DATABASE_URL: db.url, PUBLIC_URL: server.url }, true);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Mr Tanaka <${email}>`);
    const link = /^https?:\/\/\S+$/m.exec(run.stdout)?.[0];
    expect(link).toMatch(new RegExp(`^${server.url}/reset-password#token=`));

    const browser = new ApiClient(server.url);
    const redeemed = await browser.post("/api/password-resets/redeem", { token: tokenFromFragment(new URL(link!).hash), password: "a brand new phrase" });
    expect(redeemed).toMatchObject({ status: 200, body: { ok: true, data: { user: { email } } } });
    expect(await oldSession.get("/api/session")).toMatchObject({ body: { data: { user: null } } });
    expect((await new ApiClient(server.url).post("/api/session", { email, password: TEACHER_PASSWORD })).status).toBe(401);
    expect((await new ApiClient(server.url).post("/api/session", { email, password: "a brand new phrase" })).status).toBe(200);
  });

  it("says so for an unknown address or a wrong command, and prints no link", { timeout: 60_000 }, async () => {
    const unknown = await admin(["reset-password", uniqueEmail()], { DATABASE_URL: db.url });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/No teacher account uses/);
    expect(unknown.stdout).not.toMatch(/reset-password#token=/);
    const usage = await admin(["reset-password"], { DATABASE_URL: db.url });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^Usage: npm run admin -- reset-password <email>/);
    const notEmail = await admin(["reset-password", "nobody"], { DATABASE_URL: db.url });
    expect(notEmail).toMatchObject({ code: 2, stderr: expect.stringMatching(/is not an e-mail address/) });
  });
});
