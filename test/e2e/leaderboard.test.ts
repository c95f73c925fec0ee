/**
 * The leaderboard journey in Chromium: two students upload weights trained by the engine, the public board shows
 * their verified ranks live, the teacher reveals the private board and every page glides to the new order with
 * each student's rank change. The race itself is created through the repositories (the race UI lives elsewhere).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateRaceSeries } from "@/lib/data/continuation";
import { OPS_IMPLEMENTATION } from "@/lib/ml/implementations";
import { prepareScoringData } from "@/lib/scoring/score";
import { verifySubmission } from "@/lib/scoring/verify";
import { openDatabase, type Database } from "@/server/persistence/database";
import { aRace, aRun } from "../support/records";
import { raceConfig, TEST_RULES, trainWeights, type TrainedWeights } from "../support/scoring";
import { requireService } from "../support/services";
import { buildOnce, startApp, type RunningApp } from "./support/app";
import { launchBrowser, newPerson } from "./support/browser";
import { createClassroom, joinByLink, signUpTeacher } from "./support/journeys";

const chromium = await requireService("chromium");

/**
 * Two engine-trained entries and a secret seed under which the public and private orders differ, so the reveal
 * visibly shakes the board up. Found by search (scoring is cheap); the search itself is deterministic.
 */
async function entriesWithShakeUp(): Promise<{ entries: [TrainedWeights, TrainedWeights]; hiddenSeed: number; publicOrder: [0 | 1, 0 | 1] }> {
  const candidates: TrainedWeights[] = [];
  for (const [seed, epochs] of [[1, 20], [2, 12], [3, 20], [4, 8]] as const) candidates.push(await trainWeights(raceConfig(TEST_RULES, { seed, epochs })));
  for (let hiddenSeed = 1; hiddenSeed < 400; hiddenSeed++) {
    const data = prepareScoringData(generateRaceSeries({ dataset: TEST_RULES.dataset, hiddenLength: TEST_RULES.hiddenLength, hiddenSeed }), TEST_RULES.window, TEST_RULES.validationFraction);
    const scores = candidates.map((c) => {
      const result = verifySubmission({ weights: c.weights, runConfig: c.config, rules: TEST_RULES, data, layer: OPS_IMPLEMENTATION.layer });
      if (!result.ok) throw new Error(result.message);
      return result.scores;
    });
    for (let a = 0; a < scores.length; a++) {
      for (let b = a + 1; b < scores.length; b++) {
        const [sa, sb] = [scores[a]!, scores[b]!];
        // A clear flip, not a rounding accident.
        const publicGap = (sb.publicScore! - sa.publicScore!) / Math.max(sa.publicScore!, sb.publicScore!);
        const privateGap = (sb.privateScore! - sa.privateScore!) / Math.max(sa.privateScore!, sb.privateScore!);
        if (Math.abs(publicGap) > 0.02 && Math.abs(privateGap) > 0.02 && Math.sign(publicGap) !== Math.sign(privateGap)) {
          return { entries: [candidates[a]!, candidates[b]!], hiddenSeed, publicOrder: publicGap > 0 ? [0, 1] : [1, 0] };
        }
      }
    }
  }
  throw new Error("no hidden seed shakes these entries up");
}

const rankOf = async (page: Page, kind: "public" | "private", name: string) =>
  page.getByTestId(`board-${kind}`).getByTestId("board-row").filter({ hasText: name }).getAttribute("data-rank");

