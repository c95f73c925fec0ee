/**
 * A homework race, in the browser, over four days of the server's time: the teacher (in Tokyo) uploads a CSV to
 * the data library and sets a homework on it, open now and closing in three days, with the times shown in her zone
 * (a window that closes before it opens is refused first, and nothing is created). Aiko trains and submits on day 0;
 * the teacher sees who has submitted; Ren submits on day 1; the homework closes on its own on day 3 (the test moves
 * the server's clock: LOSS_RACE_TEST_CLOCK, server/test-clock.ts); nothing more can be trained; the teacher reveals
 * the private board and the students see it.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireService } from "../support/services";
import { buildOnce, startApp, type RunningApp } from "./support/app";
import { launchBrowser, newPerson } from "./support/browser";
import { createClassroom, joinByLink, signUpTeacher } from "./support/journeys";

const chromium = await requireService("chromium");

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TOKYO_MS = 9 * HOUR;
/** A river level logged weekly: 60 values, as a spreadsheet exports them. */
const LEVELS = Array.from({ length: 60 }, (_, i) => Number((2.4 + 0.8 * Math.sin(i / 4) + ((i * 37) % 11) / 40).toFixed(2)));
const CSV = Buffer.from(["level_m", ...LEVELS.map(String)].join("\n"));

/** A `datetime-local` value for an instant, as a clock in Tokyo (UTC+9, no summer time) shows it. */
const tokyoLocal = (instant: number) => new Date(instant + TOKYO_MS).toISOString().slice(0, 16);

/** Moves the server's clock forward (test-only route): a GET for the CSRF cookie, then the POST with it. */
async function advanceServerClock(url: string, ms: number): Promise<void> {
  const session = await fetch(`${url}/api/session`);
  const csrf = /lr_csrf=([^;]+)/.exec(session.headers.getSetCookie().join("\n"))![1]!;
  const response = await fetch(`${url}/api/test/clock`, {
    method: "POST",
    headers: { cookie: `lr_csrf=${csrf}`, "x-csrf-token": decodeURIComponent(csrf), "content-type": "application/json" },
    body: JSON.stringify({ advanceMs: ms }),
  });
  expect(response.status).toBe(200);
}

async function trainAndSubmit(student: Page): Promise<void> {
  await student.getByLabel("Hidden size").fill("4");
  await student.getByLabel("Epochs").fill("10");
  const train = student.getByRole("button", { name: "Train" });
  await expect.poll(() => train.isEnabled(), { timeout: 30_000 }).toBe(true);
  await train.click();
  await student.getByTestId("verdict").getByText(/Verified score/).waitFor({ timeout: 120_000 });
}

const progressRow = (page: Page, name: string) => page.getByTestId("homework-row").filter({ hasText: name });

