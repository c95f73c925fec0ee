import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "@/server/config";

describe("configuration", () => {
  it("runs the embedded mode with no environment at all", () => {
    const result = parseConfig({}, { cwd: "/srv/loss-race", version: "1.2.3" });
    expect(result).toEqual({
      ok: true,
      config: {
        port: 3000,
        host: "",
        databaseUrl: "file:./data/loss-race.db",
        dataDir: path.resolve("/srv/loss-race", "data"),
        sessionSecret: undefined,
        redisUrl: undefined,
        redisPrefix: "lr:",
        trustProxy: false,
        logLevel: "info",
        dev: false,
        version: "1.2.3",
        testClock: false,
        checkResponses: true,
      },
    });
  });

  it("checks API answers against the contract everywhere but production", () => {
    const checks = (env: Record<string, string>) => {
      const result = parseConfig(env);
      return result.ok && result.config.checkResponses;
    };
    expect(checks({})).toBe(true);
    expect(checks({ NODE_ENV: "test" })).toBe(true);
    expect(checks({ NODE_ENV: "production" })).toBe(false);
  });

  it("reads every variable", () => {
    const result = parseConfig({
      PORT: "8080",
      HOST: "127.0.0.1",
      DATABASE_URL: "postgresql://app@db:5432/lossrace",
      SESSION_SECRET: "s".repeat(40),
      REDIS_URL: "redis://cache:6379",
      TRUST_PROXY: "true",
      LOG_LEVEL: "warn",
      PUBLIC_URL: "https://race.school.example",
      LOSS_RACE_TEST_CLOCK: "true",
    });
    expect(result.ok && result.config).toMatchObject({
      port: 8080,
      host: "127.0.0.1",
      databaseUrl: "postgresql://app@db:5432/lossrace",
      redisUrl: "redis://cache:6379",
      trustProxy: true,
      logLevel: "warn",
      publicUrl: "https://race.school.example",
      testClock: true,
    });
  });

  it("treats blank variables as unset", () => {
    expect(parseConfig({ PORT: "", REDIS_URL: "  " })).toMatchObject({ ok: true, config: { port: 3000, redisUrl: undefined } });
  });

  it.each([
    ["PORT", "abc", /^PORT must be a number \(got "abc"\)$/],
    ["PORT", "70000", /^PORT must be between 0 and 65535 \(got "70000"\)$/],
    ["DATABASE_URL", "mysql://x", /^DATABASE_URL must be "file:<path>" \(SQLite\) or "postgresql:\/\/…"/],
    ["REDIS_URL", "localhost:6379", /^REDIS_URL must be "redis:\/\/host:port"/],
    ["TRUST_PROXY", "maybe", /^TRUST_PROXY must be "true" or "false"/],
    ["LOG_LEVEL", "loud", /^LOG_LEVEL /],
    ["PUBLIC_URL", "race.school.example", /^PUBLIC_URL must be an address like "https:\/\/race.school.example"/],
    ["PUBLIC_URL", "ftp://race.school.example", /^PUBLIC_URL must be an address like/],
    ["PUBLIC_URL", "https://school.example/race", /^PUBLIC_URL must be an address like .*no path/],
  ])("names %s and why when it is %j", (name, value, message) => {
    const result = parseConfig({ [name]: value });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toEqual([expect.stringMatching(message)]);
  });

  it("never repeats a bad SESSION_SECRET in its message", () => {
    const result = parseConfig({ SESSION_SECRET: "hunter2" });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems[0]).toMatch(/^SESSION_SECRET must be at least 32 characters/);
      expect(result.problems[0]).not.toContain("hunter2");
    }
  });
});

describe("account recovery settings", () => {
  it("reads the SMTP server, the sender and the public address", () => {
    const result = parseConfig({ SMTP_URL: "smtps://user:pw@mail.school.org:465", MAIL_FROM: "Loss Race <lr@school.org>", PUBLIC_URL: "https://lr.school.org" });
    expect(result).toMatchObject({
      ok: true,
      config: { mail: { smtpUrl: "smtps://user:pw@mail.school.org:465", from: "Loss Race <lr@school.org>" }, publicUrl: "https://lr.school.org" },
    });
  });

  it("refuses an SMTP server without a sender (or the reverse), a bad SMTP URL and a bad public address, without echoing the SMTP password", () => {
    expect(parseConfig({ SMTP_URL: "smtp://mail:25" })).toEqual({ ok: false, problems: [expect.stringMatching(/^MAIL_FROM must be set/)] });
    expect(parseConfig({ MAIL_FROM: "lr@school.org" })).toEqual({ ok: false, problems: [expect.stringMatching(/SMTP_URL is not/)] });
    const badSmtp = parseConfig({ SMTP_URL: "http://user:secret@mail", MAIL_FROM: "lr@school.org" });
    expect(badSmtp).toMatchObject({ ok: false, problems: [expect.stringMatching(/^SMTP_URL must be/)] });
    expect(JSON.stringify(badSmtp)).not.toContain("secret");
    expect(parseConfig({ PUBLIC_URL: "lr.school.org" })).toMatchObject({ ok: false, problems: [expect.stringMatching(/^PUBLIC_URL must be/)] });
    expect(parseConfig({ PUBLIC_URL: "ftp://lr.school.org" })).toMatchObject({ ok: false });
  });
});
