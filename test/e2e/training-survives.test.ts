/**
 * Playground training that survives what a real lesson throws at it, in real Chromium against the real server:
 * the person visits History and comes back mid-run (training went on, same run), the server is down for 30 s
 * mid-run (the page says how many epochs wait, then every epoch reaches the history), the tab is reloaded mid-run
 * (the browser asks first; the outbox in IndexedDB finishes the upload), and a second Train press starts on the
 * backend this device measured before, timing nothing.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunDetailView } from "@/lib/history/views";
import { requireService } from "../support/services";
import { buildOnce, startApp, type RunningApp } from "./support/app";
import { launchBrowser, newPerson } from "./support/browser";
import { signUpTeacher } from "./support/journeys";

const chromiumService = await requireService("chromium");

describe.skipIf(!chromiumService.available)("Training that survives", () => {
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

  const epochShown = async () => Number((await page.getByTestId("training-epoch").textContent())!.match(/^Epoch ([\d,]+)/)![1]!.replace(/,/g, ""));
  const recording = () => page.getByTestId("recording-status");

  async function train(epochs: number) {
    await page.getByLabel("Cell").selectOption("GRU");
    await page.getByLabel("Hidden size").fill("8");
    await page.getByLabel("Epochs", { exact: true }).fill(String(epochs));
    await page.getByLabel("Picture every K epochs").fill("100");
    await page.getByRole("button", { name: "Train", exact: true }).click();
    await expect.poll(() => page.getByTestId("training-status").textContent(), { timeout: 60_000 }).toBe("Training");
    // The run exists on the server once the outbox created it.
    await expect.poll(() => recording().getAttribute("data-run-id"), { timeout: 30_000 }).toMatch(/^[0-9a-f-]{36}$/);
    return (await recording().getAttribute("data-run-id"))!;
  }

  async function storedRun(runId: string): Promise<RunDetailView> {
    const response = await page.request.get(`/api/runs/${runId}`);
    const body = (await response.json()) as { ok: true; data: RunDetailView };
    return body.data;
  }

  it("keeps training while the person visits History, and shows the live run on return", async () => {
    await page.goto("/playground");
    const runId = await train(20_000);
    await expect.poll(epochShown, { timeout: 60_000 }).toBeGreaterThan(5);

    await page.getByRole("link", { name: "History" }).click();
    await page.waitForURL("**/history");
    // The header says where the run is, and it moves on.
    const indicator = page.getByTestId("training-indicator");
    await expect.poll(() => indicator.textContent()).toMatch(/^Training: epoch [\d,]+ of 20,000$/);
    const away = await indicator.textContent();
    await expect.poll(() => indicator.textContent(), { timeout: 60_000 }).not.toBe(away);
    const awayEpoch = Number(away!.match(/epoch ([\d,]+)/)![1]!.replace(/,/g, ""));

    await indicator.click();
    await page.waitForURL("**/playground");
    expect(await page.getByTestId("training-status").textContent()).toBe("Training");
    expect(await epochShown()).toBeGreaterThan(awayEpoch);
    expect(await recording().getAttribute("data-run-id")).toBe(runId);
    // The form shows the run's settings, not the lesson defaults.
    expect(await page.getByLabel("Epochs", { exact: true }).inputValue()).toBe("20000");
    expect(await indicator.count()).toBe(0);

    await page.getByRole("button", { name: "Stop" }).click();
    await expect.poll(() => page.getByTestId("training-status").textContent(), { timeout: 30_000 }).toBe("Stopped");
    await expect.poll(() => recording().getAttribute("data-phase"), { timeout: 30_000 }).toBe("saved");
    const last = await epochShown();
    const stored = await storedRun(runId);
    expect(stored.run).toMatchObject({ status: "stopped", lastEpoch: last });
    expect(stored.curve.map((p) => p.epoch)).toEqual(Array.from({ length: last }, (_, i) => i + 1));
  });

  it("survives the server going down for 30 s mid-run: every epoch reaches the history", async () => {
    await page.goto("/playground");
    // Long enough to be training still when the server goes (a small GRU trains an epoch in a few milliseconds).
    const runId = await train(5000);
    await app.kill();
    // The page says what is happening: epochs wait, and when the next try is.
    await expect.poll(() => recording().getAttribute("data-phase"), { timeout: 30_000 }).toBe("offline");
    await expect.poll(() => recording().textContent()).toMatch(/^Offline: [\d,]+ epochs waiting to be saved, retrying (in \d+ s\.|now…)$/);
    await page.waitForTimeout(30_000);
    expect(await recording().getAttribute("data-phase")).toBe("offline");
    await app.restart();

    await expect.poll(() => page.getByTestId("training-status").textContent(), { timeout: 180_000 }).toBe("Finished");
    await expect.poll(() => recording().getAttribute("data-phase"), { timeout: 60_000 }).toBe("saved");
    expect(await recording().textContent()).toMatch(/^Saved to your history\./);
    const stored = await storedRun(runId);
    expect(stored.run).toMatchObject({ status: "finished", lastEpoch: 5000 });
    expect(stored.curve.map((p) => p.epoch)).toEqual(Array.from({ length: 5000 }, (_, i) => i + 1));
    expect(stored.hasWeights).toBe(true);

    await page.goto(`/runs/${runId}`);
    await expect.poll(() => page.getByTestId("run-summary").textContent()).toMatch(/finished · 5,000 of 5,000 epochs/);
  });

  it("asks before a reload mid-run, and the outbox finishes the upload after it", async () => {
    await page.goto("/playground");
    const runId = await train(20_000);
    // Epochs pile up in the outbox: the server gets none of them for now.
    await page.route("**/api/runs/*/snapshots", (route) => route.abort());
    await expect.poll(() => recording().getAttribute("data-phase"), { timeout: 30_000 }).toBe("offline");
    await expect.poll(epochShown, { timeout: 60_000 }).toBeGreaterThan(50);
    await page.getByRole("button", { name: "Pause" }).click();
    await expect.poll(() => page.getByTestId("training-status").textContent(), { timeout: 30_000 }).toBe("Paused");
    const pausedAt = await epochShown();
    const storedBefore = (await storedRun(runId)).run.lastEpoch;
    expect(storedBefore).toBeLessThan(pausedAt);
    // The outbox holds every epoch up to the pause (its writes gather for a moment, and a busy machine's
    // IndexedDB may take a while longer) before the tab goes: the sender's next try counts them.
    await expect.poll(async () => Number(await recording().getAttribute("data-waiting")), { timeout: 30_000 }).toBe(pausedAt - storedBefore);
    await page.unroute("**/api/runs/*/snapshots");

    const dialogs: string[] = [];
    page.once("dialog", (dialog) => {
      dialogs.push(dialog.type());
      void dialog.accept();
    });
    await page.reload();
    expect(dialogs).toEqual(["beforeunload"]);

    // The reloaded tab sends what the dead one left, and ends the run where it was.
    await expect.poll(async () => (await storedRun(runId)).run.status, { timeout: 60_000 }).toBe("stopped");
    const stored = await storedRun(runId);
    expect(stored.run.lastEpoch).toBe(pausedAt);
    expect(stored.curve.map((p) => p.epoch)).toEqual(Array.from({ length: pausedAt }, (_, i) => i + 1));
    expect(await page.getByTestId("training-status").textContent()).toBe("Ready");
  });

  it("starts a second Train press on the backend measured before, without timing the backends", async () => {
    await page.goto("/playground");
    await page.evaluate(() => window.localStorage.removeItem("loss-race:backend-choice"));
    await page.reload();
    await train(20_000);
    await page.getByRole("button", { name: "Stop" }).click();
    await expect.poll(() => page.getByTestId("training-status").textContent(), { timeout: 30_000 }).toBe("Stopped");

    await page.getByRole("button", { name: "Train", exact: true }).click();
    await expect.poll(() => page.getByTestId("training-backend").getAttribute("data-choice"), { timeout: 60_000 }).toBe("remembered");
    expect(await page.getByTestId("training-backend").textContent()).toMatch(/^Runs on .+, remembered for this device$/);
    expect(await page.getByTestId("training-backend").getAttribute("data-backend")).toMatch(/^(wasm|webgl|cpu)$/);
    // No timings listed: nothing was measured for this run.
    expect(await page.getByTestId("calibration").count()).toBe(0);
    await page.getByRole("button", { name: "Stop" }).click();
    await expect.poll(() => page.getByTestId("training-status").textContent(), { timeout: 30_000 }).toBe("Stopped");
  });
});
