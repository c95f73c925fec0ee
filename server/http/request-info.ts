/** Facts about a request that depend on whether we sit behind a trusted proxy. */
import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";

export function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers["x-forwarded-for"];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? "unknown";
}

export function isSecure(req: IncomingMessage, trustProxy: boolean): boolean {
  if ((req.socket as TLSSocket).encrypted) return true;
  return trustProxy && req.headers["x-forwarded-proto"] === "https";
}

/**
 * A cross-site request announces itself in Origin (every browser sends it on POST/PUT/PATCH/DELETE and on
 * WebSocket handshakes). It must name the host the request was sent to; requests without Origin (curl, our
 * tests) are left to the CSRF token check.
 */
export function isCrossOrigin(req: IncomingMessage, trustProxy: boolean): boolean {
  const origin = req.headers.origin;
  if (!origin) return false;
  const host = (trustProxy && typeof req.headers["x-forwarded-host"] === "string" ? req.headers["x-forwarded-host"] : undefined) ?? req.headers.host;
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}
