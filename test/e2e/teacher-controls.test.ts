/**
 * The teacher's controls in the browser: lock and unlock joining, remove a student (who sees it live), make a
 * new code (the old link then says it expired), archive. Confirmation dialogs are accepted like a person would.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireService } from "../support/services";
import { buildOnce, startApp, type RunningApp } from "./support/app";
import { launchBrowser, newPerson } from "./support/browser";
import { createClassroom, joinByLink, rosterEntry, signUpTeacher } from "./support/journeys";

const chromium = await requireService("chromium");

describe.skipIf(!chromium.available)("teacher controls", () => {
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

  it("lock, remove, new code and archive work from the room page and reach students live", async () => {
    const teacherContext = await newPerson(browser, app.url);
    const teacher = await teacherContext.newPage();
    teacher.on("dialog", (dialog) => void dialog.accept());
    await signUpTeacher(teacher);
    const { code, link } = await createClassroom(teacher, "Chemistry");

    const studentContext = await newPerson(browser, app.url);
    const student = await studentContext.newPage();
    await joinByLink(student, link, "Kenji", "4827");
    await rosterEntry(teacher, "Kenji").waitFor();

    // Lock: everyone in the room sees it; a newcomer is turned away with the reason.
    await teacher.getByRole("button", { name: "Lock joining" }).click();
    await student.getByText("Joining is locked: new students cannot join.").waitFor();
    const newcomer = await (await newPerson(browser, app.url)).newPage();
    await newcomer.goto(link);
    await newcomer.getByText(/not accepting new students right now/).waitFor();
    await teacher.getByRole("button", { name: "Unlock joining" }).click();
    await student.getByText("Joining is locked: new students cannot join.").waitFor({ state: "detached" });

    // Remove: the student's page says so at once, and the roster drops them.
    await teacher.getByRole("button", { name: "Remove Kenji from the classroom" }).click();
    await student.getByText("You are no longer a member of this classroom.").waitFor();
    await rosterEntry(teacher, "Kenji").waitFor({ state: "detached" });

    // New code: the old link now says it expired.
    await teacher.getByRole("button", { name: "New code" }).click();
    await expect.poll(async () => (await teacher.getByTestId("join-code").textContent())?.trim()).not.toBe(code);
    await newcomer.goto(link);
    await newcomer.getByText("This code has expired. Ask your teacher for the new one.").waitFor();

    // Archive, then restore.
    await teacher.getByRole("button", { name: "Archive classroom" }).click();
    await teacher.getByText("This classroom is archived.").waitFor();
    await teacher.getByRole("button", { name: "Restore classroom" }).click();
    await teacher.getByText("This classroom is archived.").waitFor({ state: "detached" });

    await Promise.all([teacherContext.close(), studentContext.close()]);
  });
});
