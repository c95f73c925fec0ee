/**
 * Steps that many journeys share, done through the UI the way a person does them (labels and roles, not CSS
 * selectors), so a journey reads like the story it tests.
 */
import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import type { Page } from "playwright-core";

export const TEACHER_PASSWORD = "correct horse battery";

export function uniqueTeacherEmail(): string {
  return `teacher-${randomBytes(4).toString("hex")}@school.example`;
}

export async function signUpTeacher(page: Page, { name = "Ms Rivera", email = uniqueTeacherEmail() } = {}): Promise<{ email: string }> {
  await page.goto("/signup");
  await page.getByLabel("Your name (students see it)").fill(name);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(TEACHER_PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL("**/dashboard");
  return { email };
}

/** From the dashboard: creates a classroom and returns its code and join link as the room page shows them. */
export async function createClassroom(page: Page, name: string): Promise<{ code: string; link: string; url: string }> {
  await page.getByLabel("Classroom name").fill(name);
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await page.waitForURL("**/classrooms/*");
  await page.getByRole("heading", { name }).waitFor();
  const code = (await page.getByTestId("join-code").textContent())!.trim();
  // The address comes from the server (GET /api/join-address) just after the page opens; the QR code follows it.
  await page.getByTestId("join-qr").waitFor();
  const link = await page.getByLabel("Join link").inputValue();
  expect(code).toMatch(/^[A-Z2-9]{3}-[A-Z2-9]{3}$/);
  return { code, link, url: page.url() };
}

export async function joinByLink(page: Page, link: string, displayName: string, password: string): Promise<void> {
  await page.goto(link);
  await page.getByLabel("Your name").fill(displayName);
  await page.getByLabel("Password or PIN").fill(password);
  await page.getByRole("button", { name: "Join the classroom" }).click();
  await page.waitForURL("**/classrooms/*");
}

export async function signInStudent(page: Page, code: string, displayName: string, password: string): Promise<void> {
  await page.goto("/student");
  await page.getByLabel("Classroom code").fill(code);
  await page.getByLabel("Your name in the class").fill(displayName);
  await page.getByLabel("Password or PIN").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/dashboard");
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL((url) => url.pathname === "/");
}

export function rosterEntry(page: Page, displayName: string) {
  return page.getByTestId("roster-member").filter({ hasText: displayName });
}
