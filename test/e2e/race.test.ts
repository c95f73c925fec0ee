/**
 * A race in the browser, live and trustworthy at once (issue 12): a teacher and three students in their own
 * browser profiles, and the projector. The lobby shows the race's real rules (time limit, epochs, cells, sizes,
 * submissions) to students and on the projector; once training starts, the pages upload verified checkpoints and
 * every training student gets a verified rank on the live board and the projector, labelled with how fresh it is;
 * finished runs are submitted; at the end the podium, the boards, the results page, the teacher's report, each
 * student's History rank and the replay's leader all name the same standings — before the reveal and after.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireService } from "../support/services";
import { buildOnce, startApp, type RunningApp } from "./support/app";
import { launchBrowser, newPerson } from "./support/browser";
import { createClassroom, joinByLink, signUpTeacher } from "./support/journeys";

const chromium = await requireService("chromium");
const NAMES = ["Aiko", "Ben", "Chloe"] as const;

const nameIn = (text: string | null) => NAMES.find((n) => text?.includes(n)) ?? null;
const number = (text: string | null) => Number((text ?? "").trim());

/** The published board's rows on a race page: [name, rank, score] in order. */
async function boardRows(page: Page, kind: "public" | "private"): Promise<[string, number, number][]> {
  const rows: [string, number, number][] = [];
  for (const row of await page.getByTestId(`board-${kind}`).getByTestId("board-row").all()) {
    rows.push([nameIn(await row.textContent())!, Number(await row.getAttribute("data-rank")), number(await row.getByTestId("verified-score").textContent())]);
  }
  return rows;
}

