/**
 * The JSON API pipeline, the same for every route: match → CSRF check on mutations → size-capped JSON body →
 * session → authorization → zod validation → handler → `{ ok, data }` or `{ ok: false, error }`. Errors thrown as
 * AppError keep their code and message; anything else is logged and answered with a generic 500.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppContext } from "../context";
import { AppError, inputError } from "../errors";
import { parseInput } from "@/lib/input";
import { describedBy } from "@/lib/api/contract";
import { newCsrfToken, verifyCsrfToken } from "../security/tokens";
import { SESSION_TTL_MS } from "@/lib/auth/session";
import { CSRF_COOKIE, CSRF_HEADER, parseCookies, serializeCookie, SESSION_COOKIE } from "./cookies";
import { clientIp, isCrossOrigin, isSecure } from "./request-info";
import type { Route, RouteRequest } from "./route";

/** JSON bodies of this API are small forms; anything bigger is a mistake or an attack. */
export const MAX_BODY_BYTES = 16 * 1024;

const MUTATIONS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/:(\w+)/g, (_, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  return { route, pattern: new RegExp(`^${source}/?$`), names };
}

/** A path segment as text; broken percent-encoding (`%E0%A4`, `%ZZ`) is the caller's mistake, not ours. */
function decodeParam(name: string, raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new AppError("bad_request", { reason: "malformed_path", field: name, values: { field: name } });
  }
}

function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > maxBytes) {
      reject(new AppError("payload_too_large", { reason: "body", values: { max: maxBytes } }));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.removeAllListeners("data");
        req.resume(); // drain without keeping it
        reject(new AppError("payload_too_large", { reason: "body", values: { max: maxBytes } }));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

async function parseJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const text = await readBody(req, maxBytes);
  if (text.trim() === "") return {};
  const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") throw new AppError("unsupported_media_type");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AppError("malformed_json", { message: `The request body is not valid JSON: ${(error as Error).message}` });
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const json = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.setHeader("Cache-Control", "no-store");
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.end(json);
}

/** Search parameters as a record; blank values mean "not set", so a form can submit every field. */
function searchRecord(params: URLSearchParams): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [key, value] of params) if (value.trim() !== "") record[key] = value;
  return record;
}

