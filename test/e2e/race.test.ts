/**
 * A short race in the browser, three people in three browser profiles: the teacher sets up a race in the
 * classroom and starts it; two students pick tiny models and train in their Web Workers; each sees the other's
 * curve and the live board fill in (self-reported losses shown, nobody ranked until verified); their finished runs
 * get verified scores and the live board ranks by them; the teacher ends the race, the podium shows the verified
 * scores, the teacher reveals the private board and every student's board and podium follow.
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

/** Each row's number in `scoreId`, by the student's name in the row. */
async function scoresByName(page: Page, rowId: string, scoreId: string, within = page.locator("body")): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const row of await within.getByTestId(rowId).all()) {
    const text = await row.textContent();
    const name = ["Aiko", "Ben"].find((n) => text?.includes(n));
    if (name) out.set(name, Number((await row.getByTestId(scoreId).textContent())?.trim()));
  }
  return out;
}

/** Each row's rank attribute by student name ("Aiko" / "Ben"). */
async function ranksByName(rows: ReturnType<Page["getByTestId"]>, attribute: string): Promise<Record<string, string | null>> {
  const out: Record<string, string | null> = {};
  for (const row of await rows.all()) {
    const text = (await row.textContent()) ?? "";
    const name = ["Aiko", "Ben"].find((n) => text.includes(n));
    if (name) out[name] = await row.getAttribute(attribute);
  }
  return out;
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
    // The teacher's board too, with both students listed.
    await expect.poll(() => teacher.getByTestId("leaderboard-row").count(), { timeout: 60_000 }).toBe(2);
    const ranks = await teacher.getByTestId("leaderboard-row").allTextContents();
    expect(ranks.join(" ")).toMatch(/Aiko/);
    expect(ranks.join(" ")).toMatch(/Ben/);

    // When a run ends its weights go up for a verified score (the scoring area), shown to the student.
    for (const page of students) await page.getByTestId("verdict").getByText(/Verified score/).waitFor({ timeout: 90_000 });
    // The live board now ranks both by verified score (1 and 2, or 1 and 1 on a tie), equal to the public board's.
    for (const page of [teacher, ...students]) {
      await expect.poll(() => page.getByTestId("leaderboard-row").and(page.locator("[data-rank]")).count(), { timeout: 30_000 }).toBe(2);
      await expect.poll(() => page.getByTestId("board-public").getByTestId("board-row").count(), { timeout: 30_000 }).toBe(2);
      expect(await page.getByTestId("leaderboard-unranked").count()).toBe(0);
      const live = await scoresByName(page, "leaderboard-row", "leaderboard-score");
      const published = await scoresByName(page, "board-row", "verified-score", page.getByTestId("board-public"));
      for (const name of ["Aiko", "Ben"]) expect(live.get(name)!).toBeCloseTo(published.get(name)!, 2);
    }

    // Hovering a curve names its student and model.
    await teacher.getByTestId("race-curves").locator("[data-series] path").first().hover({ force: true });

    await teacher.getByRole("button", { name: "End race" }).click();
    for (const page of [teacher, ...students]) {
      await page.getByTestId("podium").waitFor();
      await expect.poll(() => page.getByTestId("podium-place").count()).toBe(2);
      await page.getByTestId("race-status").getByText("Ended").waitFor();
    }

    // The podium shows verified scores: the public board's, before the reveal.
    const podiumScores = async (page: Page) =>
      (await page.getByTestId("podium-score").allTextContents()).map((text) => Number(/Verified score ([\d.e+-]+)/i.exec(text)![1]));
    const boardScores = async (page: Page, kind: "public" | "private") =>
      (await page.getByTestId(`board-${kind}`).getByTestId("verified-score").allTextContents()).map(Number);
    for (const page of students) {
      const [podium, board] = [await podiumScores(page), await boardScores(page, "public")];
      podium.forEach((score, i) => expect(score).toBeCloseTo(board[i]!, 2));
      // Students cannot preview the private board.
      expect(await page.getByTestId("board-private").count()).toBe(0);
    }

    // The teacher reveals the private board from the race page; every student's board switches to it (with the
    // shake-up) and the live ranks and the podium follow the hidden scores.
    await teacher.getByRole("button", { name: "Reveal private board" }).click();
    await teacher.getByText("Private board revealed").waitFor();
    for (const page of students) {
      await page.getByTestId("board-private").and(page.locator('[data-shakeup="done"]')).waitFor({ timeout: 30_000 });
      const board = await boardScores(page, "private");
      await expect
        .poll(async () => (await podiumScores(page)).every((score, i) => Math.abs(score - board[i]!) <= 0.01 * board[i]!), { timeout: 30_000 })
        .toBe(true);
      const privateRanks = await ranksByName(page.getByTestId("board-private").getByTestId("board-row"), "data-rank");
      await expect.poll(() => ranksByName(page.getByTestId("leaderboard-row"), "data-rank")).toEqual(privateRanks);
    }

    // Phones: the race page with its boards fits a small screen; keyboard: arrow keys move between the boards' tabs.
    const phone = students[0]!;
    await phone.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await phone.getByRole("tab", { name: "Private", exact: true }).focus();
    await phone.keyboard.press("ArrowLeft");
    await phone.getByRole("tab", { name: "Public", selected: true }).waitFor();
    await phone.getByTestId("board-public").waitFor();
    // The live board's rows are reachable by keyboard too (each student's name is a button).
    await phone.getByRole("button", { name: "Show Ben's predictions" }).focus();
    await phone.keyboard.press("Enter");

    // The projector shows the podium and the revealed private board, big.
    await teacher.goto(`${new URL(teacher.url()).pathname}/projector`);
    await teacher.getByTestId("projector").getByTestId("podium").waitFor();
    await teacher.getByTestId("projector").getByTestId("board-private").waitFor();
    void classroomUrl;
  });
});
