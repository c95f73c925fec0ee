/**
 * How an HTTP route is declared: method, path pattern, who may call it, the zod schema of its body, and a
 * handler that gets everything already parsed, checked and resolved. Handlers stay thin (parse → service →
 * reply); the pipeline in server/http/router.ts does the rest for every route alike.
 */
import type { IncomingMessage } from "node:http";
import type { z } from "zod";
import type { AppContext } from "../context";
import type { ActiveSession } from "../services/sessions";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface RouteRequest<Body> {
  ctx: AppContext;
  req: IncomingMessage;
  params: Record<string, string>;
  body: Body;
  ip: string;
  /** The caller's active session; non-null for routes with `auth: "user"`. */
  session: ActiveSession | null;
  /** Replaces the session cookie (sign-in) and re-issues the CSRF token for it; null clears it (sign-out). */
  setSession(session: { token: string; idHash: string } | null): void;
}

export interface Reply {
  status?: number;
  data: unknown;
  /** Send `data` as the whole body, without the `{ ok, data }` envelope (for probes with a fixed format). */
  bare?: boolean;
}

export interface Route<Body = unknown> {
  method: Method;
  /** `/api/classrooms/:id`: `:name` segments become params. */
  path: string;
  /** "user": signed-in callers only (401 otherwise). */
  auth: "public" | "user";
  /**
   * Open to a session whose user must choose a new password (signed in with a one-time PIN): signing in or out,
   * reading the session, choosing the password, the language. Every other route answers password_change_required.
   */
  duringPasswordChange?: boolean;
  body?: z.ZodType<Body>;
  /** The handler reads the request body itself (binary uploads, with a cap it computes); no JSON parsing. */
  rawBody?: boolean;
  /** Body cap for the few routes that take more than a form (curve batches, weight files); MAX_BODY_BYTES otherwise. */
  maxBodyBytes?: number;
  handle(request: RouteRequest<Body>): Promise<Reply>;
}

/** Declares a route with its body type inferred from the schema. */
export function defineRoute<Schema extends z.ZodType | undefined = undefined>(route: {
  method: Method;
  path: string;
  auth: "public" | "user";
  duringPasswordChange?: boolean;
  body?: Schema;
  rawBody?: boolean;
  maxBodyBytes?: number;
  handle(request: RouteRequest<Schema extends z.ZodType ? z.output<Schema> : undefined>): Promise<Reply>;
}): Route {
  return route as Route;
}

/** A signed-in route's session: the pipeline guarantees it, this narrows the type. */
export function signedIn(request: RouteRequest<unknown>): ActiveSession {
  if (!request.session) throw new Error("route declared auth: \"user\" but ran without a session");
  return request.session;
}
