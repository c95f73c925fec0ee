/**
 * The kernels in a real browser, where students train: headless Chromium loads a bundle (as the app does: the
 * WebAssembly is embedded, nothing is fetched), and every variant it supports — relaxed SIMD included, which Node
 * only has behind a flag — matches the JS kernels on the page and in a Web Worker.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_PATH, requireService } from "../../support/services";
import type { BrowserKernelReport } from "./browser/entry";

const svc = await requireService("chromium");
const CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

describe.skipIf(!svc.available)("fused kernels in Chromium", () => {
  let server: Server;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    const bundle = async (entry: string) =>
      (
        await build({
          entryPoints: [fileURLToPath(new URL(`./browser/${entry}`, import.meta.url))],
          bundle: true,
          format: entry === "page.ts" ? "esm" : "iife",
          platform: "browser",
          write: false,
          logLevel: "silent",
          define: { "process.env.NODE_ENV": '"production"' },
        })
      ).outputFiles[0]!.text;
    const files: Record<string, string> = {
      "/": '<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>',
      "/page.js": await bundle("page.ts"),
      "/worker.js": await bundle("worker.ts"),
    };
    server = createServer((req, res) => {
      const body = files[req.url ?? ""];
      res.writeHead(body === undefined ? 404 : 200, { "content-type": req.url === "/" ? "text/html" : "text/javascript" });
      res.end(body ?? "");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS, headless: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it("runs every supported variant on the page and in a Worker, matching the JS kernels", async () => {
    const page = await browser.newPage();
    const failedRequests: string[] = [];
    page.on("requestfailed", (r) => failedRequests.push(r.url()));
    await page.goto(url);
    const reports = (await page.evaluate(() => window.kernelReports)) as (BrowserKernelReport & { error?: string })[];
    expect(failedRequests).toEqual([]);
    for (const report of reports) {
      expect(report.error, report.where).toBeUndefined();
      // Chromium 114+ supports everything: a shorter list would mean a build failed validation there.
      expect(report.variants, report.where).toEqual(["wasm-relaxed-simd", "wasm-simd", "wasm", "js"]);
      for (const [name, error] of Object.entries(report.errors)) {
        expect(error, `${report.where}: ${name}`).toBeLessThan(1e-5);
      }
    }
    expect(reports.map((r) => r.where)).toEqual(["page", "worker"]);
  }, 120_000);
});
