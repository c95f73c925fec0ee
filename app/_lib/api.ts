/**
 * The page's client for the JSON API: same-origin fetch with cookies, the CSRF header on mutations, and every
 * outcome (network failure included) returned as the contract's Result rather than thrown. Failures carry codes;
 * the page words them in the reader's language (useI18n().describe).
 */
import type { Result } from "@/lib/errors";

const CSRF_COOKIE = "lr_csrf";

function readCookie(name: string): string | undefined {
  const entry = document.cookie.split("; ").find((c) => c.startsWith(`${name}=`));
  return entry ? decodeURIComponent(entry.slice(name.length + 1)) : undefined;
}

async function call<T>(method: string, path: string, body?: unknown, bytes?: Uint8Array, keepalive = false): Promise<Result<T>> {
  try {
    const mutation = method !== "GET";
    // Any GET hands out the CSRF cookie; fetch one first if this tab never made a GET.
    if (mutation && !readCookie(CSRF_COOKIE)) await fetch("/api/session", { credentials: "same-origin" });
    const contentType = bytes ? "application/octet-stream" : "application/json";
    const response = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: mutation ? { "content-type": contentType, "x-csrf-token": readCookie(CSRF_COOKIE) ?? "" } : {},
      body: bytes ? (bytes as unknown as BodyInit) : body === undefined ? undefined : JSON.stringify(body),
      keepalive,
    });
    return (await response.json()) as Result<T>;
  } catch {
    return { ok: false, error: { code: "internal", reason: "offline", message: "the request did not reach the server or its answer was not JSON" } };
  }
}

export const api = {
  get: <T>(path: string) => call<T>("GET", path),
  post: <T>(path: string, body?: unknown) => call<T>("POST", path, body ?? {}),
  patch: <T>(path: string, body?: unknown) => call<T>("PATCH", path, body ?? {}),
  put: <T>(path: string, body?: unknown) => call<T>("PUT", path, body ?? {}),
  /** A POST that outlives the page (closing the tab), for small last words; browsers cap such bodies at 64 KB. */
  postKeepalive: <T>(path: string, body: unknown) => call<T>("POST", path, body, undefined, true),
  delete: <T>(path: string) => call<T>("DELETE", path),
  /** A binary upload (weight files). */
  postBytes: <T>(path: string, bytes: Uint8Array) => call<T>("POST", path, undefined, bytes),
};
