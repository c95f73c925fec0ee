/**
 * A Japanese-speaking student's lesson in real Chromium, every step in Japanese (the browser asks for ja): joining
 * by the teacher's link, a short Playground run, a race, and History. Each page is photographed into
 * test-results/e2e-ja/ (kept as CI artifacts), and on each main page, at a laptop's 1366×768 and a phone's
 * 390×844, no label, button or cell is clipped: a text element whose content is wider than its box, unless it
 * scrolls, fails the test with the text.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { format, messagesFor } from "@/lib/i18n";
import { requireService } from "../support/services";
import { buildOnce, startApp, type RunningApp } from "./support/app";
import { launchBrowser, newPerson } from "./support/browser";
import { createClassroom, signUpTeacher } from "./support/journeys";

const chromium = await requireService("chromium");
const ja = messagesFor("ja");
const SHOTS = join(process.cwd(), "test-results", "e2e-ja");
const VIEWPORTS = [
  { width: 1366, height: 768 },
  { width: 390, height: 844 },
] as const;

/** Text elements whose text is wider than their box and is cut off (not a scrolling box): what a reader cannot read. */
function clippedTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const TEXT = "button, a, label, th, td, dt, dd, h1, h2, h3, p, li, summary, legend, option, [role=status]";
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(TEXT))) {
      const style = getComputedStyle(el);
      if (style.display === "none" || style.visibility === "hidden" || el.getClientRects().length === 0) continue;
      if (["auto", "scroll"].includes(style.overflowX)) continue;
      // Text for screen readers only (the skip link until focused) is a 1 px box on purpose.
      if (el.getBoundingClientRect().width <= 2) continue;
      // Cut off: the box hides what does not fit (overflow hidden/clip, an ellipsis) and the text is wider.
      const hides = style.overflowX !== "visible" || style.textOverflow === "ellipsis";
      if (hides && el.scrollWidth > el.clientWidth + 1) out.push(`${el.tagName.toLowerCase()}: ${(el.textContent ?? "").trim().slice(0, 60)}`);
      // Or wider than the page itself (runs off the screen on a phone).
      else if (el.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !el.closest("[data-scrolls], .overflow-x-auto")) out.push(`off-screen ${el.tagName.toLowerCase()}: ${(el.textContent ?? "").trim().slice(0, 60)}`);
    }
    return out;
  });
}

/** Photographs the page and checks that nothing is clipped, at both sizes; returns to the laptop size. */
async function checkPage(page: Page, name: string): Promise<void> {
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize(viewport);
    await page.waitForTimeout(300); // layout and charts settle after a resize
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("ja");
    await page.screenshot({ path: join(SHOTS, `${name}-${viewport.width}.png`), fullPage: viewport.width < 500 });
    expect(await clippedTexts(page), `${name} at ${viewport.width}×${viewport.height}`).toEqual([]);
  }
  await page.setViewportSize(VIEWPORTS[0]);
}

describe.skipIf(!chromium.available)("a lesson in Japanese", () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    buildOnce();
    app = await startApp();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("a student joins, trains, races and reads History in Japanese, with no clipped text", { timeout: 600_000 }, async () => {
    // The teacher (in English) opens a classroom and a short race.
    const teacher = await (await newPerson(browser, app.url)).newPage();
    teacher.on("dialog", (dialog) => void dialog.accept());
    await signUpTeacher(teacher);
    const { link } = await createClassroom(teacher, "物理 3 組");
    await teacher.getByLabel("Race name").fill("スプリント");
    await teacher.getByLabel("Max epochs").fill("30");
    await teacher.getByRole("button", { name: "Create race" }).click();
    await teacher.waitForURL("**/races/*");

    // The student's browser asks for Japanese: every page answers in it.
    const student = await (await newPerson(browser, app.url, VIEWPORTS[0], "ja-JP")).newPage();
    await student.goto(link);
    await student.getByLabel(ja.auth.join.displayName).waitFor();
    await checkPage(student, "01-join");
    await student.getByLabel(ja.auth.join.displayName).fill("さくら");
    await student.getByLabel(ja.auth.join.password).fill("4827-river");
    await student.getByRole("button", { name: ja.auth.join.submit }).click();
    await student.waitForURL("**/classrooms/*");
    await student.getByRole("link", { name: format(ja.race.panel.open, { name: "スプリント" }) }).waitFor();
    await checkPage(student, "02-classroom");

    // A short Playground run, to the end.
    await student.getByRole("link", { name: ja.playground.navLabel, exact: true }).first().click();
    await student.waitForURL("**/playground");
    await student.getByLabel(ja.playground.form.hidden).fill("8");
    await student.getByLabel(ja.playground.form.epochs, { exact: true }).fill("40");
    await student.getByLabel(ja.playground.form.rolloutEvery).fill("20");
    await student.getByRole("button", { name: ja.playground.controls.train, exact: true }).click();
    await expect.poll(() => student.getByTestId("training-status").textContent(), { timeout: 120_000 }).toBe(ja.playground.status.finished);
    await checkPage(student, "03-playground");

    // The race: the teacher starts it, the student trains and is verified.
    await student.goto(new URL(teacher.url()).pathname);
    await student.getByTestId("race-rules").waitFor();
    await student.getByLabel(ja.playground.form.hidden).fill("4");
    await student.getByLabel(ja.playground.form.epochs).fill("30");
    await checkPage(student, "04-race-lobby");
    await teacher.getByLabel("Countdown (seconds)").fill("1");
    await teacher.getByRole("button", { name: "Start race" }).click();
    const train = student.getByRole("button", { name: ja.race.room.train });
    await expect.poll(() => train.isEnabled(), { timeout: 30_000 }).toBe(true);
    await train.click();
    const verifiedPrefix = ja.race.room.verified.split("{")[0]!;
    await expect.poll(() => student.getByTestId("verdict").textContent(), { timeout: 180_000 }).toContain(verifiedPrefix);
    await checkPage(student, "05-race-verified");

    // History: both runs, in Japanese.
    await student.goto("/history");
    await student.getByRole("heading", { name: ja.history.title }).waitFor();
    await expect.poll(() => student.getByTestId("history-rank").count(), { timeout: 30_000 }).toBe(2);
    await checkPage(student, "06-history");
  });
});
