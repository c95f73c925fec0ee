/**
 * The Playground journey in real Chromium against the real server: a signed-in person trains a small model in
 * the page's Web Worker, watches the loss curve and the rollout grid fill in, uses the page while the worker
 * trains, and downloads the weights; a signed-out visitor is sent to sign in.
 */
import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeWeights } from "@/lib/ml/weights-format";
import { requireService } from "../support/services";
import { buildOnce, startApp, type RunningApp } from "./support/app";
import { launchBrowser, newPerson } from "./support/browser";
import { signUpTeacher } from "./support/journeys";

const chromiumService = await requireService("chromium");

describe.skipIf(!chromiumService.available)("Playground journey", () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    buildOnce();
    app = await startApp();
    browser = await launchBrowser();
    page = await (await newPerson(browser, app.url, { width: 1366, height: 768 })).newPage();
    await signUpTeacher(page);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("is for signed-in people only", async () => {
    const visitor = await (await newPerson(browser, app.url)).newPage();
    await visitor.goto("/playground");
    await visitor.waitForURL((url) => url.pathname === "/");
    expect(await visitor.getByRole("heading", { name: "Playground" }).count()).toBe(0);
    await visitor.context().close();
  });

  it("trains a small model, fills the curve and the rollout grid, and stays responsive", async () => {
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.getByRole("link", { name: "Playground" }).click();
    await page.waitForURL("**/playground");

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
    // Named for people ("WebAssembly (SIMD)"); the engine's ids ride along as data attributes.
    const engine = page.getByTestId("training-backend");
    await expect.poll(() => engine.textContent()).toMatch(/^Runs on (WebAssembly \(SIMD\)|WebAssembly|JavaScript \(CPU\)|WebGL \(graphics card\))(, remembered for this device)?$/);
    expect(await engine.getAttribute("data-backend")).toMatch(/^(wasm|webgl|cpu)$/);
    expect(await engine.getAttribute("data-implementation")).toMatch(/^(ops|fused-wasm-relaxed-simd|fused-wasm-simd|fused-wasm|fused-js)$/);

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
    await page.goto("/playground");
    await page.getByLabel("Hidden size").fill("999");
    await page.getByLabel("Window").fill("500");
    await page.getByRole("button", { name: "Train", exact: true }).click();
    // Scoped to the form: Next.js adds its own (empty) route announcer with role="alert".
    const alert = page.getByRole("form", { name: "Playground" }).getByRole("alert");
    // Each problem is named by its field's label, in the reader's language (lib/i18n/describe-issue).
    await expect.poll(() => alert.textContent()).toMatch(/Hidden size: at most 256\./);
    expect(await alert.textContent()).toMatch(/The window \(500\) must be shorter than the series \(120 points\)\./);
    expect(await page.getByTestId("training-status").textContent()).toBe("Ready");
    expect(await page.getByTestId("training-epoch").textContent()).toBe("Epoch 0 of 1,000");
  });
});
