/**
 * The PyTorch round trip in real Chromium: a run trained in the Playground downloads from its page as the PyTorch
 * folder (built by the browser), whose `train.py --check` passes with real PyTorch; the folder's weights.npz,
 * uploaded back in the Playground (a bad file first, refused), is scored and saved as a run trained in PyTorch.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync } from "fflate";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PYTHON_PATH, requireService } from "../support/services";
import { buildOnce, startApp, type RunningApp } from "./support/app";
import { launchBrowser, newPerson } from "./support/browser";
import { signUpTeacher } from "./support/journeys";

const chromiumService = await requireService("chromium");
const pytorchService = await requireService("pytorch");

describe.skipIf(!chromiumService.available)("PyTorch round trip journey", () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  const work = mkdtempSync(join(tmpdir(), "loss-race-e2e-pytorch-"));

  beforeAll(async () => {
    buildOnce();
    app = await startApp();
    browser = await launchBrowser();
    page = await (await newPerson(browser, app.url, { width: 1366, height: 900 })).newPage();
    await signUpTeacher(page);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("exports a Playground run for PyTorch and imports its weights back", async () => {
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto("/playground");
    await page.getByLabel("Activation").first().waitFor();
    await page.getByLabel("Hidden size").fill("6");
    await page.getByLabel("Epochs", { exact: true }).fill("15");
    await page.getByRole("button", { name: "Train", exact: true }).click();
    await expect.poll(() => page.getByTestId("recording-status").getAttribute("data-phase"), { timeout: 90_000 }).toBe("saved");
    await page.getByRole("link", { name: "Open this run" }).click();
    await page.waitForURL("**/runs/*");

    // The folder, built in the browser from the run's weights.
    const [download] = await Promise.all([page.waitForEvent("download", { timeout: 60_000 }), page.getByTestId("download-pytorch").click()]);
    expect(download.suggestedFilename()).toMatch(/^run-[0-9a-f]{8}-pytorch\.zip$/);
    const entries = unzipSync(readFileSync((await download.path()) as string));
    const folder = download.suggestedFilename().replace(/\.zip$/, "");
    expect(Object.keys(entries).sort()).toEqual([`${folder}/run.json`, `${folder}/train.py`, `${folder}/weights.npz`]);
    const dir = mkdtempSync(join(work, "export-"));
    for (const [name, bytes] of Object.entries(entries)) writeFileSync(join(dir, name.split("/")[1]!), bytes);
    if (pytorchService.available) {
      const check = spawnSync(PYTHON_PATH, ["train.py", "--check"], { cwd: dir, encoding: "utf8", timeout: 120_000 });
      expect(check.status, `${check.stdout}\n${check.stderr}`).toBe(0);
      const line = check.stdout.match(/largest absolute difference: predictions [\d.e+-]+, rollout [\d.e+-]+ \(tolerance 1e-04\)/);
      expect(line, check.stdout).not.toBeNull();
      console.info(`[pytorch] the Chromium-built export: ${line![0]}`);
    }

    // Back in the Playground: a file that is not an .npz is refused with the reason, then the weights come back.
    await page.goto("/playground");
    const importer = page.getByTestId("pytorch-import");
    expect(await importer.getByTestId("import-snippet").textContent()).toContain("np.savez(\"model.npz\", **state)");
    writeFileSync(join(work, "notes.npz"), "not a zip");
    await importer.getByTestId("import-file").setInputFiles(join(work, "notes.npz"));
    await expect.poll(() => importer.getByTestId("import-problem").textContent()).toMatch(/This is not an \.npz file/);
    expect(await importer.getByTestId("import-submit").count()).toBe(0);

    await importer.getByTestId("import-file").setInputFiles(join(dir, "weights.npz"));
    await expect.poll(() => importer.getByTestId("import-found").textContent()).toBe("Found a 1-layer RNN with 6 hidden units.");
    await importer.getByTestId("import-nonlinearity").selectOption("tanh");
    await importer.getByTestId("import-submit").click();
    await expect.poll(() => importer.getByTestId("import-saved").getAttribute("data-phase"), { timeout: 60_000 }).toBe("saved");
    expect(await importer.getByTestId("rollout-grid").locator('path[data-line="predicted"]').count()).toBe(1);
    await importer.getByRole("link", { name: "Open the run" }).click();
    await page.waitForURL("**/runs/*");
    await expect.poll(() => page.getByTestId("imported-note").textContent()).toMatch(/^Trained in PyTorch and imported/);
    expect(pageErrors).toEqual([]);
  });
});
