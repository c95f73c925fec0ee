/**
 * Account recovery in real Chromium against the real server (`npm start`'s process):
 * - a teacher resets a student's PIN from the roster; the student (on a phone-sized screen) signs in with the
 *   one-time PIN, must choose a new one first, and afterwards the old and one-time PINs fail and the new one works;
 * - a teacher who forgot their password asks for a link, which arrives over SMTP (an in-process server) and sets
 *   a new password once.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireService } from "../support/services";
import { linkIn, startSmtpServer, type TestSmtpServer } from "../support/smtp";
import { buildOnce, startApp, type RunningApp } from "./support/app";
import { launchBrowser, newPerson } from "./support/browser";
import { createClassroom, joinByLink, rosterEntry, signOut, signUpTeacher, TEACHER_PASSWORD } from "./support/journeys";

const chromium = await requireService("chromium");

async function tryStudentSignIn(page: Page, code: string, displayName: string, pin: string): Promise<void> {
  await page.goto("/student");
  await page.getByLabel("Classroom code").fill(code);
  await page.getByLabel("Your name in the class").fill(displayName);
  await page.getByLabel("Password or PIN").fill(pin);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function tryTeacherSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

const REFUSED = "That sign-in did not work. Check what you typed and try again.";

describe.skipIf(!chromium.available)("account recovery journeys", () => {
  let app: RunningApp;
  let browser: Browser;
  let smtp: TestSmtpServer;

  beforeAll(async () => {
    buildOnce();
    smtp = await startSmtpServer();
    app = await startApp({ SMTP_URL: smtp.url, MAIL_FROM: "Loss Race <lossrace@school.example>" });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await smtp?.close();
  });

  it("a teacher resets a student's PIN; the student signs in with it, must choose a new one, and only the new one works", async () => {
    const teacherContext = await newPerson(browser, app.url);
    const teacher = await teacherContext.newPage();
    teacher.on("dialog", (dialog) => void dialog.accept());
    await signUpTeacher(teacher);
    const { code, link } = await createClassroom(teacher, "Period 5 Physics");

    const studentContext = await newPerson(browser, app.url, { width: 390, height: 844 });
    const student = await studentContext.newPage();
    await joinByLink(student, link, "Anna Lee", "5862");
    await rosterEntry(teacher, "Anna Lee").waitFor();

    await teacher.getByRole("button", { name: "Reset PIN for Anna Lee" }).click();
    const shown = teacher.getByRole("region", { name: "One-time PIN for Anna Lee" });
    await shown.waitFor();
    const oneTimePin = (await shown.getByTestId("one-time-pin-value").textContent())!.trim();
    expect(oneTimePin).toMatch(/^[0-9]{6}$/);
    await shown.getByRole("button", { name: "Done" }).click();
    await shown.waitFor({ state: "detached" });
    expect(await teacher.getByText(oneTimePin).count()).toBe(0);

    // The student's session has ended: their room, reloaded, sends them to sign in.
    await student.reload();
    await student.waitForURL((url) => url.pathname === "/");
    await tryStudentSignIn(student, code, "Anna Lee", oneTimePin);
    await student.getByRole("heading", { name: "Choose your new PIN" }).waitFor();
    // Whatever page they open, the choice comes first.
    await student.goto("/history");
    await student.getByRole("heading", { name: "Choose your new PIN" }).waitFor();
    await student.getByLabel("New PIN or password").fill(oneTimePin);
    await student.getByRole("button", { name: "Save and continue" }).click();
    await student.getByText("Choose a PIN or password of your own, not the one-time PIN.").waitFor();
    await student.getByLabel("New PIN or password").fill("7315");
    await student.getByRole("button", { name: "Save and continue" }).click();
    await student.getByRole("heading", { name: "Choose your new PIN" }).waitFor({ state: "detached" });
    await student.goto("/dashboard");
    await student.getByRole("link", { name: /Period 5 Physics/ }).waitFor();
    expect(await student.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await signOut(student);

    for (const old of ["5862", oneTimePin]) {
      await tryStudentSignIn(student, code, "Anna Lee", old);
      await student.getByText(REFUSED).waitFor();
      expect(new URL(student.url()).pathname).toBe("/student");
    }
    await tryStudentSignIn(student, code, "Anna Lee", "7315");
    await student.waitForURL("**/dashboard");
    await student.getByRole("link", { name: /Period 5 Physics/ }).waitFor();

    await Promise.all([teacherContext.close(), studentContext.close()]);
  });

  it("a teacher who forgot their password gets a link by e-mail that sets a new one, once", async () => {
    const context = await newPerson(browser, app.url);
    const page = await context.newPage();
    const { email } = await signUpTeacher(page, { name: "Mr Sato" });
    await signOut(page);

    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await page.waitForURL("**/forgot-password");
    await page.getByLabel("E-mail").fill(email);
    await page.getByRole("button", { name: "Send the link" }).click();
    await page.getByTestId("reset-requested").getByText(`If an account uses ${email}, a link is on its way.`, { exact: false }).waitFor();

    const mail = await smtp.nth(1);
    expect(mail.to).toEqual([email]);
    expect(mail.text).toContain("Hello Mr Sato");
    // Without PUBLIC_URL the link names the server's own port; the test's server listens on a random one.
    const sent = new URL(linkIn(mail));
    const link = `${app.url}${sent.pathname}${sent.hash}`;
    await page.goto(link);
    await page.getByLabel("New password").fill("a quiet spring morning");
    await page.getByRole("button", { name: "Save the new password" }).click();
    await page.waitForURL("**/dashboard");
    await signOut(page);

    await tryTeacherSignIn(page, email, TEACHER_PASSWORD);
    await page.getByText(REFUSED).waitFor();
    await tryTeacherSignIn(page, email, "a quiet spring morning");
    await page.waitForURL("**/dashboard");
    await signOut(page);

    await page.goto(link);
    await page.getByLabel("New password").fill("yet another phrase here");
    await page.getByRole("button", { name: "Save the new password" }).click();
    await page.getByText("This reset link has already been used.", { exact: false }).waitFor();
    await context.close();
  });
});
