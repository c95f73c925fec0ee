/**
 * Security headers on every response: pages, their assets, the JSON API and Socket.IO's own HTTP answers.
 *
 * Pages get a Content-Security-Policy with a fresh nonce per request: Next.js reads the nonce from the
 * request's `content-security-policy` header (server/app.ts sets it before handing the request over) and puts it
 * on its inline scripts, and 'strict-dynamic' lets the scripts it loads load theirs, so no 'unsafe-inline' for
 * scripts. WebAssembly needs 'wasm-unsafe-eval' (tfjs's wasm backend, our fused kernels), never 'unsafe-eval'
 * (only the development server needs that, for React's debugging). Styles allow inline attributes: React
 * renders `style` props into the HTML, and styles cannot run code.
 *
 * A Web Worker runs under the policy of its own script's response, so assets (where the training worker and its
 * chunks come from) get a policy without nonce: the worker may load same-origin scripts, fetch the .wasm files
 * and compile them. JSON and Socket.IO answers get the strictest policy: nothing may load from them at all.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

export type ResponseKind = "page" | "asset" | "api";

/** Served as files, not rendered: the build's chunks (the worker's too), images, tfjs's .wasm binaries. */
const ASSET_PREFIXES = ["/_next/", "/tfjs-wasm/"];
const ASSET_FILES = new Set(["/favicon.ico", "/robots.txt"]);

export function kindOf(path: string): ResponseKind {
  if (path === "/api" || path.startsWith("/api/")) return "api";
  if (ASSET_FILES.has(path) || ASSET_PREFIXES.some((prefix) => path.startsWith(prefix))) return "asset";
  return "page";
}


function policy(directives: Record<string, string[]>): string {
  return Object.entries(directives)
    .map(([name, values]) => [name, ...values].join(" "))
    .join("; ");
}

/** What every page and asset shares; pages add their nonce. */
function documentDirectives(scripts: string[]): Record<string, string[]> {
  return {
    "default-src": ["'self'"],
    "script-src": scripts,
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'"],
    // Same-origin fetches and the Socket.IO WebSocket ('self' covers ws: and wss: of the same host).
    "connect-src": ["'self'"],
    "worker-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
}

export function contentSecurityPolicy(kind: ResponseKind, options: { nonce?: string; dev: boolean }): string {
  if (kind === "api") return policy({ "default-src": ["'none'"], "frame-ancestors": ["'none'"] });
  const dev = options.dev ? ["'unsafe-eval'"] : [];
  if (kind === "asset") return policy(documentDirectives(["'self'", "'wasm-unsafe-eval'", ...dev]));
  if (!options.nonce) throw new Error("a page's policy needs a nonce");
  // 'self' only matters to browsers too old for 'strict-dynamic' (which makes newer ones ignore it).
  return policy(documentDirectives(["'self'", `'nonce-${options.nonce}'`, "'strict-dynamic'", "'wasm-unsafe-eval'", ...dev]));
}

/** Hardware and APIs no page of ours uses, so no injected or framed content can ask for them either. */
const PERMISSIONS_POLICY = ["camera", "microphone", "geolocation", "payment", "usb", "magnetometer", "gyroscope", "accelerometer"]
  .map((feature) => `${feature}=()`)
  .join(", ");

export function securityHeaders(kind: ResponseKind, options: { nonce?: string; dev: boolean }): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(kind, options),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    // Join links carry a classroom's code: never send our addresses to another site.
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
  };
}

/**
 * Sets the headers for the response to `req` and returns its kind. A page gets a fresh nonce, also written into
 * the request's own `content-security-policy` header, which is where Next.js reads it (a policy the client sent
 * is dropped). Without the Next.js pages (tests) there are no pages: what answers is a plain 404.
 */
export function secureResponse(req: IncomingMessage, res: ServerResponse, path: string, options: { pages: boolean; dev: boolean }): ResponseKind {
  const kind = kindOf(path);
  const nonce = kind === "page" && options.pages ? randomBytes(18).toString("base64") : undefined;
  const headers = securityHeaders(kind === "page" && !nonce ? "api" : kind, { nonce, dev: options.dev });
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  delete req.headers["content-security-policy"];
  delete req.headers["content-security-policy-report-only"];
  if (nonce) req.headers["content-security-policy"] = headers["Content-Security-Policy"];
  return kind;
}
