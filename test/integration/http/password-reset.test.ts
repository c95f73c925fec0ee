/**
 * A teacher's forgotten password: "Forgot password?" sends a one-time link by real SMTP (an in-process server),
 * the link sets a new password once within an hour and signs every old session out; the form answers the same
 * for any address and is rate limited. Without SMTP the form says links come from the admin command.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tokenFromFragment } from "@/lib/auth/recovery";
import { DEFAULT_RATE_RULES } from "@/server/security/rate-rules";
import { hashResetToken } from "@/server/security/recovery-tokens";
import { ApiClient, signUpTeacher, startTestServer, TEACHER_PASSWORD, uniqueEmail, type TestServer } from "../../support/server";
import { linkIn, startSmtpServer, type TestSmtpServer } from "../../support/smtp";

const NEW_PASSWORD = "blue heron at dawn";
const HOUR_MS = 3_600_000;

let smtp: TestSmtpServer;
let server: TestServer;
// Frozen mid-window (rate limits) and moved on by hand (link expiry).
let now = Math.floor(Date.now() / HOUR_MS) * HOUR_MS + 60_000;

beforeAll(async () => {
  smtp = await startSmtpServer();
  server = await startTestServer({
    env: { SMTP_URL: smtp.url, MAIL_FROM: "Loss Race <lossrace@school.example>", PUBLIC_URL: "https://lossrace.school.example/" },
    deps: { clock: { now: () => now } },
  });
});
afterAll(async () => {
  await server.close();
  await smtp.close();
});

const tokenOf = (link: string) => tokenFromFragment(new URL(link).hash)!;

async function requestLink(email: string): Promise<string> {
  const before = smtp.received.length;
  const response = await new ApiClient(server.url).post("/api/password-resets", { email });
  expect(response).toMatchObject({ status: 202, body: { ok: true, data: { delivery: "email" } } });
  const mail = await smtp.nth(before + 1);
  expect(mail.to).toEqual([email.toLowerCase()]);
  return linkIn(mail);
}

function redeem(token: string, password = NEW_PASSWORD, client = new ApiClient(server.url)) {
  return client.post<{ user: { email: string } }>("/api/password-resets/redeem", { token, password });
}

const signIn = (email: string, password: string) => new ApiClient(server.url).post("/api/session", { email, password });

describe("a reset link by e-mail", () => {
  it("is sent over SMTP to the teacher, on PUBLIC_URL, and sets a new password once, signing every old session out", async () => {
    const { client: oldSession, email } = await signUpTeacher(server.url, "Ms Okafor");
    const link = await requestLink(email.toUpperCase());
    const mail = smtp.received.at(-1)!;
    expect(mail.from).toContain("lossrace@school.example");
    expect(mail.subject).toBe("Reset your Loss Race password");
    expect(mail.text).toContain("Hello Ms Okafor");
    expect(link).toMatch(/^https:\/\/lossrace\.school\.example\/reset-password#token=/);
    // Only a hash of the token is stored.
    const token = tokenOf(link);
    expect(await server.database.repositories.passwordResets.find(token)).toBeNull();
    expect(await server.database.repositories.passwordResets.find(hashResetToken(token))).toMatchObject({ usedAt: null });

    const browser = new ApiClient(server.url);
    const redeemed = await redeem(token, NEW_PASSWORD, browser);
    expect(redeemed).toMatchObject({ status: 200, body: { ok: true, data: { user: { email } } } });
    expect(await browser.get("/api/session")).toMatchObject({ body: { data: { user: { email } } } });
    expect(await oldSession.get("/api/session")).toMatchObject({ body: { data: { user: null } } });
    expect((await signIn(email, TEACHER_PASSWORD)).status).toBe(401);
    expect((await signIn(email, NEW_PASSWORD)).status).toBe(200);

    // Reused: refused, and the password stays.
    expect(await redeem(token, "another fine phrase")).toMatchObject({ status: 410, body: { error: { code: "invalid_reset_link", reason: "used" } } });
    expect((await signIn(email, NEW_PASSWORD)).status).toBe(200);
  });

  it("is written in the teacher's language", async () => {
    const { client, email } = await signUpTeacher(server.url, "山田先生");
    await client.send("PUT", "/api/account/locale", { locale: "ja" });
    await requestLink(email);
    const mail = smtp.received.at(-1)!;
    expect(mail.subject).toBe("Loss Race のパスワードの再設定");
    expect(mail.text).toContain("山田先生 様");
  });

  it("expires after an hour and changes nothing", async () => {
    const { client: oldSession, email } = await signUpTeacher(server.url);
    const token = tokenOf(await requestLink(email));
    now += HOUR_MS;
    try {
      expect(await redeem(token)).toMatchObject({ status: 410, body: { error: { code: "invalid_reset_link", reason: "expired" } } });
    } finally {
      now -= HOUR_MS;
    }
    expect(await oldSession.get("/api/session")).toMatchObject({ body: { data: { user: { email } } } });
    expect((await signIn(email, TEACHER_PASSWORD)).status).toBe(200);
  });

  it("refuses a wrong or malformed token, and a weak password without spending the link", async () => {
    const { email } = await signUpTeacher(server.url);
    const token = tokenOf(await requestLink(email));
    const wrong = `${token.slice(0, -2)}${token.endsWith("AA") ? "BB" : "AA"}`;
    expect(await redeem(wrong)).toMatchObject({ status: 410, body: { error: { code: "invalid_reset_link" } } });
    expect(await redeem("short")).toMatchObject({ status: 410, body: { error: { code: "invalid_reset_link" } } });
    expect(await redeem(token, "password1")).toMatchObject({ status: 400, body: { error: { code: "weak_password", reason: "too_common" } } });
    expect(await new ApiClient(server.url).post("/api/password-resets/redeem", { token, password: 42 })).toMatchObject({ status: 400, body: { error: { code: "bad_request" } } });
    expect((await signIn(email, TEACHER_PASSWORD)).status).toBe(200);
    expect((await redeem(token)).status).toBe(200);
  });

  it("answers the same for an address without an account, and sends nothing", async () => {
    const { email } = await signUpTeacher(server.url);
    const before = smtp.received.length;
    const unknown = await new ApiClient(server.url).post("/api/password-resets", { email: uniqueEmail() });
    const known = await new ApiClient(server.url).post("/api/password-resets", { email });
    expect(unknown.status).toBe(known.status);
    expect(unknown.body).toEqual(known.body);
    const mail = await smtp.nth(before + 1);
    expect(mail.to).toEqual([email]);
    expect(smtp.received.length).toBe(before + 1);
    expect(await new ApiClient(server.url).post("/api/password-resets", { email: "not-an-address" })).toMatchObject({
      status: 400,
      body: { error: { code: "invalid_email", field: "email" } },
    });
  });
});

describe("the forgot-password form's limits", () => {
  let limited: TestServer;
  let limitedSmtp: TestSmtpServer;
  beforeAll(async () => {
    limitedSmtp = await startSmtpServer();
    limited = await startTestServer({
      env: { SMTP_URL: limitedSmtp.url, MAIL_FROM: "lossrace@school.example", TRUST_PROXY: "true" },
      deps: {
        clock: { now: () => now },
        rateRules: {
          resetRequestPerAccount: { ...DEFAULT_RATE_RULES.resetRequestPerAccount, limit: 2 },
          resetRequestPerIp: { ...DEFAULT_RATE_RULES.resetRequestPerIp, limit: 4 },
        },
      },
    });
  });
  afterAll(async () => {
    await limited.close();
    await limitedSmtp.close();
  });

  function from(ip: string): ApiClient {
    const client = new ApiClient(limited.url);
    const raw = client.raw.bind(client);
    client.raw = (method, path, init = {}) => raw(method, path, { ...init, headers: { ...init.headers, "x-forwarded-for": ip } });
    return client;
  }

  it("limits the e-mails to one address, from anywhere, and the requests from one address, for any e-mail", async () => {
    const { email } = await signUpTeacher(limited.url);
    expect((await from("10.1.0.1").post("/api/password-resets", { email })).status).toBe(202);
    expect((await from("10.1.0.2").post("/api/password-resets", { email })).status).toBe(202);
    const refused = await from("10.1.0.3").post("/api/password-resets", { email });
    expect(refused).toMatchObject({ status: 429, body: { error: { code: "rate_limited" } } });
    expect(refused.headers.get("retry-after")).toMatch(/^[0-9]+$/);
    await limitedSmtp.nth(2);
    expect(limitedSmtp.received).toHaveLength(2);
    // Unknown addresses count too, so nobody can probe many from one machine.
    for (let i = 0; i < 4; i++) expect((await from("10.1.0.9").post("/api/password-resets", { email: uniqueEmail() })).status).toBe(202);
    expect((await from("10.1.0.9").post("/api/password-resets", { email: uniqueEmail() })).status).toBe(429);
  });
});

describe("without SMTP", () => {
  it("answers that links come from the admin command, and issues none", async () => {
    const plain = await startTestServer();
    try {
      const { email, userId } = await signUpTeacher(plain.url);
      const response = await new ApiClient(plain.url).post("/api/password-resets", { email });
      expect(response).toMatchObject({ status: 202, body: { ok: true, data: { delivery: "admin" } } });
      expect(await new ApiClient(plain.url).post("/api/password-resets", { email: uniqueEmail() })).toEqual(expect.objectContaining({ body: response.body }));
      expect(await plain.database.repositories.users.findById(userId)).not.toBeNull();
    } finally {
      await plain.close();
    }
  });
});
