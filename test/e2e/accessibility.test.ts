/**
 * Every page, checked by axe-core, and the phone pages measured for sideways overflow (issue 14): a teacher at
 * 1280×800 and a student on a 390×844 phone go through a lesson — sign-up, classroom, data library, a Playground
 * run and its page, a comparison, a race from its lobby to its podium, History and the report — and each page is
 * audited where it stands. Along the way the small-screen details are checked: Train is on screen on a phone
 * without scrolling past the form, a rollout picture enlarges into a keyboard dialog with axes, the roster counts
 * the students online, and a finished race no longer invites students to train "while the race runs".
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireService } from "../support/services";
import { buildOnce, startApp, type RunningApp } from "./support/app";
import { launchBrowser, newPerson } from "./support/browser";
import { createClassroom, joinByLink, signUpTeacher } from "./support/journeys";
import { horizontalOverflow, PageAudit } from "./support/page-checks";

const chromium = await requireService("chromium");
const PHONE = { width: 390, height: 844 };

describe.skipIf(!chromium.available)("accessibility and small screens", () => {
  let app: RunningApp;
  let browser: Browser;
  const audit = new PageAudit();
  const pageErrors: string[] = [];

  beforeAll(async () => {
    buildOnce();
    app = await startApp();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const watch = (page: Page) => page.on("pageerror", (error) => pageErrors.push(`${page.url()}: ${error.message}`));

  /** The teacher's pages are audited on a laptop, and measured on a phone too: the window narrows, then comes back. */
  async function teacherOnPhone(name: string, page: Page): Promise<void> {
    const laptop = page.viewportSize()!;
    await page.setViewportSize(PHONE);
    // Charts redraw for their new width a few frames later (ResizeObserver): give them that, then record what is left.
    await expect.poll(() => horizontalOverflow(page), { timeout: 5_000 }).toBe(0).catch(() => undefined);
    await audit.width(name, page);
    await page.setViewportSize(laptop);
  }

  /** Opens a path and waits for what shows the page has its data (client pages load it after the first paint). */
  async function visit(page: Page, path: string, ready: string): Promise<void> {
    await page.goto(path);
    await page.getByTestId(ready).first().waitFor();
  }

  it("a lesson's every page has no axe violation, and the phone's pages never scroll sideways", async () => {
    // Signed out, on a phone: the pages anyone can open.
    const visitor = await (await newPerson(browser, app.url, PHONE)).newPage();
    watch(visitor);
    for (const [name, path] of [
      ["home", "/"],
      ["join", "/join"],
      ["student sign-in", "/student"],
      ["sign-up", "/signup"],
      ["glossary", "/glossary"],
    ] as const) {
      await visitor.goto(path);
      await visitor.getByRole("heading", { level: 1 }).first().waitFor();
      await audit.both(`signed out: ${name}`, visitor);
    }

    // The teacher, on a laptop: dashboard, classroom (roster and race setup), data library.
    const teacherContext = await newPerson(browser, app.url);
    const teacher = await teacherContext.newPage();
    watch(teacher);
    teacher.on("dialog", (dialog) => void dialog.accept());
    await signUpTeacher(teacher);
    await audit.axe("teacher: dashboard", teacher);
    const { link, url: classroomUrl } = await createClassroom(teacher, "Physics");
    const classroomPath = new URL(classroomUrl).pathname;
    const classroomId = classroomPath.split("/").pop()!;

    // The join link as a newcomer opens it, then the student joins on their phone.
    await visitor.goto(link);
    await visitor.getByLabel("Your name").waitFor();
    await audit.both("signed out: join link", visitor);
    const student = await (await newPerson(browser, app.url, PHONE)).newPage();
    watch(student);
    await joinByLink(student, link, "Aiko", "4827-river");
    await student.getByTestId("roster").waitFor();
    await audit.both("student: classroom", student);

    // The roster counts the students, and says so: the teacher online is not one of them.
    await expect.poll(() => teacher.getByTestId("roster-count").textContent()).toBe("Students online: 1 of 1");
    await audit.axe("teacher: classroom with roster and race setup", teacher);
    await teacherOnPhone("teacher: classroom", teacher);
    await visit(teacher, `${classroomPath}/data`, "dataset-list");
    await audit.axe("teacher: data library", teacher);

    await student.goto("/dashboard");
    await student.getByRole("link", { name: "Physics" }).first().waitFor();
    await audit.both("student: dashboard", student);

    // The Playground on a phone: Train is on screen without scrolling past the form.
    await student.goto("/playground");
    const train = student.getByRole("button", { name: "Train", exact: true });
    await train.waitFor();
    const box = (await train.boundingBox())!;
    expect(box.y + box.height, "Train is within the first screen").toBeLessThanOrEqual(PHONE.height);
    await audit.both("student: Playground", student);
    await student.getByLabel("Hidden size").fill("4");
    await student.getByLabel("Epochs", { exact: true }).fill("20");
    await student.getByLabel("Picture every K epochs").fill("10");
    await train.click();
    await expect.poll(() => student.getByTestId("training-status").textContent(), { timeout: 90_000 }).toBe("Finished");
    await expect.poll(() => student.getByTestId("recording-status").getAttribute("data-phase"), { timeout: 30_000 }).toBe("saved");
    // The backend is named for people, not by its kernel build.
    expect(await student.getByTestId("training-backend").textContent()).not.toMatch(/fused|relaxed|\(cpu|\(wasm/);
    await audit.both("student: Playground after a run", student);

    // The run page: settings by their names, and a picture that enlarges into a dialog with axes.
    await student.getByRole("link", { name: "Open this run" }).click();
    await student.waitForURL("**/runs/*");
    await expect.poll(() => student.getByTestId("rollout-grid").locator('li[data-filled="true"]').count()).toBeGreaterThanOrEqual(2);
    const config = (await student.getByTestId("run-config").textContent())!;
    expect(config).toContain("Hidden size");
    expect(config).not.toMatch(/model\.hidden|optimizer\.|dataset\./);
    await audit.both("student: run page", student);
    const enlarge = student.getByRole("button", { name: /^Enlarge/ }).first();
    await enlarge.click();
    const dialog = student.getByRole("dialog");
    await dialog.waitFor();
    // Axes: numbers along both sides.
    expect(await dialog.locator("svg text").count()).toBeGreaterThanOrEqual(4);
    await audit.axe("student: enlarged picture", student);
    await student.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    expect(await enlarge.evaluate((el) => el === document.activeElement)).toBe(true);

    // A race: the teacher sets it up; lobby, running and ended, on both sides.
    await teacher.goto(classroomPath);
    await teacher.getByLabel("Race name").fill("Sprint");
    await teacher.getByLabel("Max epochs").fill("20");
    await teacher.getByLabel("Live ranking: verify every (seconds)").fill("5");
    await teacher.getByRole("button", { name: "Create race" }).click();
    await teacher.waitForURL("**/races/*");
    const racePath = new URL(teacher.url()).pathname;
    await teacher.getByTestId("race-rules").waitFor();
    await audit.axe("teacher: race lobby", teacher);
    await student.goto(classroomPath);
    await student.getByRole("link", { name: "Open Sprint" }).click();
    await student.waitForURL("**/races/*");
    await student.getByTestId("race-rules").waitFor();
    await audit.both("student: race lobby", student);

    await teacher.getByLabel("Countdown (seconds)").fill("1");
    await teacher.getByRole("button", { name: "Start race" }).click();
    await student.getByLabel("Hidden size").fill("4");
    await student.getByLabel("Epochs").fill("20");
    const raceTrain = student.getByRole("button", { name: "Train" });
    await expect.poll(() => raceTrain.isEnabled(), { timeout: 30_000 }).toBe(true);
    // Once the race runs (the lobby's rules give way), the phone shows Train on its first screen.
    await student.evaluate(() => window.scrollTo(0, 0));
    const raceTrainBox = (await raceTrain.boundingBox())!;
    expect(raceTrainBox.y + raceTrainBox.height, "the race's Train is within the first screen").toBeLessThanOrEqual(PHONE.height);
    await raceTrain.click();
    await student.getByTestId("race-status").getByText("Running").waitFor();
    await audit.both("student: race running", student);
    await audit.axe("teacher: race running", teacher);
    await teacherOnPhone("teacher: race running", teacher);
    // Under the teacher's curves comes the live board, not an empty card.
    expect(await teacher.locator("main section:empty, main div.rounded-lg:empty").count()).toBe(0);
    await student.getByTestId("verdict").getByText(/Verified score/).waitFor({ timeout: 120_000 });
    await teacher.getByRole("button", { name: "End race" }).click();
    for (const page of [teacher, student]) await page.getByTestId("race-status").getByText("Ended").waitFor();
    await student.getByTestId("podium").waitFor();
    await teacher.getByTestId("podium").waitFor();
    expect(await student.getByTestId("trainer-status").textContent()).not.toContain("while the race runs");
    await audit.both("student: race ended", student);
    await audit.axe("teacher: race ended", teacher);
    await teacherOnPhone("teacher: race ended", teacher);
    await visit(teacher, `${racePath}/board`, "board-public");
    await audit.axe("teacher: race results", teacher);
    await visit(student, `${racePath}/board`, "board-public");
    await audit.both("student: race results", student);
    const projector = await teacherContext.newPage();
    watch(projector);
    await visit(projector, `${racePath}/projector`, "podium");
    await audit.axe("teacher: projector", projector);
    await projector.close();

    // History: the student's runs on a phone (the wide table scrolls in its own box), a comparison.
    await visit(student, "/history", "history-table");
    await expect.poll(() => student.getByTestId("history-total").textContent()).toBe("2 runs");
    await audit.both("student: History", student);
    const rows = student.getByTestId("history-table").locator("tbody tr");
    await rows.nth(0).getByRole("checkbox").check();
    await rows.nth(1).getByRole("checkbox").check();
    await student.getByTestId("compare-selected").click();
    await student.waitForURL("**/history/compare?ids=*");
    await student.getByTestId("config-diff").waitFor();
    await audit.both("student: compare", student);
    await visit(student, `/history/classrooms/${classroomId}`, "parallel-chart");
    await audit.both("student: classroom history", student);

    // The teacher's History opens on the classroom's runs: the student's race run (the Playground run was private).
    await visit(teacher, "/history", "history-table");
    await expect.poll(() => teacher.getByTestId("history-total").textContent()).toBe("1 run");
    await audit.axe("teacher: History", teacher);
    await teacherOnPhone("teacher: History", teacher);
    await visit(teacher, `/history/classrooms/${classroomId}/report`, "report-table");
    await audit.axe("teacher: report", teacher);
    await teacherOnPhone("teacher: report", teacher);
    await visit(teacher, `/history/races/${racePath.split("/").pop()}`, "replay-clock");
    await audit.axe("teacher: race replay", teacher);

    expect(audit.violations, "axe-core violations by page").toEqual({});
    expect(audit.overflow, "pages wider than a 390 px phone").toEqual({});
    expect(pageErrors).toEqual([]);
    // One long walk (a Playground run and a race included): more than a single journey's default time.
  }, 420_000);
});
