/**
 * The Playground journey in real Chromium: train a small model in the page's Web Worker, watch the loss curve
 * and the rollout grid fill in, and use the page while the worker trains.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeWeights } from "@/lib/ml/weights-format";
import { CHROMIUM_PATH, requireService } from "../support/services";

const chromiumService = await requireService("chromium");
const root = fileURLToPath(new URL("../..", import.meta.url));
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

describe.skipIf(!chromiumService.available)("Playground in Chromium", () => {
  let server: ChildProcess;
  let browser: Browser;
  let page: Page;
  let baseUrl: string;

  beforeAll(async () => {
    const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
    const build = spawnSync("npx", ["next", "build"], { cwd: root, env, encoding: "utf8" });
    if (build.status !== 0) throw new Error(`next build failed:\n${build.stdout}\n${build.stderr}`);
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    server = spawn("npx", ["next", "start", "-p", String(port), "-H", "127.0.0.1"], { cwd: root, env, stdio: "ignore", detached: true });
    await waitForHttp(`${baseUrl}/playground`, 60_000);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  });

  afterAll(async () => {
    await browser?.close();
    // The server runs in its own process group (npx → next → next-server): end the whole group.
    if (server?.pid) process.kill(-server.pid, "SIGTERM");
  });

  it("trains a small model, fills the curve and the rollout grid, and stays responsive", async () => {
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(`${baseUrl}/playground`);

    // The form starts at the seed lesson's settings.
    await expect.poll(() => page.getByLabel("Hidden size").inputValue()).toBe("64");
    expect(await page.getByLabel("Cell").inputValue()).toBe("RNN");
    expect(await page.getByLabel("Learning rate").inputValue()).toBe("0.01");

    // A small GRU, long enough to be mid-training when we interact with the page.
    await page.getByLabel("Cell").selectOption("GRU");
    await page.getByLabel("Hidden size").fill("8");
    await page.getByLabel("Epochs", { exact: true }).fill("400");
    await page.getByLabel("Picture every K epochs").fill("20");
    await page.getByRole("button", { name: "Train", exact: true }).click();

    const status = page.getByTestId("training-status");
    await expect.poll(() => status.textContent(), { timeout: 60_000 }).toBe("Training");
    await expect.poll(() => page.getByTestId("training-backend").textContent()).toMatch(/^Backend: (wasm|webgl|cpu) \(ops\)$/);

    // The loss curve grows point by point.
    const curvePoints = async () => (await page.locator('[data-testid="loss-chart"] g[data-series="train"] path').getAttribute("d"))?.split(/[ML]/).length ?? 0;
    await expect.poll(curvePoints, { timeout: 60_000 }).toBeGreaterThan(3);
    const before = await curvePoints();
    await expect.poll(curvePoints, { timeout: 60_000 }).toBeGreaterThan(before);

    // The rollout grid: empty slots planned up front, filled in as epochs pass.
    const grid = page.getByTestId("rollout-grid");
    expect(await grid.locator("li").count()).toBe(21);
    await expect.poll(() => grid.locator('li[data-filled="true"]').count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
    await expect.poll(() => grid.locator('li[data-filled="true"] path[data-line="predicted"]').count()).toBeGreaterThanOrEqual(2);

    // Mid-training, the page handles a click: the log-scale toggle flips while the worker keeps training.
    const toggle = page.getByRole("button", { name: "Log scale" });
    expect(await toggle.getAttribute("aria-pressed")).toBe("true");
    const epochBefore = await page.getByTestId("training-epoch").textContent();
    await toggle.click();
    expect(await toggle.getAttribute("aria-pressed")).toBe("false");
    expect(await status.textContent()).toBe("Training");
    await expect.poll(() => page.getByTestId("training-epoch").textContent(), { timeout: 60_000 }).not.toBe(epochBefore);

    // Pause holds the epoch count; resume continues; stop ends the run.
    await page.getByRole("button", { name: "Pause" }).click();
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toBe("Paused");
    const pausedAt = await page.getByTestId("training-epoch").textContent();
    await page.waitForTimeout(500);
    expect(await page.getByTestId("training-epoch").textContent()).toBe(pausedAt);
    await page.getByRole("button", { name: "Resume" }).click();
    await expect.poll(() => page.getByTestId("training-epoch").textContent(), { timeout: 30_000 }).not.toBe(pausedAt);
    await page.getByRole("button", { name: "Stop" }).click();
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toBe("Stopped");
    expect(await page.getByRole("button", { name: "Train", exact: true }).isEnabled()).toBe(true);

    // The stopped model's weights download in the weight file format, for this architecture.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download the trained weights" }).click()]);
    expect(download.suggestedFilename()).toBe("gru-1x8.lrw");
    const file = decodeWeights(readFileSync((await download.path()) as string));
    expect(file.config.model).toEqual({ cell: "GRU", nonlinearity: "tanh", layers: 1, hidden: 8 });

    expect(pageErrors).toEqual([]);
  });

  it("refuses settings outside the limits with the reason, and trains nothing", async () => {
    await page.goto(`${baseUrl}/playground`);
    await page.getByLabel("Hidden size").fill("999");
    await page.getByLabel("Window").fill("500");
    await page.getByRole("button", { name: "Train", exact: true }).click();
    // Scoped to the form: Next.js adds its own (empty) route announcer with role="alert".
    const alert = page.getByRole("form").getByRole("alert");
    await expect.poll(() => alert.textContent()).toMatch(/model\.hidden: hidden size must be between 1 and 256/);
    expect(await alert.textContent()).toMatch(/window 500 is too long for a series of 120 points/);
    expect(await page.getByTestId("training-status").textContent()).toBe("Ready");
    expect(await page.getByTestId("training-epoch").textContent()).toBe("Epoch 0 of 1000");
  });
});
