/**
 * How an HTTP route is built from its contract endpoint (lib/api/endpoints.ts): method, path pattern, who may
 * call it, the schemas of its body, query and answer, and a handler that gets everything already parsed, checked
 * and resolved. Handlers stay thin (parse → service →
 * reply); the pipeline in server/http/router.ts does the rest for every route alike.
 */
import type { IncomingMessage } from "node:http";
import type { z } from "zod";
import type { Endpoint, PathParams, ReplyData } from "@/lib/api/contract";
import type { AppContext } from "../context";
import type { ActiveSession } from "../services/sessions";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface RouteRequest<Body> {
  ctx: AppContext;
  req: IncomingMessage;
  params: Record<string, string>;
  body: Body;
  /** The search parameters, checked by the route's query schema (undefined without one). */
  query: unknown;
  ip: string;
  /** When the request reached the server, before the session look-up and anything else that may queue (ms). */
  receivedAt: number;
  /** The caller's active session; non-null for routes with `auth: "user"`. */
  session: ActiveSession | null;
  /** Replaces the session cookie (sign-in) and re-issues the CSRF token for it; null clears it (sign-out). */
  setSession(session: { token: string; idHash: string } | null): void;
}

export interface Reply {
  status?: number;
  data: unknown;
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
  /** Search parameters' schema (blank values mean "not set"); a bad one is a 400 naming it. */
  query?: z.ZodType;
  /** What a success answers; checked against every answer outside production (lib/api/contract describedBy). */
  response?: z.ZodType;
  /** Send the data as the whole body, without the `{ ok, data }` envelope. */
  bare?: boolean;
  /** The handler reads the request body itself (binary uploads, with a cap it computes); no JSON parsing. */
  rawBody?: boolean;
  /** Body cap for the few routes that take more than a form (curve batches, weight files); MAX_BODY_BYTES otherwise. */
  maxBodyBytes?: number;
  handle(request: RouteRequest<Body>): Promise<Reply>;
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** A contract endpoint's request: its path parameters, body and query typed from the endpoint's declaration. */
export interface EndpointRequest<E extends Endpoint> extends Omit<RouteRequest<Parsed<E["body"]>>, "params" | "query"> {
  params: PathParams<E["path"]>;
  query: Parsed<E["query"]>;
}

/**
 * The server's half of a contract endpoint (lib/api/endpoints.ts): method, path, auth, schemas from the table,
 * and a handler whose answer must be what the endpoint's response schema describes.
 */
export function implement<E extends Endpoint>(
  endpoint: E,
  implementation: {
    /** Body cap for the few routes that take more than a form (curve batches, weight files); MAX_BODY_BYTES otherwise. */
    maxBodyBytes?: number;
    handle(request: EndpointRequest<E>): Promise<{ status?: number; data: ReplyData<E> }>;
  },
): Route {
  return {
    method: endpoint.method,
    path: endpoint.path,
    auth: endpoint.auth,
    duringPasswordChange: endpoint.duringPasswordChange,
    body: endpoint.body,
    query: endpoint.query,
    response: endpoint.response,
    bare: endpoint.bare,
    rawBody: endpoint.bytes,
    maxBodyBytes: implementation.maxBodyBytes,
    handle: (request) => implementation.handle(request as unknown as EndpointRequest<E>),
  };
}

/** A signed-in route's session: the pipeline guarantees it, this narrows the type. */
export function signedIn(request: RouteRequest<unknown>): ActiveSession {
  if (!request.session) throw new Error("route declared auth: \"user\" but ran without a session");
  return request.session;
}