describe.skipIf(!chromium.available)("leaderboard", () => {
  let app: RunningApp;
  let browser: Browser;
  let dir: string;
  let db: Database;

  beforeAll(async () => {
    await tf.setBackend("cpu");
    buildOnce();
    dir = mkdtempSync(path.join(tmpdir(), "lr-e2e-board-"));
    const databaseUrl = `file:${path.join(dir, "board.db")}`;
    app = await startApp({ DATABASE_URL: databaseUrl });
    db = await openDatabase(databaseUrl);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("two students submit, the public board ranks them live, the teacher reveals, ranks update with the shake-up", async () => {
    const { entries, hiddenSeed, publicOrder } = await entriesWithShakeUp();
    const names = ["Aiko", "Ben"] as const;

    const teacherContext = await newPerson(browser, app.url);
    const teacher = await teacherContext.newPage();
    teacher.on("dialog", (dialog) => void dialog.accept());
    await signUpTeacher(teacher);
    const { link, url } = await createClassroom(teacher, "Time series");
    const classroomId = new URL(url).pathname.split("/").pop()!;

    const students: Page[] = [];
    for (const name of names) {
      const page = await (await newPerson(browser, app.url, { width: 390, height: 844 })).newPage();
      await joinByLink(page, link, name, "river-otter-42");
      students.push(page);
    }

    // The race and its runs, as the race room would have created them.
    const repos = db.repositories;
    const members = await repos.memberships.list(classroomId);
    const teacherId = members.find((m) => m.role === "teacher")!.userId;
    const race = aRace(classroomId, teacherId, { rules: TEST_RULES, status: "running", hiddenSeed, startsAt: new Date(), endsAt: new Date(Date.now() + 600_000) });
    await repos.races.create(race);
    const runIds: string[] = [];
    for (const [i, name] of names.entries()) {
      const userId = members.find((m) => m.displayName === name)!.userId;
      const run = aRun(userId, { classroomId, raceId: race.id, kind: "race", config: entries[i]!.config, startedAt: new Date() });
      await repos.runs.create(run);
      runIds.push(run.id);
    }

    const boardPath = `/classrooms/${classroomId}/races/${race.id}/board`;
    await teacher.goto(boardPath);
    await teacher.getByText("Nothing verified yet.").waitFor();

    // Each student uploads the weight file their training produced.
    for (const [i, page] of students.entries()) {
      const file = path.join(dir, `${names[i]}.lrwt`);
      writeFileSync(file, entries[i]!.weights);
      await page.goto(`${boardPath}?run=${runIds[i]}`);
      await page.getByLabel("Weight file (.lrwt)").setInputFiles(file);
      await page.getByRole("button", { name: "Submit" }).click();
      await expect.poll(async () => page.getByTestId("upload-result").textContent()).toMatch(/^Verified: public score [\d.e-]+\. Submissions used: 1 of 3\.$/);
    }

    // The public board, live on every page, in the public order.
    const publicFirst: string = names[publicOrder[0]];
    const publicSecond: string = names[publicOrder[1]];
    for (const page of [teacher, ...students]) {
      await expect.poll(() => rankOf(page, "public", publicFirst)).toBe("1");
      await expect.poll(() => rankOf(page, "public", publicSecond)).toBe("2");
    }
    // Students cannot open the private board yet; the teacher previews it.
    await students[0]!.getByRole("tab", { name: "Private (hidden until revealed)" }).click();
    await students[0]!.getByText("The private leaderboard appears when the teacher reveals it at the end of the race.").waitFor();
    await students[0]!.getByRole("tab", { name: "Public" }).click();

    // The race ends; the teacher reveals.
    await repos.races.update(race.id, { status: "ended", endedAt: new Date() });
    await teacher.getByRole("button", { name: "Reveal private board" }).click();
    await teacher.getByText("Private board revealed").waitFor();

    // Every page switches to the private board; the order flips, each row says how far it moved.
    for (const page of [teacher, ...students]) {
      await page.getByRole("tab", { name: "Private", exact: true, selected: true }).waitFor();
      await expect.poll(() => rankOf(page, "private", publicSecond)).toBe("1");
      await expect.poll(() => rankOf(page, "private", publicFirst)).toBe("2");
      await page.getByTestId("board-private").and(page.locator('[data-shakeup="done"]')).waitFor();
      await page.getByLabel("moved up 1 place(s)").waitFor();
      await page.getByLabel("moved down 1 place(s)").waitFor();
    }

    // Phones: the board fits the screen (the table scrolls inside its card if it must).
    for (const page of students) expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

    // Keyboard: arrow keys move between the tabs.
    const student = students[0]!;
    await student.getByRole("tab", { name: "Private", exact: true }).focus();
    await student.keyboard.press("ArrowLeft");
    await student.getByRole("tab", { name: "Public", selected: true }).waitFor();
    expect(await student.evaluate(() => document.activeElement?.textContent)).toBe("Public");
    await student.keyboard.press("ArrowRight");
    await student.getByRole("tab", { name: "Private", exact: true, selected: true }).waitFor();

    await teacherContext.close();
  });
});
