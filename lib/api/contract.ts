/**
 * The shape of the HTTP contract, as the socket events have theirs: each endpoint declares its method, path,
 * who may call it, the schemas of its body and query, and the schema of what it answers. The server's routes
 * (server/http/implement.ts) and the page's client (app/_lib/api.ts) are both derived from the one table
 * (lib/api/endpoints.ts), so a page calls `api.runs.get({ id })` and gets the answer's type with no cast.
 */
import type { z } from "zod";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface Endpoint {
  method: Method;
  /** `/api/runs/:id`: `:name` segments are the call's path parameters. */
  path: string;
  /** "user": signed-in callers only (401 otherwise). */
  auth: "public" | "user";
  /**
   * Open to a session whose user must choose a new password (signed in with a one-time PIN): signing in or out,
   * reading the session, choosing the password, the language. Every other endpoint answers password_change_required.
   */
  duringPasswordChange?: true;
  /** A JSON body, checked by the server (lib/input parseInput). */
  body?: z.ZodType;
  /** A binary body (weight files); no JSON. */
  bytes?: true;
  /** Search parameters, each a string (blank ones mean "not set"), checked by the server. */
  query?: z.ZodType;
  /** What a success answers (the `data` of `{ ok: true, data }`), as JSON. */
  response: z.ZodType;
  /** Answered without the `{ ok, data }` envelope (probes with a fixed format). */
  bare?: true;
}

/** Declares an endpoint, keeping its literal path and schemas in the type. */
export function endpoint<const E extends Endpoint>(e: E): E {
  return e;
}

type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}` ? Name | ParamNames<`/${Rest}`> : P extends `${string}:${infer Name}` ? Name : never;

/** The values of a path's `:name` segments. */
export type PathParams<P extends string> = { [K in ParamNames<P>]: string };

type BodyArgs<E extends Endpoint> = E["body"] extends z.ZodType ? { body: z.input<E["body"]> } : E["bytes"] extends true ? { bytes: Uint8Array } : unknown;
type QueryArgs<E extends Endpoint> = E["query"] extends z.ZodType ? { query: z.input<E["query"]> } : unknown;

/** What a call of the endpoint passes: its path parameters, body (or bytes) and query. */
export type CallArgs<E extends Endpoint> = PathParams<E["path"]> & BodyArgs<E> & QueryArgs<E>;
/** What a success answers. */
export type ResponseOf<E extends Endpoint> = z.output<E["response"]>;
/** What the server's handler must answer (before JSON: the schema's input). */
export type ReplyData<E extends Endpoint> = z.input<E["response"]>;

/** The address of a call: its path with the parameters filled in (encoded) and the query's set values. */
export function urlFor(path: string, params: Record<string, unknown>, query?: Record<string, unknown>): string {
  const filled = path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(String(params[name] ?? "")));
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined && value !== null && value !== "") search.set(key, String(value));
  const text = search.toString();
  return text ? `${filled}?${text}` : filled;
}

/**
 * Whether a JSON value is exactly what its schema describes: it parses, and parsing keeps every key (zod objects
 * drop keys they do not name; an answer carrying one is an answer the contract does not describe).
 */
export function describedBy(schema: z.ZodType, json: unknown): { ok: true } | { ok: false; problem: string } {
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, problem: `${issue.path.join(".") || "(root)"}: ${issue.message}` };
  }
  const extra = firstExtraKey(json, parsed.data, "");
  return extra === null ? { ok: true } : { ok: false, problem: `${extra}: not described by the schema` };
}

function firstExtraKey(sent: unknown, kept: unknown, at: string): string | null {
  if (Array.isArray(sent) && Array.isArray(kept)) {
    for (let i = 0; i < sent.length; i++) {
      const found = firstExtraKey(sent[i], kept[i], `${at}.${i}`);
      if (found) return found;
    }
    return null;
  }
  if (sent !== null && typeof sent === "object" && kept !== null && typeof kept === "object") {
    for (const [key, value] of Object.entries(sent)) {
      if (!(key in kept)) return `${at}.${key}`.slice(1);
      const found = firstExtraKey(value, (kept as Record<string, unknown>)[key], `${at}.${key}`);
      if (found) return found;
    }
  }
  return null;
}
