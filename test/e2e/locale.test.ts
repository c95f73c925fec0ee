/**
 * Which language a page is in, against the real server and pages: the first HTML already speaks the cookie's
 * language, else the browser's Accept-Language (and says so in <html lang>); the header's 日本語 / English
 * switch changes every page, by keyboard too, and is kept in the cookie and on the account, so signing in on
 * another (Japanese) browser brings the account's English back; the projector switches on its own.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireService } from "../support/services";
import { buildOnce, startApp, type RunningApp } from "./support/app";
import { launchBrowser, newPerson } from "./support/browser";
import { createClassroom, signUpTeacher } from "./support/journeys";

const chromium = await requireService("chromium");

/** The first HTML of a page, as the server renders it for these request headers. */
async function firstHtml(url: string, headers: Record<string, string>): Promise<{ lang: string | undefined; html: string }> {
  const html = await (await fetch(url, { headers })).text();
  return { lang: /<html[^>]*\blang="([^"]+)"/.exec(html)?.[1], html };
}

const htmlLang = (page: Page) => page.evaluate(() => document.documentElement.lang);
const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe.skipIf(!chromium.available)("the page's language", () => {
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

  it("comes from the cookie, else Accept-Language, already in the server's first HTML", async () => {
    const japanese = await firstHtml(`${app.url}/`, { "accept-language": "ja-JP,ja;q=0.9,en;q=0.8" });
    expect(japanese.lang).toBe("ja");
    expect(japanese.html).toContain("先生用のアカウントを作成する");
    expect(japanese.html).toMatch(/<title>Loss Race<\/title>/);

    const english = await firstHtml(`${app.url}/`, { "accept-language": "en-GB,en;q=0.9" });
    expect(english.lang).toBe("en");
    expect(english.html).toContain("Create a teacher account");

    expect((await firstHtml(`${app.url}/`, { "accept-language": "fr-FR,fr;q=0.9" })).lang).toBe("en");
    // The person's choice wins over their browser's.
    expect((await firstHtml(`${app.url}/`, { "accept-language": "ja", cookie: "lr_locale=en" })).lang).toBe("en");
    expect((await firstHtml(`${app.url}/glossary`, { "accept-language": "en", cookie: "lr_locale=ja" })).html).toContain("<title>用語集 · Loss Race</title>");
    // A cookie naming no language of ours is ignored.
    expect((await firstHtml(`${app.url}/`, { "accept-language": "ja", cookie: "lr_locale=xx" })).lang).toBe("ja");
  });

  it("switches from the header by keyboard, stays switched, and follows the account to another browser", async () => {
    const teacher = await (await newPerson(browser, app.url)).newPage();
    await signUpTeacher(teacher);
    const { link, code } = await createClassroom(teacher, "Physics");

    // A student whose browser is Japanese joins: everything is in Japanese from the first page.
    const student = await (await newPerson(browser, app.url, { width: 390, height: 844 }, "ja-JP")).newPage();
    await student.goto(link);
    expect(await htmlLang(student)).toBe("ja");
    await student.getByLabel("名前", { exact: true }).fill("Aiko");
    await student.getByLabel("パスワードまたは PIN").fill("4827-river");
    await student.getByRole("button", { name: "クラスに参加" }).click();
    await student.waitForURL("**/classrooms/*");
    await student.getByText("メンバー", { exact: true }).first().waitFor();
    expect(await fitsWidth(student)).toBe(true);

    // The switch is labelled in both languages and works from the keyboard.
    await student.getByRole("group", { name: "言語 / Language" }).getByRole("button", { name: "English" }).focus();
    await student.keyboard.press("Enter");
    await student.getByText("Roster", { exact: true }).first().waitFor();
    const switcher = student.getByRole("group", { name: "Language / 言語" });
    expect(await switcher.getByRole("button", { name: "English" }).getAttribute("aria-pressed")).toBe("true");
    expect(await switcher.getByRole("button", { name: "日本語" }).getAttribute("aria-pressed")).toBe("false");
    await expect.poll(() => htmlLang(student)).toBe("en");

    // A reload renders English straight away (the cookie), though the browser asks for Japanese.
    await student.reload();
    await student.getByText("Roster", { exact: true }).first().waitFor();
    expect(await htmlLang(student)).toBe("en");

    // Another browser, in Japanese: signing in brings the account's choice (English) back.
    const laptop = await (await newPerson(browser, app.url, { width: 1366, height: 768 }, "ja-JP")).newPage();
    await laptop.goto("/student");
    expect(await htmlLang(laptop)).toBe("ja");
    await laptop.getByLabel("クラスコード").fill(code);
    await laptop.getByLabel("クラスでの名前").fill("Aiko");
    await laptop.getByLabel("パスワードまたは PIN").fill("4827-river");
    await laptop.getByRole("button", { name: "サインイン", exact: true }).click();
    await laptop.waitForURL("**/dashboard");
    await laptop.getByRole("heading", { name: "My classrooms" }).waitFor();
    await expect.poll(() => htmlLang(laptop)).toBe("en");
    await laptop.reload();
    await laptop.getByRole("heading", { name: "My classrooms" }).waitFor();
    expect(await htmlLang(laptop)).toBe("en");
  });

  it("a student who never chose keeps the language they signed in with, on every browser after", async () => {
    const teacher = await (await newPerson(browser, app.url)).newPage();
    await signUpTeacher(teacher);
    const { link, code } = await createClassroom(teacher, "Chemistry");
    const first = await (await newPerson(browser, app.url, undefined, "ja")).newPage();
    await first.goto(link);
    await first.getByLabel("名前", { exact: true }).fill("Ren");
    await first.getByLabel("パスワードまたは PIN").fill("4827-river");
    await first.getByRole("button", { name: "クラスに参加" }).click();
    await first.waitForURL("**/classrooms/*");

    const english = await (await newPerson(browser, app.url)).newPage();
    await english.goto("/");
    expect(await htmlLang(english)).toBe("en");
    // The account remembered Japanese when Ren joined in Japanese.
    await english.goto("/student");
    await english.getByLabel("Classroom code").fill(code);
    await english.getByLabel("Your name in the class").fill("Ren");
    await english.getByLabel("Password or PIN").fill("4827-river");
    await english.getByRole("button", { name: "Sign in", exact: true }).click();
    await english.waitForURL("**/dashboard");
    await english.getByRole("heading", { name: "マイクラス" }).waitFor();
    expect(await htmlLang(english)).toBe("ja");
  });

  it("the projector has its own switch: the class reads Japanese while the teacher's page stays English", async () => {
    const teacher = await (await newPerson(browser, app.url, { width: 1366, height: 768 })).newPage();
    await signUpTeacher(teacher);
    await createClassroom(teacher, "Biology");
    await teacher.getByLabel("Race name").fill("Sprint");
    await teacher.getByRole("button", { name: "Create race" }).click();
    await teacher.waitForURL("**/races/*");
    await teacher.getByRole("link", { name: "Projector view" }).click();
    const projector = teacher.getByTestId("projector");
    await projector.getByTestId("race-status").getByText("Lobby open").waitFor();

    await projector.getByRole("group", { name: "Language / 言語" }).getByRole("button", { name: "日本語" }).click();
    await projector.getByTestId("race-status").getByText("受付中").waitFor();
    await teacher.waitForURL(/\?lang=ja$/);
    expect(await teacher.locator('[lang="ja"]').filter({ has: projector }).count()).toBe(1);
    // The teacher's own page and their account stay in English.
    expect(await htmlLang(teacher)).toBe("en");
    // Reloading the projector (or opening it from a bookmark) keeps the class's language.
    await teacher.reload();
    await projector.getByTestId("race-status").getByText("受付中").waitFor();
    expect(await fitsWidth(teacher)).toBe(true);

    // The projector's way out speaks the class's language; behind it the teacher's race page is English.
    await projector.getByRole("link", { name: /プロジェクター表示を終了/ }).click();
    await teacher.getByRole("link", { name: "Projector view" }).waitFor();
    await teacher.getByRole("button", { name: "Sign out" }).waitFor();
  });
});
