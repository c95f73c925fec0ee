/**
 * Starts the real server (createServer) on port 0 around a throw-away database, and gives tests an HTTP
 * client that behaves like a browser tab: it keeps cookies and sends the CSRF header on mutations.
 */
import { randomBytes } from "node:crypto";
import { createServer, type AppServerHandle, type ServerDeps } from "@/server/app";
import { parseConfig, type Config } from "@/server/config";
import { createLogger } from "@/server/logger";
import { openDatabase, type Database } from "@/server/persistence/database";
import { DEFAULT_RATE_RULES, type RateRules } from "@/server/security/rate-rules";
import { connectRealtime, type RealtimeSocket } from "@/app/_lib/realtime";
import { createSqliteDatabase, type TestDatabase } from "./databases";

/**
 * Every test suite signs up dozens of accounts from 127.0.0.1; the production limits would stop it. Suites that
 * test rate limiting pass their own rules.
 */
const ROOMY_RATE_RULES = Object.fromEntries(
  Object.entries(DEFAULT_RATE_RULES).map(([key, rule]) => [key, { ...rule, limit: 100_000 }]),
) as unknown as RateRules;

/** Real scrypt, at a cost that keeps hundreds of sign-ups fast on a shared 2-core machine. */
export const TEST_SCRYPT = { N: 2 ** 12, r: 8, p: 1 };

export interface TestServer {
  url: string;
  handle: AppServerHandle;
  database: Database;
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** Share a database between servers (several processes); default: a fresh SQLite file owned by this server. */
  databaseUrl?: string;
  /**
   * Share one open database between servers in this test process (the caller closes it). Two SQLite connections
   * in one process can deadlock: a transaction awaiting on one blocks the other's synchronous driver.
   */
  database?: Database;
  env?: Record<string, string>;
  deps?: Partial<ServerDeps>;
  secret?: string;
  /** The address to listen on; default 127.0.0.1 ("0.0.0.0": every interface, as `npm start` does). */
  host?: string;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  let owned: TestDatabase | undefined;
  if (!options.databaseUrl) owned = createSqliteDatabase();
  const databaseUrl = options.databaseUrl ?? owned!.url;
  const parsed = parseConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: "silent", ...options.env }, { version: "0.1.0-test" });
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  const config: Config = parsed.config;
  const database = options.database ?? (await openDatabase(databaseUrl));
  const handle = await createServer(config, {
    database,
    secret: options.secret ?? randomBytes(32).toString("hex"),
    scrypt: TEST_SCRYPT,
    logger: createLogger(process.env.TEST_LOG_LEVEL === "debug" ? "debug" : "silent"),
    ...options.deps,
    rateRules: { ...ROOMY_RATE_RULES, ...options.deps?.rateRules },
  });
  const address = await handle.listen(0, options.host ?? "127.0.0.1");
  return {
    url: `http://127.0.0.1:${address.port}`,
    handle,
    database,
    async close() {
      await handle.close();
      if (!options.database) await database.close();
      await owned?.drop();
    },
  };
}

export interface ApiResponse<T = unknown> {
  status: number;
  body: { ok: true; data: T } | { ok: false; error: { code: string; message: string; reason?: string; field?: string } };
  headers: Headers;
}

/** A browser-like client: a cookie jar, and the CSRF cookie echoed in X-CSRF-Token on mutations. */
export class ApiClient {
  readonly cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private store(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair] = line.split(";");
      const index = pair!.indexOf("=");
      const name = pair!.slice(0, index);
      const value = pair!.slice(index + 1);
      if (/Max-Age=0/.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async raw(method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}): Promise<ApiResponse> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { cookie: this.cookieHeader(), ...init.headers },
      body: init.body,
    });
    this.store(response.headers);
    const text = await response.text();
    return { status: response.status, body: JSON.parse(text), headers: response.headers };
  }

  /** Makes sure we hold a CSRF token, as a page does by loading /api/session first. */
  async ensureCsrf(): Promise<string> {
    if (!this.cookies.has("lr_csrf")) await this.raw("GET", "/api/session");
    return decodeURIComponent(this.cookies.get("lr_csrf")!);
  }

  get<T = unknown>(path: string): Promise<ApiResponse<T>> {
    return this.raw("GET", path) as Promise<ApiResponse<T>>;
  }

  async send<T = unknown>(method: "POST" | "PATCH" | "DELETE" | "PUT", path: string, body?: unknown): Promise<ApiResponse<T>> {
    const token = await this.ensureCsrf();
    return this.raw(method, path, {
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: { "content-type": "application/json", "x-csrf-token": token },
    }) as Promise<ApiResponse<T>>;
  }

  post<T = unknown>(path: string, body?: unknown) {
    return this.send<T>("POST", path, body);
  }
  patch<T = unknown>(path: string, body?: unknown) {
    return this.send<T>("PATCH", path, body);
  }
  delete<T = unknown>(path: string, body?: unknown) {
    return this.send<T>("DELETE", path, body);
  }

  /** A socket authenticated with this client's session cookie, as the browser tab would open it. */
  socket(options: { autoConnect?: boolean; protocolVersion?: number } = {}): RealtimeSocket {
    return connectRealtime({ url: this.baseUrl, headers: { cookie: this.cookieHeader() }, autoConnect: options.autoConnect });
  }
}

let counter = 0;
export function uniqueEmail(): string {
  return `teacher-${Date.now().toString(36)}-${++counter}-${randomBytes(3).toString("hex")}@school.example`;
}

export const TEACHER_PASSWORD = "correct horse battery";
export const STUDENT_PASSWORD = "river-otter-42";

export interface TeacherWithClassroom {
  teacher: ApiClient;
  userId: string;
  classroomId: string;
  code: string;
}

export async function signUpTeacher(baseUrl: string, displayName = "Ms Rivera"): Promise<{ client: ApiClient; userId: string; email: string }> {
  const client = new ApiClient(baseUrl);
  const email = uniqueEmail();
  const response = await client.post<{ user: { id: string } }>("/api/teachers", { email, password: TEACHER_PASSWORD, displayName });
  if (!response.body.ok) throw new Error(`sign-up failed: ${JSON.stringify(response.body)}`);
  return { client, userId: response.body.data.user.id, email };
}

export async function teacherWithClassroom(baseUrl: string, name = "Period 3 Physics"): Promise<TeacherWithClassroom> {
  const { client, userId } = await signUpTeacher(baseUrl);
  const created = await client.post<{ classroom: { id: string; joinCode: string } }>("/api/classrooms", { name });
  if (!created.body.ok) throw new Error(`create classroom failed: ${JSON.stringify(created.body)}`);
  return { teacher: client, userId, classroomId: created.body.data.classroom.id, code: created.body.data.classroom.joinCode };
}

export async function joinAsStudent(baseUrl: string, code: string, displayName: string): Promise<{ client: ApiClient; userId: string }> {
  const client = new ApiClient(baseUrl);
  const response = await client.post<{ user: { id: string } }>("/api/join", { code, displayName, password: STUDENT_PASSWORD });
  if (!response.body.ok) throw new Error(`join failed: ${JSON.stringify(response.body)}`);
  return { client, userId: response.body.data.user.id };
}