export type ApiHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export function createApiHandler(ctx: AppContext, routes: Route[]): ApiHandler {
  const compiled = routes.map(compile);

  return async (req, res) => {
    const receivedAt = ctx.clock.now();
    const url = new URL(req.url ?? "/", "http://localhost");
    const method = req.method ?? "GET";
    const cookies: string[] = [];
    const secure = isSecure(req, ctx.config.trustProxy);
    const setCookie = (name: string, value: string, httpOnly: boolean, maxAgeMs: number) =>
      cookies.push(serializeCookie(name, value, { httpOnly, secure, maxAge: Math.floor(maxAgeMs / 1000) }));

    let matched: string | undefined;
    try {
      const candidates = compiled
        .map((c) => ({ c, match: c.pattern.exec(url.pathname) }))
        .filter((x): x is { c: CompiledRoute; match: RegExpExecArray } => x.match !== null);
      if (candidates.length === 0) throw new AppError("not_found");
      const hit = candidates.find((x) => x.c.route.method === method);
      if (!hit) throw new AppError("method_not_allowed");
      const { route } = hit.c;
      matched = route.path;
      const params: Record<string, string> = {};
      hit.c.names.forEach((name, i) => (params[name] = decodeParam(name, hit.match[i + 1]!)));

      const requestCookies = parseCookies(req.headers.cookie);
      const session = await ctx.sessions.resolve(requestCookies[SESSION_COOKIE]);
      const idHash = session?.session.idHash ?? null;
      const csrfCookie = requestCookies[CSRF_COOKIE];
      const csrfValid = verifyCsrfToken(ctx.secret, idHash, csrfCookie, csrfCookie);

      if (MUTATIONS.has(method)) {
        const header = req.headers[CSRF_HEADER];
        if (
          isCrossOrigin(req, ctx.config.trustProxy) ||
          !verifyCsrfToken(ctx.secret, idHash, csrfCookie, Array.isArray(header) ? header[0] : header)
        ) {
          if (!csrfValid) setCookie(CSRF_COOKIE, newCsrfToken(ctx.secret, idHash), false, SESSION_TTL_MS);
          throw new AppError("csrf_failed");
        }
      } else if (!csrfValid) {
        // Any GET hands out a token valid for the current session, so pages can always obtain one.
        setCookie(CSRF_COOKIE, newCsrfToken(ctx.secret, idHash), false, SESSION_TTL_MS);
      }

      const rawBody = MUTATIONS.has(method) && !route.rawBody ? await parseJsonBody(req, route.maxBodyBytes ?? MAX_BODY_BYTES) : undefined;
      if (route.auth === "user" && !session) throw new AppError("unauthenticated");
      if (session?.user.passwordChangeRequired && !route.duringPasswordChange) throw new AppError("password_change_required");

      let body: unknown = undefined;
      if (route.body) {
        const parsed = parseInput(route.body, rawBody);
        if (!parsed.ok) throw inputError(parsed);
        body = parsed.data;
      }
      let query: unknown = undefined;
      if (route.query) {
        const parsed = parseInput(route.query, searchRecord(url.searchParams));
        if (!parsed.ok) throw inputError(parsed);
        query = parsed.data;
      }

      const request: RouteRequest<unknown> = {
        ctx,
        req,
        params,
        body,
        query,
        ip: clientIp(req, ctx.config.trustProxy),
        receivedAt,
        session,
        setSession(next) {
          if (next) {
            setCookie(SESSION_COOKIE, next.token, true, SESSION_TTL_MS);
            setCookie(CSRF_COOKIE, newCsrfToken(ctx.secret, next.idHash), false, SESSION_TTL_MS);
          } else {
            setCookie(SESSION_COOKIE, "", true, 0);
            setCookie(CSRF_COOKIE, newCsrfToken(ctx.secret, null), false, SESSION_TTL_MS);
          }
        },
      };
      const reply = await route.handle(request);
      
      if (route.response && ctx.config.checkResponses) {
        // What the client will parse: the answer after JSON, so a Date or undefined reads as it will arrive.
        const checked = describedBy(route.response, JSON.parse(JSON.stringify(reply.data ?? null)));
        if (!checked.ok) throw new Error(`the answer is not what the contract describes: ${checked.problem}`);
      }
      if (cookies.length) res.setHeader("Set-Cookie", cookies);
      send(res, reply.status ?? 200, route.bare ? reply.data : { ok: true, data: reply.data });
    } catch (error) {
      if (cookies.length) res.setHeader("Set-Cookie", cookies);
      // A refusal before the body was read (an upload to someone else's run, say): read the rest and drop it
      // before answering, so the client finishes sending and reads the answer instead of a reset connection
      // (answering first let Node close the socket under a still-sending client when the machine was busy).
      if (!req.readableEnded && !(await drained(req))) res.setHeader("Connection", "close");
      if (error instanceof AppError) {
        const headers: Record<string, string> = {};
        if (error.options.retryAfterSeconds) headers["Retry-After"] = String(error.options.retryAfterSeconds);
        if (error.code === "payload_too_large") headers.Connection = "close";
        send(res, error.status, error.toFailure(), headers);
        return;
      }
      // Once per burst: a failing dependency would otherwise write a stack trace per request.
      const kind = `${method} ${matched ?? url.pathname}: ${error instanceof Error ? `${error.name}: ${error.message.slice(0, 200)}` : String(error)}`;
      ctx.burstLog.error(kind, "request failed", { method, path: url.pathname, error });
      send(res, 500, new AppError("internal").toFailure());
    }
  };
}

/** Bodies a refusal reads to the end before answering; past this the connection is closed instead. */
const DRAIN_LIMIT_BYTES = 4 * 1024 * 1024;

/** Reads and drops the rest of a request body; false when it is too large to be worth reading. */
function drained(req: IncomingMessage): Promise<boolean> {
  if (Number(req.headers["content-length"] ?? 0) > DRAIN_LIMIT_BYTES) return Promise.resolve(false);
  return new Promise((resolve) => {
    let size = 0;
    const done = (ok: boolean) => {
      req.off("data", onData);
      resolve(ok);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > DRAIN_LIMIT_BYTES) done(false);
    };
    req.on("data", onData);
    req.once("end", () => done(true));
    req.once("close", () => done(req.readableEnded));
    req.once("error", () => done(false));
    req.resume();
  });
}
