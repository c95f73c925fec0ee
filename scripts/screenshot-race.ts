/**
 * `npm run screenshot:race`: the README's projector pictures, at a projector's 1920×1080. Runs the real app, has a
 * teacher open a race with three students, and saves the projector's lobby (join code, address, QR code, rules) to
 * docs/projector-lobby.png; then the students train different small models in their browsers, and the running
 * race near the end (curves and board) goes to docs/race.png and the podium once it ends to docs/podium.png. Each
 * is taken again after the projector's 日本語 switch (docs/*-ja.png; Japanese needs a CJK font on the machine, e.g.
 * Debian's fonts-noto-cjk), and the projector is switched back to English.
 */
import path from "node:path";
import type { Page } from "playwright-core";
import { buildOnce, startApp } from "../test/e2e/support/app";
import { launchBrowser, newPerson } from "../test/e2e/support/browser";
import { createClassroom, joinByLink, signUpTeacher } from "../test/e2e/support/journeys";
import { ROOT } from "./prisma-cli";

const MODELS = [
  { name: "Anna Lee", cell: "GRU", hidden: "16" },
  { name: "Kenji", cell: "RNN", hidden: "8" },
  { name: "Sofía", cell: "LSTM", hidden: "12" },
];

buildOnce();
// Listening on every interface, as `npm start` does: the join link and QR code show this machine's network address.
const app = await startApp({ HOST: "0.0.0.0" });
const browser = await launchBrowser();
const PROJECTOR = { width: 1920, height: 1080 };
async function save(page: Page, name: string): Promise<void> {
  const file = path.join(ROOT, "docs", name);
  await page.screenshot({ path: file });
  console.log(`saved ${path.relative(process.cwd(), file)}`);
}
/** The picture in English, then in Japanese through the projector's own switch, then back to English. */
async function saveBoth(page: Page, name: string): Promise<void> {
  await save(page, `${name}.png`);
  for (const [language, suffix] of [["日本語", "-ja"], ["English", null]] as const) {
    // The projector keeps a language of its own (the page's <html lang> stays the teacher's).
    const button = page.getByTestId("language-switcher").getByRole("button", { name: language });
    await button.click();
    await page.waitForFunction((b) => b?.getAttribute("aria-pressed") === "true", await button.elementHandle());
    await page.waitForTimeout(300); // the charts redraw their labels after the switch
    if (suffix) await save(page, `${name}${suffix}.png`);
  }
}
try {
  const teacher = await (await newPerson(browser, app.url, { width: 1280, height: 800 })).newPage();
  teacher.on("dialog", (dialog) => void dialog.accept()); // "End the race now for everyone?"
  await signUpTeacher(teacher);
  const { code } = await createClassroom(teacher, "Period 3 Physics");
  // The students' browsers stay on the address this script opened (their cookies are kept per address).
  const link = `${app.url}/join/${code}`;
  const students: Page[] = [];
  for (const model of MODELS) {
    const page = await (await newPerson(browser, app.url)).newPage();
    await joinByLink(page, link, model.name, "river-otter-42");
    students.push(page);
  }
  await teacher.getByLabel("Race name").fill("Friday sprint");
  await teacher.getByLabel("Max epochs").fill("150");
  await teacher.getByRole("button", { name: "Create race" }).click();
  await teacher.waitForURL("**/races/*");
  const raceUrl = new URL(teacher.url()).pathname;
  // The board slides rows to their new ranks; a still picture must not catch one mid-slide.
  const projector = await teacher.context().newPage();
  await projector.setViewportSize(PROJECTOR);
  await projector.emulateMedia({ reducedMotion: "reduce" });
  await projector.goto(`${raceUrl}/projector`);
  await projector.getByTestId("join-qr").waitFor();
  await saveBoth(projector, "projector-lobby");
  for (const [i, page] of students.entries()) {
    await page.goto(raceUrl);
    await page.getByLabel("Cell").selectOption(MODELS[i]!.cell);
    await page.getByLabel("Hidden size").fill(MODELS[i]!.hidden);
    await page.getByLabel("Epochs").fill("150");
  }
  await teacher.getByLabel("Countdown (seconds)").fill("0");
  await teacher.getByRole("button", { name: "Start race" }).click();
  for (const page of students) {
    const train = page.getByRole("button", { name: "Train" });
    await train.waitFor();
    while (!(await train.isEnabled())) await page.waitForTimeout(100);
    await train.click();
  }
  // Most of the way through: every curve is long, the board has settled into an order.
  await projector.waitForFunction(
    (count) => {
      const bars = Array.from(document.querySelectorAll("progress"));
      return bars.length === count && bars.every((p) => p.value >= 120);
    },
    MODELS.length,
    { timeout: 300_000 },
  );
  await saveBoth(projector, "race");
  // The end: every run submitted and verified, then the podium with the verified board.
  for (const page of students) await page.getByTestId("verdict").getByText(/Verified score/).waitFor({ timeout: 300_000 });
  await teacher.getByRole("button", { name: "End race" }).click();
  await projector.getByTestId("podium-place").nth(MODELS.length - 1).waitFor({ timeout: 60_000 });
  await projector.getByTestId("board-public").waitFor();
  await saveBoth(projector, "podium");
} finally {
  await browser.close();
  await app.stop();
}
