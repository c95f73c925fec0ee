/**
 * The sign-in journey from issue 2, in real Chromium against the real server: a teacher signs up and creates a
 * classroom; a student joins through the link in a second browser; the teacher's roster shows them live; the
 * student signs out and back in and is in the room again; a third browser with a wrong code gets the error.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireService } from "../support/services";
import { buildOnce, startApp, type RunningApp } from "./support/app";
import { launchBrowser, newPerson } from "./support/browser";
import { createClassroom, joinByLink, rosterEntry, signInStudent, signOut, signUpTeacher } from "./support/journeys";

const chromium = await requireService("chromium");

describe.skipIf(!chromium.available)("classroom sign-in journey", () => {
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

  it("teacher creates a room, a student joins by link and is seen live, signs out and back in; a wrong code is refused", async () => {
    // Teacher: sign up, create a classroom.
    const teacherContext = await newPerson(browser, app.url);
    const teacher = await teacherContext.newPage();
    await signUpTeacher(teacher);
    const { code, link, url: roomUrl } = await createClassroom(teacher, "Period 3 Physics");
    expect(link).toBe(`${app.url}/join/${code}`);
    await teacher.getByText("Live", { exact: true }).waitFor();
    await teacher.getByText("Students online: 0 of 0").waitFor();

    // Student, second browser: join through the link.
    const studentContext = await newPerson(browser, app.url, { width: 1366, height: 768 });
    const student = await studentContext.newPage();
    await joinByLink(student, link, "Anna Lee", "river-otter-42");
    await student.getByRole("heading", { name: "Period 3 Physics" }).waitFor();

    // Teacher sees the student live, without reloading.
    const anna = rosterEntry(teacher, "Anna Lee");
    await anna.waitFor();
    await expect.poll(() => anna.getAttribute("data-online")).toBe("true");
    await teacher.getByText("Students online: 1 of 1").waitFor();
    expect(teacher.url()).toBe(roomUrl);

    // Student signs out: the teacher sees them go offline.
    await signOut(student);
    await expect.poll(() => anna.getAttribute("data-online")).toBe("false");

    // A signed-out student sees no room data: the room page sends them to sign in.
    await student.goto(roomUrl);
    await student.waitForURL((url) => url.pathname === "/");

    // Student signs back in with code + name + password and finds the room again.
    await signInStudent(student, code, "anna lee", "river-otter-42");
    await student.getByRole("link", { name: /Period 3 Physics/ }).click();
    await student.waitForURL(roomUrl);
    await student.getByRole("heading", { name: "Period 3 Physics" }).waitFor();
    await expect.poll(() => anna.getAttribute("data-online")).toBe("true");

    // Third browser: a wrong code gets a clear error, and nothing changes for the room.
    const strangerContext = await newPerson(browser, app.url, { width: 800, height: 600 });
    const stranger = await strangerContext.newPage();
    await stranger.goto("/join");
    await stranger.getByLabel("Classroom code").fill("ZZZ-ZZ2");
    await stranger.getByRole("button", { name: "Continue" }).click();
    await stranger.getByText("No classroom has this code. Check it with your teacher.").waitFor();
    expect(new URL(stranger.url()).pathname).toBe("/join");
    await teacher.getByText("Students online: 1 of 1").waitFor();
    expect(await teacher.getByTestId("roster-member").count()).toBe(2);

    await Promise.all([teacherContext.close(), studentContext.close(), strangerContext.close()]);
  });
});