describe.skipIf(!chromium.available)("homework race", () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    buildOnce();
    app = await startApp({ LOSS_RACE_TEST_CLOCK: "1" });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("teacher sets a homework on an uploaded CSV; two students submit on different days; it closes on its own; the board is revealed", async () => {
    const teacher = await (await newPerson(browser, app.url, undefined, "en-US", "Asia/Tokyo")).newPage();
    // Confirmations (the reveal) are accepted as a person would.
    teacher.on("dialog", (dialog) => void dialog.accept());
    await signUpTeacher(teacher);
    const { link, url: classroomUrl } = await createClassroom(teacher, "Geography");

    // The data library: the river's levels.
    await teacher.getByTestId("data-library-link").click();
    await teacher.getByLabel("CSV file").setInputFiles({ name: "river-level.csv", mimeType: "text/csv", buffer: CSV });
    await teacher.getByTestId("upload-preview").getByText("60 values, rows 2–61.").waitFor();
    await teacher.getByLabel("Name").fill("River level");
    await teacher.getByRole("button", { name: "Save to the library" }).click();
    await teacher.getByText("“River level” is in the library.").waitFor();

    // Both students are in the class before the homework is set.
    const aiko = await (await newPerson(browser, app.url)).newPage();
    await joinByLink(aiko, link, "Aiko", "4827-river");
    // Ren is on a phone.
    const ren = await (await newPerson(browser, app.url, { width: 390, height: 844 })).newPage();
    await joinByLink(ren, link, "Ren", "5521-delta");

    // The homework: on the library's series, times in the teacher's zone, named.
    await teacher.goto(classroomUrl);
    await teacher.getByLabel("Race name").fill("River homework");
    await teacher.locator('select[name="race-kind"]').selectOption({ label: "Homework (opens and closes at set times)" });
    await teacher.getByTestId("homework-zone").getByText(/Times are in your time zone: Asia\/Tokyo \(UTC\+9\)/).waitFor();
    await teacher.locator('select[name="data-source"]').selectOption({ label: "From the data library" });
    await teacher.locator('select[name="library-dataset"]').selectOption({ label: "River level (60 points)" });
    await teacher.getByLabel("Points held back (the hidden part)").fill("10");
    await teacher.getByLabel("Window").fill("8");
    await teacher.getByLabel("Max epochs").fill("15");
    expect(await teacher.getByLabel("Time limit (minutes, empty for none)").count()).toBe(0);
    const opens = await teacher.locator('input[name="homework-opens"]').inputValue();
    // A window that closes before it opens: a clear error, nothing created.
    await teacher.locator('input[name="homework-closes"]').fill(tokyoLocal(Date.parse(`${opens}:00Z`) - TOKYO_MS - HOUR));
    await teacher.getByRole("button", { name: "Create race" }).click();
    await teacher.getByText("The homework must close after it opens.").waitFor();
    expect(await teacher.getByTestId("race-list").count()).toBe(0);
    // Three days from now, less half an hour (so the time left reads "2 days 23 hours" whatever the seconds).
    await teacher.locator('input[name="homework-closes"]').fill(tokyoLocal(Date.now() + 3 * DAY - HOUR / 2));
    await teacher.getByRole("button", { name: "Create race" }).click();
    await teacher.waitForURL("**/races/*");
    const racePath = new URL(teacher.url()).pathname;
    await teacher.getByTestId("race-status").getByText("Homework · Open").waitFor();
    await expect.poll(() => teacher.getByTestId("homework-times").textContent()).toMatch(/^Closes .+ · Asia\/Tokyo \(UTC\+9\) — 2 days 23 hours left$/);
    // No live controls: only an early close.
    expect(await teacher.getByRole("button", { name: "Start race" }).count()).toBe(0);
    await teacher.getByRole("button", { name: "Close now" }).waitFor();

    // Day 0: Aiko finds it on the classroom page, with its time left, and submits.
    await aiko.goto(classroomUrl);
    const listed = aiko.getByTestId("race-list").locator("li").filter({ hasText: "River homework" });
    await listed.getByText("Homework", { exact: true }).waitFor();
    await expect.poll(() => listed.getByTestId("homework-times").textContent()).toMatch(/— 2 days 23 hours left$/);
    await aiko.getByRole("link", { name: "Open River homework" }).click();
    await aiko.waitForURL("**/races/*");
    await trainAndSubmit(aiko);

    // The teacher's list: Aiko has submitted, Ren not yet.
    await teacher.goto(classroomUrl);
    await progressRow(teacher, "Aiko").getByText("Submitted", { exact: true }).waitFor();
    await progressRow(teacher, "Aiko").getByText("1 of 5").waitFor();
    await progressRow(teacher, "Ren").getByText("Not yet").waitFor();
    await teacher.getByTestId("homework-summary").getByText("1 of 2 students have submitted.").waitFor();

    // Day 1: Ren submits.
    await advanceServerClock(app.url, DAY);
    await ren.goto(racePath);
    await expect.poll(() => ren.getByTestId("homework-times").textContent()).toMatch(/— 1 day 23 hours left$/);
    await trainAndSubmit(ren);
    expect(await ren.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await teacher.getByRole("button", { name: "Refresh" }).click();
    await progressRow(teacher, "Ren").getByText("Submitted", { exact: true }).waitFor();
    await teacher.getByTestId("homework-summary").getByText("2 of 2 students have submitted.").waitFor();

    // Day 3: it closes on its own; pages open on it hear so, and nothing more can be trained.
    await teacher.goto(racePath);
    await advanceServerClock(app.url, 2 * DAY + HOUR);
    for (const page of [teacher, ren]) await page.getByTestId("race-status").getByText("Homework · Closed").waitFor();
    expect(await ren.getByRole("button", { name: "Train" }).isEnabled()).toBe(false);
    await expect.poll(() => teacher.getByTestId("homework-times").textContent()).toMatch(/^Closed .+ · Asia\/Tokyo \(UTC\+9\)$/);

    // The teacher reveals the private board; the students see it.
    await teacher.getByRole("button", { name: "Reveal private board" }).click();
    await teacher.getByText("Private board revealed").waitFor();
    await aiko.goto(racePath);
    await aiko.getByRole("tab", { name: "Private", exact: true }).click();
    await expect.poll(() => aiko.getByTestId("board-private").getByTestId("board-row").count(), { timeout: 30_000 }).toBe(2);
  });
});
