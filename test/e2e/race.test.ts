/**
 * A short race in the browser, three people in three browser profiles: the teacher sets up a race in the
 * classroom and starts it; two students pick tiny models and train in their Web Workers; each sees the other's
 * curve and the leaderboard fill in; their finished runs get verified scores; the teacher ends the race and the
 * podium appears for everyone.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireService } from "../support/services";
import { buildOnce, startApp, type RunningApp } from "./support/app";
import { launchBrowser, newPerson } from "./support/browser";
import { createClassroom, joinByLink, signUpTeacher } from "./support/journeys";

const chromium = await requireService("chromium");

async function pickTinyModel(page: Page): Promise<void> {
  await page.getByLabel("Hidden size").fill("4");
  await page.getByLabel("Epochs").fill("15");
}

describe.skipIf(!chromium.available)("a live race", () => {
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

  it("teacher + two students: curves stream to everyone, the board updates, ending shows the podium", async () => {
    const teacher = await (await newPerson(browser, app.url)).newPage();
    teacher.on("dialog", (dialog) => void dialog.accept());
    await signUpTeacher(teacher);
    const { link, url: classroomUrl } = await createClassroom(teacher, "Physics");

    const students: Page[] = [];
    for (const name of ["Aiko", "Ben"]) {
      const page = await (await newPerson(browser, app.url)).newPage();
      await joinByLink(page, link, name, "4827-river");
      students.push(page);
    }

    // The teacher sets up a short race; students see it appear in their classroom page.
    await teacher.getByLabel("Race name").fill("Sprint");
    await teacher.getByLabel("Max epochs").fill("20");
    await teacher.getByLabel("Time limit (minutes, empty for none)").fill("");
    await teacher.getByRole("button", { name: "Create race" }).click();
    await teacher.waitForURL("**/races/*");
    await teacher.getByRole("heading", { name: "Sprint" }).waitFor();
    for (const page of students) {
      await page.getByRole("link", { name: "Open Sprint" }).click();
      await page.waitForURL("**/races/*");
      await page.getByTestId("trainer-status").getByText("Pick your model").waitFor();
      await pickTinyModel(page);
    }

    await teacher.getByLabel("Countdown (seconds)").fill("1");
    await teacher.getByRole("button", { name: "Start race" }).click();
    for (const page of students) {
      const train = page.getByRole("button", { name: "Train" });
      await expect.poll(() => train.isEnabled(), { timeout: 30_000 }).toBe(true);
      await train.click();
    }

    // Each student sees both curves and both names on the board, with losses.
    for (const [page, other] of [
      [students[0]!, "Ben"],
      [students[1]!, "Aiko"],
    ] as const) {
      await expect.poll(() => page.getByTestId("race-curves").locator("[data-series]").count(), { timeout: 60_000 }).toBe(2);
      const row = page.getByTestId("leaderboard-row").filter({ hasText: other });
      await expect.poll(async () => (await row.getByTestId("leaderboard-self-reported").textContent())?.trim(), { timeout: 60_000 }).toMatch(/\d/);
    }
    // The teacher's board too, with both students ranked.
    await expect.poll(() => teacher.getByTestId("leaderboard-row").count(), { timeout: 60_000 }).toBe(2);
    const ranks = await teacher.getByTestId("leaderboard-row").allTextContents();
    expect(ranks.join(" ")).toMatch(/Aiko/);
    expect(ranks.join(" ")).toMatch(/Ben/);

    // When a run ends its weights go up for a verified score (the scoring area), shown to the student.
    for (const page of students) await page.getByTestId("verdict").getByText(/Verified score/).waitFor({ timeout: 90_000 });

    // Hovering a curve names its student and model.
    await teacher.getByTestId("race-curves").locator("[data-series] path").first().hover({ force: true });

    await teacher.getByRole("button", { name: "End race" }).click();
    for (const page of [teacher, ...students]) {
      await page.getByTestId("podium").waitFor();
      await expect.poll(() => page.getByTestId("podium-place").count()).toBe(2);
      await page.getByTestId("race-status").getByText("Ended").waitFor();
    }

    // The projector shows the same podium.
    await teacher.goto(`${new URL(teacher.url()).pathname}/projector`);
    await teacher.getByTestId("projector").getByTestId("podium").waitFor();
    void classroomUrl;
  });
});
