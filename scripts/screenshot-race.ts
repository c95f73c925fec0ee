/**
 * `npm run screenshot:race`: the README's race picture. Runs the real app, has a teacher start a short race with
 * three students training different small models in their browsers, and saves the projector view near the end
 * (curves and board) to docs/race.png.
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
const app = await startApp();
const browser = await launchBrowser();
try {
  const teacher = await (await newPerson(browser, app.url, { width: 1280, height: 800 })).newPage();
  await signUpTeacher(teacher);
  const { link } = await createClassroom(teacher, "Period 3 Physics");
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
  // The board slides rows to their new ranks; a still picture must not catch one mid-slide.
  await teacher.emulateMedia({ reducedMotion: "reduce" });
  await teacher.goto(`${raceUrl}/projector`);
  // Most of the way through: every curve is long, the board has settled into an order.
  await teacher.waitForFunction(
    (count) => {
      const bars = Array.from(document.querySelectorAll("progress"));
      return bars.length === count && bars.every((p) => p.value >= 120);
    },
    MODELS.length,
    { timeout: 300_000 },
  );
  const file = path.join(ROOT, "docs", "race.png");
  await teacher.screenshot({ path: file });
  console.log(`saved ${path.relative(process.cwd(), file)}`);
} finally {
  await browser.close();
  await app.stop();
}
