/**
 * The server's configuration, read from the environment once at start-up. Every variable has a default that
 * runs the embedded mode (SQLite file, in-process Socket.IO) with no setup; a bad value stops the process
 * with a message naming the variable and the problem.
 */
import path from "node:path";
import { z } from "zod";

const booleanString = z
  .enum(["true", "false", "1", "0", "yes", "no"], { message: 'must be "true" or "false"' })
  .transform((v) => v === "true" || v === "1" || v === "yes");

/** An http(s) address with nothing after the host: the app is served from the root of it. */
function isOrigin(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === "http:" || url.protocol === "https:") && url.pathname === "/" && !url.search && !url.hash && !url.username && !url.password;
}

export const ZEnv = z.object({
  PORT: z.coerce
    .number({ message: "must be a number" })
    .int("must be a whole number")
    .min(0, "must be between 0 and 65535")
    .max(65535, "must be between 0 and 65535")
    .default(3000),
  /** Empty: every interface, so students' laptops on the school network can reach the teacher's machine. */
  HOST: z.string().default(""),
  DATABASE_URL: z
    .string()
    .regex(/^(file:.+|postgres(ql)?:\/\/.+)$/, 'must be "file:<path>" (SQLite) or "postgresql://…"')
    .default("file:./data/loss-race.db"),
  /** Where the embedded mode keeps its files (the generated session secret). */
  DATA_DIR: z.string().min(1).default("./data"),
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters (e.g. `openssl rand -hex 32`)").optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/.+/, 'must be "redis://host:port" or "rediss://…"')
    .optional(),
  /** Prefix of every Redis key and stream, so several deployments (or test runs) can share one Redis. */
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]{1,40}$/, "must be 1-40 letters, digits, ':', '_' or '-'").default("lr:"),
  /** Behind a reverse proxy: take the client IP and scheme from X-Forwarded-For / X-Forwarded-Proto. */
  TRUST_PROXY: booleanString.default(false),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  NODE_ENV: z.string().optional(),
  /** Browser tests only (server/test-clock.ts): a clock they can move forward over HTTP. Never in production. */
  LOSS_RACE_TEST_CLOCK: booleanString.default(false),
  /**
   * The address people open when it is not this machine's own (a reverse proxy, a DNS name): join links, QR codes
   * and password-reset links carry it. Unset: the server's network address (lib/net/join-address.ts).
   */
  PUBLIC_URL: z
    .string()
    .refine(isOrigin, {
      message: 'must be an address like "https://race.school.example" (http or https, no path)',
    })
    .optional(),
  /** Where password reset e-mails are sent through; without it, `npm run admin -- reset-password` issues links. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/.+/, 'must be "smtp://user:pass@host:587" or "smtps://…"')
    .optional(),
  /** The sender of those e-mails, like "Loss Race <lossrace@school.org>". */
  MAIL_FROM: z.string().min(3).optional(),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  dataDir: string;
  /** Absent: server/secrets.ts generates one and keeps it in dataDir. */
  sessionSecret?: string;
  redisUrl?: string;
  redisPrefix: string;
  trustProxy: boolean;
  logLevel: "debug" | "info" | "warn" | "error" | "silent";
  /** Next.js development mode (`npm run dev`). */
  dev: boolean;
  /** The package version, reported by /api/health. */
  version: string;
  /** Browser tests only: a movable clock (server/test-clock.ts). */
  testClock?: boolean;
  /**
   * Where people open the app, when declared (PUBLIC_URL). Absent: join links use the server's network address
   * (server/net/join-address.ts), password-reset links http://localhost:<port>.
   */
  publicUrl?: string;
  /** Both set, or neither (parseConfig refuses one without the other). */
  mail?: { smtpUrl: string; from: string };
  /** Check every API answer against its contract's response schema (everywhere but production: it costs a parse). */
  checkResponses: boolean;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** Blank variables count as unset, as in most shells' `VAR= npm start`. */
function withoutBlanks(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1].trim() !== ""));
}

export function parseConfig(
  env: Record<string, string | undefined>,
  options: { dev?: boolean; version?: string; cwd?: string } = {},
): ConfigResult {
  const source = withoutBlanks(env);
  const parsed = ZEnv.safeParse(source);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => {
        const name = String(issue.path[0]);
        // Never echo a secret back into logs.
        const shown = name === "SESSION_SECRET" || name === "SMTP_URL" ? "" : ` (got ${JSON.stringify(source[name])})`;
        return `${name} ${issue.message}${shown}`;
      }),
    };
  }
  const e = parsed.data;
  if (Boolean(e.SMTP_URL) !== Boolean(e.MAIL_FROM)) {
    return { ok: false, problems: [e.SMTP_URL ? "MAIL_FROM must be set with SMTP_URL (the sender of reset e-mails)" : "MAIL_FROM is set but SMTP_URL is not"] };
  }
  return {
    ok: true,
    config: {
      port: e.PORT,
      host: e.HOST,
      databaseUrl: e.DATABASE_URL,
      dataDir: path.resolve(options.cwd ?? process.cwd(), e.DATA_DIR),
      sessionSecret: e.SESSION_SECRET,
      redisUrl: e.REDIS_URL,
      redisPrefix: e.REDIS_PREFIX,
      trustProxy: e.TRUST_PROXY,
      logLevel: e.LOG_LEVEL,
      dev: options.dev ?? false,
      testClock: e.LOSS_RACE_TEST_CLOCK,
      version: options.version ?? "0.0.0",
      checkResponses: e.NODE_ENV !== "production",
      publicUrl: e.PUBLIC_URL,
      mail: e.SMTP_URL && e.MAIL_FROM ? { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM } : undefined,
    },
  };
}