/** The live board's ranks by name. */
async function liveRanks(page: Page): Promise<Record<string, number | null>> {
  const out: Record<string, number | null> = {};
  for (const row of await page.getByTestId("leaderboard-row").all()) {
    const rank = await row.getAttribute("data-rank");
    out[(await row.getAttribute("data-user"))!] = rank === null ? null : Number(rank);
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

  it("teacher + three students: rules in the lobby, verified ranks while training, and every view agrees at the end", async () => {
    const teacherContext = await newPerson(browser, app.url);
    const teacher = await teacherContext.newPage();
    teacher.on("dialog", (dialog) => void dialog.accept());
    await signUpTeacher(teacher);
    const { link, url: classroomUrl } = await createClassroom(teacher, "Physics");
    const classroomId = new URL(classroomUrl).pathname.split("/").pop()!;

    const students: Page[] = [];
    for (const name of NAMES) {
      const page = await (await newPerson(browser, app.url)).newPage();
      await joinByLink(page, link, name, "4827-river");
      students.push(page);
    }

    // The teacher sets a 4-minute race with its own rules.
    await teacher.getByLabel("Race name").fill("Sprint");
    await teacher.getByLabel("Max epochs").fill("60");
    await teacher.getByLabel("Time limit (minutes, empty for none)").fill("4");
    await teacher.getByLabel("Submissions per student").fill("2");
    await teacher.getByLabel("Live ranking: verify every (seconds)").fill("5");
    await teacher.getByRole("button", { name: "Create race" }).click();
    await teacher.waitForURL("**/races/*");
    const racePath = new URL(teacher.url()).pathname;
    const raceId = racePath.split("/").pop()!;

    // The lobby tells the truth, to students and on the projector.
    const projector = await teacherContext.newPage();
    await projector.goto(`${racePath}/projector`);
    for (const page of [...students, projector]) {
      if (page !== projector) {
        await page.getByRole("link", { name: "Open Sprint" }).click();
        await page.waitForURL("**/races/*");
      }
      const rules = page.getByTestId("race-rules");
      await expect.poll(() => rules.locator('[data-rule="time-limit"] dd').textContent()).toBe("4 minutes");
      expect(await rules.locator('[data-rule="max-epochs"] dd').textContent()).toBe("up to 60");
      expect(await rules.locator('[data-rule="cells"] dd').textContent()).toBe("RNN · LSTM · GRU");
      expect(await rules.locator('[data-rule="submissions"] dd').textContent()).toMatch(/^2 per student/);
      expect(await rules.locator('[data-rule="checkpoints"] dd').textContent()).toMatch(/every 5 s/);
      expect(await page.getByTestId("race-clock").textContent()).toBe("4:00 left");
    }
    for (const page of students) {
      await page.getByLabel("Hidden size").fill("4");
      await page.getByLabel("Epochs").fill("60");
    }

    await teacher.getByLabel("Countdown (seconds)").fill("1");
    await teacher.getByRole("button", { name: "Start race" }).click();
    const startedAt = Date.now();
    for (const page of students) {
      const train = page.getByRole("button", { name: "Train" });
      await expect.poll(() => train.isEnabled(), { timeout: 30_000 }).toBe(true);
      await train.click();
    }

    // Every training student gets a verified rank from their checkpoints, on the live board and the projector,
    // with its freshness; nothing is ranked by the losses browsers report.
    for (const page of [teacher, projector]) {
      await expect.poll(async () => Object.values(await liveRanks(page)).filter((r) => r !== null).length, { timeout: 60_000 }).toBe(3);
    }
    console.log(`[e2e] every student verified-ranked ${((Date.now() - startedAt) / 1000).toFixed(1)} s after the start`);
    const freshness = await teacher.getByTestId("leaderboard-freshness").allTextContents();
    expect(freshness.length).toBe(3);
    for (const text of freshness) expect(text).toMatch(/^(checkpoint, epoch \d+|submission) · verified \d+ (second|minute)s? ago$/);

    // Runs finish and are submitted; the teacher ends the race.
    for (const page of students) await page.getByTestId("verdict").getByText(/Verified score/).waitFor({ timeout: 120_000 });
    await expect.poll(async () => (await boardRows(teacher, "public")).length, { timeout: 30_000 }).toBe(3);
    await teacher.getByRole("button", { name: "End race" }).click();
    for (const page of [teacher, ...students]) await page.getByTestId("race-status").getByText("Ended").waitFor();

    async function everyViewAgrees(kind: "public" | "private"): Promise<void> {
      // The board (the results page shows the same one) is the reference.
      await expect.poll(async () => (await boardRows(students[0]!, kind)).length, { timeout: 30_000 }).toBe(3);
      const board = await boardRows(students[0]!, kind);
      const rankOf = Object.fromEntries(board.map(([name, rank]) => [name, rank]));
      const scoreOf = Object.fromEntries(board.map(([name, , score]) => [name, score]));
      for (const page of [teacher, ...students]) {
        expect(await boardRows(page, kind)).toEqual(board);
        await expect.poll(() => liveRanks(page), { timeout: 30_000 }).toEqual(rankOf);
        const podium = await page.getByTestId("podium-place").all();
        expect(await Promise.all(podium.map((p) => p.getAttribute("data-user")))).toEqual(board.map(([name]) => name));
        const podiumScores = (await page.getByTestId("podium-score").allTextContents()).map((t) => Number(/([\d.eE+-]+)$/.exec(t.trim())![1]));
        expect(podiumScores).toEqual(board.map(([, , score]) => score));
      }
      // The results page.
      const results = await teacherContext.newPage();
      await results.goto(`${racePath}/board`);
      await expect.poll(async () => (await boardRows(results, kind)).length, { timeout: 30_000 }).toBe(3);
      expect(await boardRows(results, kind)).toEqual(board);
      // The teacher's report: each student's best verified score is their score on the board.
      await results.goto(`/history/classrooms/${classroomId}/report`);
      await results.getByTestId("report-table").waitFor();
      for (const name of NAMES) expect(number(await results.getByTestId("report-row").and(results.locator(`[data-user="${name}"]`)).getByTestId("report-best").textContent())).toBe(scoreOf[name]);
      // The replay ends on the published first place.
      await results.goto(`/history/races/${raceId}`);
      const slider = results.getByTestId("replay-slider");
      await slider.waitFor();
      await slider.fill((await slider.getAttribute("max")) ?? "0");
      const firstScore = (await students[0]!.getByTestId(`board-${kind}`).getByTestId("verified-score").first().textContent())!.trim();
      await expect.poll(() => results.getByTestId("replay-leader").textContent()).toBe(`Final standings: ${board[0]![0]} first (verified score ${firstScore})`);
      await results.close();
      // Each student's History: their rank in the race, on their counted run.
      for (const [i, page] of students.entries()) {
        await page.goto("/history?kind=race");
        const ranks = async () => (await page.getByTestId("history-rank").allTextContents()).map((t) => t.trim()).filter((t) => t !== "—");
        await expect.poll(ranks, { timeout: 30_000 }).toEqual([String(rankOf[NAMES[i]!])]);
        await page.goto(racePath);
        await page.getByTestId("race-status").waitFor();
      }
    }

    await everyViewAgrees("public");
    // The teacher reveals: every view moves to the private board together.
    await teacher.getByRole("button", { name: "Reveal private board" }).click();
    await teacher.getByText("Private board revealed").waitFor();
    await everyViewAgrees("private");

    // The projector shows the podium and the revealed private board, big.
    await projector.getByTestId("podium").waitFor();
    await projector.getByTestId("board-private").waitFor();
  });
});
