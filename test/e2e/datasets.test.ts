/**
 * Bringing your own series, in the browser: the teacher uploads a CSV to the classroom's data library (a bad file
 * first: every problem with its row, nothing to save), sees the preview and the scaling's parameters, saves it;
 * sets up a race on it holding back its last points (the split shaded on the preview); a student trains on the race's
 * visible part in their Web Worker and gets a verified score; and the student trains in the Playground on a CSV of
 * their own.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireService } from "../support/services";
import { buildOnce, startApp, type RunningApp } from "./support/app";
import { launchBrowser, newPerson } from "./support/browser";
import { createClassroom, joinByLink, signUpTeacher } from "./support/journeys";

const chromium = await requireService("chromium");

/** A river level logged weekly: 60 rows of date and metres (with a header), as a spreadsheet exports it. */
const LEVELS = Array.from({ length: 60 }, (_, i) => Number((2.4 + 0.8 * Math.sin(i / 4) + ((i * 37) % 11) / 40).toFixed(2)));
const csv = (rows: string[]) => Buffer.from(["week,level_m", ...rows].join("\r\n"));
const WEEKS = LEVELS.map((_, i) => new Date(Date.UTC(2024, 0, 1 + 7 * i)).toISOString().slice(0, 10));
const goodRows = LEVELS.map((v, i) => `${WEEKS[i]},${v}`);

async function chooseFile(page: Page, name: string, content: Buffer): Promise<void> {
  await page.getByLabel("CSV file").setInputFiles({ name, mimeType: "text/csv", buffer: content });
}

describe.skipIf(!chromium.available)("bring your own series", () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    buildOnce();
    app = await startApp();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("teacher uploads a CSV and races on it; a student trains on its visible part, and on a CSV of their own", async () => {
    const teacher = await (await newPerson(browser, app.url)).newPage();
    await signUpTeacher(teacher);
    const { link, url: classroomUrl } = await createClassroom(teacher, "Geography");

    // The data library: a bad file shows every problem with its row, and cannot be saved.
    await teacher.getByTestId("data-library-link").click();
    await teacher.getByRole("heading", { name: "Data library" }).waitFor();
    const bad = [...goodRows];
    bad[3] = `${WEEKS[3]},high`;
    bad[9] = `${WEEKS[9]},`;
    await chooseFile(teacher, "river.csv", csv(bad));
    const problems = teacher.getByTestId("upload-problems");
    await problems.getByText('Row 5: "high" in column level_m is not a number.').waitFor();
    await problems.getByText(/^Row 11: the value in column level_m is missing/).waitFor();
    expect(await teacher.getByRole("button", { name: "Save to the library" }).count()).toBe(0);

    // The fixed file: the preview, its rows and times, the scaling's parameters and how predictions map back.
    await chooseFile(teacher, "river-level.csv", csv(goodRows));
    const preview = teacher.getByTestId("upload-preview");
    await preview.getByText("60 values, rows 2–61.").waitFor();
    await preview.getByText(`Times from ${WEEKS[0]} to ${WEEKS[59]}.`).waitFor();
    expect(await preview.getByTestId("series-chart").getAttribute("data-points")).toBe("60");
    expect(await teacher.getByLabel("Name").inputValue()).toBe("river-level");
    const mean = LEVELS.reduce((s, v) => s + v, 0) / LEVELS.length;
    await expect.poll(async () => (await preview.getByTestId("scaling-note").textContent()) ?? "").toMatch(new RegExp(`mean ${mean.toFixed(2).slice(0, 3)}`));
    await preview.getByLabel("Min–max").check();
    await expect.poll(async () => (await preview.getByTestId("scaling-note").textContent()) ?? "").toMatch(/prediction × [\d.]+ \+ [\d.]+/);
    await preview.getByLabel("Standardise").check();
    await teacher.getByLabel("Name").fill("River level");
    await teacher.getByRole("button", { name: "Save to the library" }).click();
    await teacher.getByText("“River level” is in the library.").waitFor();
    const stored = teacher.getByTestId("dataset").filter({ hasText: "River level" });
    await stored.getByText("60 points").waitFor();
    await stored.getByRole("button", { name: "Preview" }).click();
    await stored.getByTestId("series-chart").waitFor();

    // A race on it: 50 points visible, the last 10 held back (shaded on the preview).
    await teacher.goto(classroomUrl);
    await teacher.getByLabel("Race name").fill("Flood watch");
    // The setup form's labels wrap their fields (a label's name then includes the chosen option): found by name.
    await teacher.locator('select[name="data-source"]').selectOption({ label: "From the data library" });
    await teacher.locator('select[name="library-dataset"]').selectOption({ label: "River level (60 points)" });
    await teacher.getByLabel("Points held back (the hidden part)").fill("10");
    await teacher.getByTestId("race-data-split").getByText("50 points visible to students, the last 10 held back for the private board (of 60).").waitFor();
    expect(await teacher.getByTestId("race-data-preview").getByTestId("series-chart").getAttribute("data-held-back")).toBe("10");
    await teacher.getByLabel("Window").fill("8");
    await teacher.getByLabel("Max epochs").fill("15");
    await teacher.getByLabel("Time limit (minutes, empty for none)").fill("");
    await teacher.getByRole("button", { name: "Create race" }).click();
    await teacher.waitForURL("**/races/*");
    await teacher.getByRole("heading", { name: "Flood watch" }).waitFor();

    // A student trains on the visible part in the browser and gets a verified score.
    const student = await (await newPerson(browser, app.url)).newPage();
    await joinByLink(student, link, "Aiko", "4827-river");
    const dataRequests: string[] = [];
    student.on("response", (response) => {
      if (response.url().includes("/data")) dataRequests.push(response.url());
    });
    await student.getByRole("link", { name: "Open Flood watch" }).click();
    await student.waitForURL("**/races/*");
    await student.getByLabel("Hidden size").fill("4");
    await student.getByLabel("Epochs").fill("10");
    await teacher.getByLabel("Countdown (seconds)").fill("0");
    await teacher.getByRole("button", { name: "Start race" }).click();
    const train = student.getByRole("button", { name: "Train" });
    await expect.poll(() => train.isEnabled(), { timeout: 30_000 }).toBe(true);
    await train.click();
    await student.getByTestId("verdict").getByText(/Verified score/).waitFor({ timeout: 90_000 });
    expect(dataRequests.some((url) => /\/api\/races\/[^/]+\/data$/.test(url))).toBe(true);

    // The Playground on the student's own CSV: uploaded privately, chosen, trained on.
    await student.goto("/playground");
    const own = student.getByTestId("own-data");
    await own.getByLabel("CSV file").setInputFiles({ name: "sleep.csv", mimeType: "text/csv", buffer: Buffer.from(["hours", ...LEVELS.slice(0, 40).map((v) => String(v + 5))].join("\n")) });
    await own.getByTestId("upload-preview").getByText("40 values, rows 2–41.").waitFor();
    await own.getByRole("button", { name: "Save", exact: true }).click();
    await expect.poll(() => student.getByLabel("Data", { exact: true }).inputValue()).toBe("own");
    await expect.poll(() => student.getByLabel("Series", { exact: true }).locator("option:checked").textContent()).toBe("sleep");
    await student.getByLabel("Window", { exact: true }).fill("6");
    await student.getByLabel("Epochs", { exact: true }).fill("3");
    const start = student.getByRole("button", { name: "Train", exact: true });
    await expect.poll(() => start.isEnabled(), { timeout: 30_000 }).toBe(true);
    await start.click();
    await student.getByTestId("training-status").getByText("Finished").waitFor({ timeout: 90_000 });
  });
});
