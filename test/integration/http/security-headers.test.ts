/**
 * Security headers on every response the server writes itself: API answers (success, error, 404), Socket.IO's
 * HTTP answers, and the plain 404 of a server running without the pages. (Pages, their assets and the
 * training worker under the policy: test/e2e/security-headers.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contentSecurityPolicy, kindOf } from "@/server/http/security-headers";
import { ApiClient, startTestServer, type TestServer } from "../../support/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const EXPECTED = {
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), magnetometer=(), gyroscope=(), accelerometer=()",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
};

function headersOf(response: Response): Record<string, string | null> {
  return Object.fromEntries(Object.keys(EXPECTED).map((name) => [name, response.headers.get(name)]));
}

describe("every response the server writes", () => {
  it.each([
    ["an API answer", "GET", "/api/session", 200],
    ["an API refusal", "POST", "/api/classrooms", 403],
    ["an unknown API path", "GET", "/api/nothing-here", 404],
    ["the health check", "GET", "/api/health", 200],
    ["a page path without the pages", "GET", "/dashboard", 404],
    ["Socket.IO's handshake over HTTP", "GET", "/socket.io/?EIO=4&transport=polling", 200],
  ])("%s carries the headers", async (_, method, path, status) => {
    const response = await fetch(`${server.url}${path}`, { method });
    expect(response.status).toBe(status);
    expect(headersOf(response)).toEqual(EXPECTED);
  });

  it("ignores a policy the client puts in its request", async () => {
    const client = new ApiClient(server.url);
    const response = await client.raw("GET", "/api/session", { headers: { "content-security-policy": "script-src 'nonce-attacker'" } });
    expect(response.headers.get("content-security-policy")).toBe(EXPECTED["content-security-policy"]);
  });
});

describe("the policies", () => {
  it("sorts paths into pages, assets and the API", () => {
    expect(kindOf("/")).toBe("page");
    expect(kindOf("/classrooms/abc/races/def/projector")).toBe("page");
    expect(kindOf("/_next/static/chunks/app.js")).toBe("asset");
    expect(kindOf("/tfjs-wasm/tfjs-backend-wasm-simd.wasm")).toBe("asset");
    expect(kindOf("/api/health")).toBe("api");
    expect(kindOf("/apiary")).toBe("page");
  });

  it("allow WebAssembly but never eval in production, and eval only for the development server", () => {
    for (const kind of ["page", "asset"] as const) {
      const production = contentSecurityPolicy(kind, { nonce: "n0nce", dev: false });
      expect(production).toContain("'wasm-unsafe-eval'");
      expect(production).not.toContain("'unsafe-eval'");
      expect(production).toContain("frame-ancestors 'none'");
      expect(contentSecurityPolicy(kind, { nonce: "n0nce", dev: true })).toContain("'unsafe-eval'");
    }
    expect(contentSecurityPolicy("page", { nonce: "n0nce", dev: false })).toContain("script-src 'self' 'nonce-n0nce' 'strict-dynamic' 'wasm-unsafe-eval';");
    expect(() => contentSecurityPolicy("page", { dev: false })).toThrow(/nonce/);
  });
});
