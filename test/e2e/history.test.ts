/**
 * The experiment-history journey in real Chromium against the real server: a person trains two tiny runs in the
 * Playground (each saved to history as it trains), finds both in /history, compares them, opens a run page, and
 * plays the replay of a race whose runs were stored through the repositories, as a race would have stored them
 * (as the teacher, then as a student of the classroom, who sees every run of the race).
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nameKey } from "@/lib/auth/names";
import { withOverrides } from "@/lib/ml/config";
import { DEFAULT_RACE_RULES } from "@/lib/race/rules";
import { openDatabase } from "@/server/persistence/database";
import { requireService } from "../support/services";
import { buildOnce, startApp, type RunningApp } from "./support/app";
import { launchBrowser, newPerson } from "./support/browser";
import { createClassroom, joinByLink, signUpTeacher } from "./support/journeys";

const chromiumService = await requireService("chromium");

describe.skipIf(!chromiumService.available)("Experiment history journey", () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let dir: string;
  let databaseUrl: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    buildOnce();
    dir = mkdtempSync(path.join(tmpdir(), "lr-e2e-history-"));
    databaseUrl = `file:${path.join(dir, "history.db")}`;
    app = await startApp({ DATABASE_URL: databaseUrl });
    browser = await launchBrowser();
    page = await (await newPerson(browser, app.url, { width: 1366, height: 900 })).newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await signUpTeacher(page);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function train(cell: "GRU" | "LSTM", epochs: number) {
    await page.goto("/playground");
    await page.getByLabel("Cell").selectOption(cell);
    await page.getByLabel("Hidden size").fill("4");
    await page.getByLabel("Epochs", { exact: true }).fill(String(epochs));
    await page.getByLabel("Picture every K epochs").fill("10");
    await page.getByRole("button", { name: "Train", exact: true }).click();
    await expect.poll(() => page.getByTestId("training-status").textContent(), { timeout: 90_000 }).toBe("Finished");
    const recording = page.getByTestId("recording-status");
    await expect.poll(() => recording.getAttribute("data-phase"), { timeout: 30_000 }).toBe("saved");
  }

  it("saves two Playground runs, lists, compares and opens them", async () => {
    await train("GRU", 30);
    await train("LSTM", 20);

    await page.getByRole("link", { name: "History" }).click();
    await page.waitForURL("**/history");
    await expect.poll(() => page.getByTestId("history-total").textContent()).toBe("2 runs");
    const rows = page.getByTestId("history-table").locator("tbody tr");
    expect(await rows.count()).toBe(2);
    // Newest first: the LSTM, trained 20 epochs.
    expect(await rows.nth(0).locator("td").nth(3).textContent()).toBe("LSTM");
    expect(await rows.nth(0).locator("td").nth(9).textContent()).toBe("20");

    // Sorting by a column is a button with its state announced.
    await page.getByRole("button", { name: "Sort by Epochs" }).click();
    await page.waitForURL(/sort=epochs/);
    await expect.poll(() => rows.nth(0).locator("td").nth(3).textContent()).toBe("GRU");

    await rows.nth(0).getByRole("checkbox").check();
    await rows.nth(1).getByRole("checkbox").check();
    await page.getByTestId("compare-selected").click();
    await page.waitForURL("**/history/compare?ids=*");
    const diff = page.getByTestId("config-diff");
    // Each setting by its label (the path only as a tooltip).
    await expect.poll(() => diff.locator('tr[data-differs="true"] th').allTextContents()).toEqual(expect.arrayContaining(["Cell", "Epochs"]));
    expect(await diff.locator('tr[data-differs="true"] th span[title="model.cell"]').count()).toBe(1);
    const chart = page.getByTestId("loss-chart");
    await expect.poll(() => chart.locator("g[data-series] path").count()).toBe(2);
    const before = await chart.locator("g[data-series] path").first().getAttribute("d");
    await page.getByTestId("smoothing").fill("0.95");
    await expect.poll(() => chart.locator("g[data-series] path").first().getAttribute("d")).not.toBe(before);

    // A run page: its curve, rollout pictures, summary, and "train again" back to a prefilled Playground.
    await diff.getByRole("link", { name: "#1" }).click();
    await page.waitForURL("**/runs/*");
    await expect.poll(() => page.getByTestId("run-summary").textContent()).toMatch(/finished · 30 of 30 epochs/);
    expect(await page.getByTestId("loss-chart").locator('g[data-series="train"] path').count()).toBe(1);
    await expect.poll(() => page.getByTestId("rollout-grid").locator('li[data-filled="true"]').count()).toBeGreaterThanOrEqual(3);
    expect(await page.getByTestId("run-config").textContent()).toContain("CellGRU");
    await page.getByLabel("Tags", { exact: true }).fill("first tiny");
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => page.getByRole("status").filter({ hasText: "Saved." }).count()).toBe(1);
    await page.getByTestId("train-again").click();
    await page.waitForURL("**/playground?from=*");
    await expect.poll(() => page.getByTestId("prefilled").count()).toBe(1);
    expect(await page.getByLabel("Cell").inputValue()).toBe("GRU");
    expect(await page.getByLabel("Epochs", { exact: true }).inputValue()).toBe("30");
  });

  it("plays the replay of a race stored through the repositories", async () => {
    await page.goto("/dashboard");
    const { url, link } = await createClassroom(page, "Replay class");
    const classroomId = url.split("/classrooms/")[1]!;
    const session = (await page.evaluate(() => fetch("/api/session").then((r) => r.json()))) as { data: { user: { id: string } } };
    const teacherId = session.data.user.id;

    // What a race leaves behind: three students' race runs with curves timed on the race clock and verified scores.
    const db = await openDatabase(databaseUrl);
    const raceId = randomUUID();
    const startsAt = new Date(Date.now() - 3_600_000);
    try {
      await db.repositories.races.create({
        id: raceId,
        classroomId,
        createdById: teacherId,
        name: "Friday sprint",
        kind: "live",
        rules: DEFAULT_RACE_RULES,
        status: "ended",
        createdAt: startsAt,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 120_000),
        pausedAt: null,
        endedAt: new Date(startsAt.getTime() + 120_000),
        hiddenSeed: 42,
        revealedAt: null,
      });
      for (const [i, name] of ["Ana", "Ben", "Chi"].entries()) {
        const userId = randomUUID();
        await db.repositories.memberships.addWithNewStudent(
          { id: userId, kind: "student", email: null, displayName: name, passwordHash: "scrypt$unused", createdAt: startsAt, locale: null },
          { classroomId, userId, role: "student", displayName: name, displayNameKey: nameKey(name), joinedAt: startsAt },
        );
        const runId = randomUUID();
        await db.repositories.runs.create({ id: runId, userId, classroomId, raceId, kind: "race", config: withOverrides({ epochs: 200 }), startedAt: new Date(startsAt.getTime() + i * 2000) });
        const points = Array.from({ length: 200 }, (_, e) => ({ epoch: e + 1, trainLoss: 0.1 + (0.5 + i * 0.2) * Math.exp(-(e + 1) / (40 + 20 * i)), valLoss: null, msPerEpoch: 250 + 50 * i, tMs: (e + 1) * (250 + 50 * i) }));
        for (let from = 0; from < points.length; from += 50) await db.repositories.runs.appendCurve(runId, points.slice(from, from + 50));
        await db.repositories.runs.finish(runId, { status: "finished", finishedAt: new Date(startsAt.getTime() + 80_000), finalTrainLoss: points.at(-1)!.trainLoss, finalValLoss: null, msPerEpoch: 250 + 50 * i });
        // Verified checkpoints every 10 s while it trained (Chi leads early, Ana later), then its submission.
        for (let t = 10; t <= 70; t += 10) {
          const publicScore = i === 2 ? 0.5 - t / 1000 : 0.6 + i * 0.01 - t / 200;
          await db.repositories.checkpoints.create({ id: randomUUID(), raceId, runId, userId, createdAt: new Date(startsAt.getTime() + t * 1000), epoch: t * 2, publicScore });
        }
        const score = 0.12 + i * 0.01;
        const submission = { id: randomUUID(), raceId, runId, userId, createdAt: new Date(startsAt.getTime() + 85_000), claimedMse: null, publicScore: score, privateScore: score, rolloutScore: score, paramsHash: null };
        await db.repositories.submissions.create({ submission, weights: new Uint8Array(4), limit: 5, runScore: () => score });
      }
    } finally {
      await db.close();
    }

    await page.goto(`/history/classrooms/${classroomId}`);
    await expect.poll(() => page.getByTestId("parallel-chart").getAttribute("data-lines")).toBe("3");
    // The chart's keyboard-reachable twin: the same runs as a table, best score first.
    await page.getByText("Show the runs as a table").click();
    const sweepRows = page.getByTestId("sweep-table").locator("tbody tr");
    expect(await sweepRows.count()).toBe(3);
    expect(await sweepRows.first().locator("th").textContent()).toBe("Ana");
    await page.getByRole("link", { name: "Race replay: Friday sprint" }).click();
    await page.waitForURL(`**/history/races/${raceId}`);

    const clock = page.getByTestId("replay-clock");
    // The replay lasts until the race ended (2 minutes), past the last epoch and the last verification.
    await expect.poll(() => clock.textContent()).toBe("0:00 of 2:00");
    expect(await page.getByTestId("replay-leader").textContent()).toBe("Nobody verified yet at this moment.");
    const chart = page.getByTestId("loss-chart");
    expect(await chart.locator("g[data-series] path").count()).toBe(3);
    await page.getByTestId("replay-play").click();
    await expect.poll(() => clock.textContent(), { timeout: 20_000 }).not.toBe("0:00 of 2:00");
    // ×20: the 2-minute race plays in about 6 seconds, then stops at the end, on the published first place.
    await expect.poll(() => clock.textContent(), { timeout: 30_000 }).toBe("2:00 of 2:00");
    await expect.poll(() => page.getByTestId("replay-play").textContent()).toBe("Play");
    expect(await page.getByTestId("replay-leader").textContent()).toBe("Final standings: Ana first (verified score 0.1200)");
    // The time slider scrubs back: who led at each moment is who the verified checkpoints ranked first then.
    await page.getByTestId("replay-slider").fill("10000");
    await expect.poll(() => clock.textContent()).toBe("0:10 of 2:00");
    await expect.poll(() => page.getByTestId("replay-leader").textContent()).toBe("Leading at this moment: Chi (verified score 0.4900)");
    await page.getByTestId("replay-slider").fill("60000");
    await expect.poll(() => page.getByTestId("replay-leader").textContent()).toBe("Leading at this moment: Ana (verified score 0.3000)");

    // The teacher's report lists the three students with their best verified scores.
    await page.goto(`/history/classrooms/${classroomId}/report`);
    const report = page.getByTestId("report-table");
    await expect.poll(() => report.locator("tbody tr").count()).toBe(3);
    expect(await report.locator("tbody tr").first().textContent()).toMatch(/^Ana/);

    // A student of the classroom replays the race too: it was run in front of the whole room, so every run's
    // curve is there, not only their own (they have none in it).
    const student = await (await newPerson(browser, app.url, { width: 390, height: 844 })).newPage();
    student.on("pageerror", (error) => pageErrors.push(error.message));
    await joinByLink(student, link, "Dee", "river-otter-42");
    await student.goto(`/history/races/${raceId}`);
    await expect.poll(() => student.getByTestId("replay-clock").textContent()).toBe("0:00 of 2:00");
    expect(await student.getByTestId("loss-chart").locator("g[data-series] path").count()).toBe(3);
    await expect.poll(() => student.getByTestId("parallel-chart").getAttribute("data-lines")).toBe("3");
    await student.context().close();
    expect(pageErrors).toEqual([]);
  });
});
