/**
 * The page's client for the JSON API, derived from the contract (lib/api/endpoints.ts): `api.runs.get({ id })`
 * fills the path, sends the body or bytes and the query, and resolves to the endpoint's Result, typed from its
 * response schema. Same-origin fetch with cookies, the CSRF header on mutations, and every outcome (network failure
 * included) returned rather than thrown. Failures carry codes; the page words them in the reader's language
 * (useI18n().describe).
 */
import { urlFor, type CallArgs, type Endpoint, type ResponseOf } from "@/lib/api/contract";
import { API } from "@/lib/api/endpoints";
import type { Failure, Result } from "@/lib/errors";

const CSRF_COOKIE = "lr_csrf";

function readCookie(name: string): string | undefined {
  const entry = document.cookie.split("; ").find((c) => c.startsWith(`${name}=`));
  return entry ? decodeURIComponent(entry.slice(name.length + 1)) : undefined;
}

const OFFLINE: Failure = { ok: false, error: { code: "internal", reason: "offline", message: "the request did not reach the server or its answer was not JSON" } };

/** A same-origin answer is `{ ok: true, data }` or `{ ok: false, error }`; anything else is not this API's. */
function isEnvelope(json: unknown): json is { ok: true; data: unknown } | Failure {
  return typeof json === "object" && json !== null && "ok" in json && (json.ok === true ? "data" in json : "error" in json);
}

export interface CallOptions {
  /** The request outlives the page (closing the tab), for small last words; browsers cap such bodies at 64 KB. */
  keepalive?: boolean;
}

async function call(endpoint: Endpoint, args: Record<string, unknown>, options: CallOptions = {}): Promise<Result<unknown>> {
  try {
    const mutation = endpoint.method !== "GET";
    // Any GET hands out the CSRF cookie; fetch one first if this tab never made a GET.
    if (mutation && !readCookie(CSRF_COOKIE)) await fetch(API.session.get.path, { credentials: "same-origin" });
    const bytes = endpoint.bytes ? (args.bytes as Uint8Array) : undefined;
    const response = await fetch(urlFor(endpoint.path, args, args.query as Record<string, unknown> | undefined), {
      method: endpoint.method,
      credentials: "same-origin",
      headers: mutation ? { "content-type": bytes ? "application/octet-stream" : "application/json", "x-csrf-token": readCookie(CSRF_COOKIE) ?? "" } : {},
      body: bytes ? (bytes as unknown as BodyInit) : mutation ? JSON.stringify(args.body ?? {}) : undefined,
      keepalive: options.keepalive ?? false,
    });
    const json: unknown = await response.json();
    return isEnvelope(json) ? json : OFFLINE;
  } catch {
    return OFFLINE;
  }
}

type Client<T> = {
  [Area in keyof T]: {
    [Name in keyof T[Area]]: T[Area][Name] extends Endpoint
      ? (args: CallArgs<T[Area][Name]>, options?: CallOptions) => Promise<Result<ResponseOf<T[Area][Name]>>>
      : never;
  };
};

function client<T extends { [Area in keyof T]: { [Name in keyof T[Area]]: Endpoint } }>(table: T): Client<T> {
  const areas = Object.entries<Record<string, Endpoint>>(table).map(([area, endpoints]) => [
    area,
    Object.fromEntries(Object.entries(endpoints).map(([name, endpoint]) => [name, (args: Record<string, unknown>, options?: CallOptions) => call(endpoint, args, options)])),
  ]);
  // The one place the contract's types meet fetch: the server checks every answer against the same schemas
  // (server/http/router.ts, outside production) and a test walks every endpoint (test/integration/http/contract).
  return Object.fromEntries(areas) as Client<T>;
}

export const api = client(API);
/** The client's type, for code that takes it as a parameter (tests hand in one that talks to a test server). */
export type ApiClient = typeof api;
