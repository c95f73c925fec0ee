/**
 * Security headers on the real application (pages built by Next.js, the API, the training worker's script) and
 * the pages working under their Content-Security-Policy: Next.js's inline scripts carry the response's nonce,
 * and the Playground trains on the WebAssembly backend in its Web Worker without a single violation (every e2e
 * file also checks that, see support/csp-check.ts).
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireService } from "../support/services";
import { buildOnce, startApp, type RunningApp } from "./support/app";
import { cspViolations, launchBrowser, newPerson } from "./support/browser";
import { signUpTeacher } from "./support/journeys";

const chromiumService = await requireService("chromium");

const COMMON = {
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
  "permissions-policy": expect.stringContaining("camera=()"),
};

function directives(policy: string | null): Map<string, string[]> {
  return new Map((policy ?? "").split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
}

describe.skipIf(!chromiumService.available)("security headers and the Content-Security-Policy", () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    buildOnce();
    app = await startApp();
    browser = await launchBrowser();
    page = await (await newPerson(browser, app.url, { width: 1366, height: 768 })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("gives a page a policy with a fresh nonce that every inline script of Next.js carries", async () => {
    const [first, second] = await Promise.all([fetch(`${app.url}/`), fetch(`${app.url}/`)]);
    for (const [name, value] of Object.entries(COMMON)) expect(first.headers.get(name)).toEqual(value);
    const policy = directives(first.headers.get("content-security-policy"));
    const nonce = /^'nonce-([A-Za-z0-9+/=]+)'$/.exec(policy.get("script-src")!.find((v) => v.startsWith("'nonce-"))!)![1]!;
    expect(policy.get("script-src")).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", "'wasm-unsafe-eval'"]);
    expect(policy.get("script-src")).not.toContain("'unsafe-eval'");
    expect(policy.get("script-src")).not.toContain("'unsafe-inline'");
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(second.headers.get("content-security-policy")).not.toContain(nonce);

    const html = await first.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  });

  it("gives the API and Socket.IO the strictest policy and the same headers", async () => {
    for (const path of ["/api/session", "/socket.io/?EIO=4&transport=polling"]) {
      const response = await fetch(`${app.url}${path}`);
      for (const [name, value] of Object.entries(COMMON)) expect({ path, [name]: response.headers.get(name) }).toEqual({ path, [name]: value });
      expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    }
  });

  it("trains the Playground on the WebAssembly backend in its worker under the policy", async () => {
    await signUpTeacher(page);
    const workerScripts: string[] = [];
    page.on("worker", (worker) => workerScripts.push(worker.url()));
    await page.goto("/playground");
    await page.getByLabel("Backend").selectOption("wasm");
    await page.getByLabel("Hidden size").fill("8");
    await page.getByLabel("Epochs", { exact: true }).fill("40");
    await page.getByRole("button", { name: "Train", exact: true }).click();
    await expect.poll(() => page.getByTestId("training-backend").getAttribute("data-backend"), { timeout: 60_000 }).toBe("wasm");
    await expect.poll(() => page.getByTestId("training-status").textContent(), { timeout: 60_000 }).toBe("Finished");
    const calibration = (await page.getByTestId("calibration").textContent().catch(() => "")) ?? "";
    expect(calibration).not.toMatch(/not available/);

    // The worker runs under its own script's policy: no nonce there, WebAssembly allowed.
    expect(workerScripts.length).toBeGreaterThan(0);
    const worker = await fetch(workerScripts[0]!);
    const policy = directives(worker.headers.get("content-security-policy"));
    expect(policy.get("script-src")).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(worker.headers.get("x-content-type-options")).toBe("nosniff");
    expect(cspViolations).toEqual([]);
  });
});
