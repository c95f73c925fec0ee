/**
 * The projector in front of a class (issue 14): the whole screen (no site navigation or sign-out, "Exit projector"
 * and Esc lead back), the lobby with the join code, the server's join address and its QR code, the rules; then
 * the running race and the podium. In every state, at 1366×768 and 1920×1080: nothing wider than the screen,
 * nothing cut off, chart labels of at least 18 px at 1920, no overlapping tick labels, no axe-core violation.
 */
import QRCode from "qrcode";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { qrPath } from "@/app/components/join/qr-path";
import { requireService } from "../support/services";
import { buildOnce, startApp, type RunningApp } from "./support/app";
import { launchBrowser, newPerson } from "./support/browser";
import { createClassroom, joinByLink, signUpTeacher } from "./support/journeys";
import { chartsOutsideTheirBox, clippedElements, overlappingTickLabels, smallestChartLabelPx } from "./support/layout-checks";
import { axeViolations } from "./support/page-checks";

const chromium = await requireService("chromium");
const NAMES = ["Aiko", "Ben", "Chloe"] as const;
const SCREENS = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;

/** The QR code a phone would read off this element: its path must be exactly the code of `link`. */
async function expectQrOf(page: Page, link: string): Promise<void> {
  const qr = page.getByRole("img", { name: `QR code that opens ${link}` });
  expect(await qr.locator("path").getAttribute("d")).toBe(qrPath(QRCode.create(link, { errorCorrectionLevel: "M" }).modules));
}

/** Lets ResizeObserver-sized charts redraw after the window changed. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await page.waitForTimeout(200);
}

describe.skipIf(!chromium.available)("the projector", () => {
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

  it("is full screen with a way out, shows how to join, and fits 1366×768 and 1920×1080 in every state", async () => {
    const teacherContext = await newPerson(browser, app.url);
    const teacher = await teacherContext.newPage();
    teacher.on("dialog", (dialog) => void dialog.accept());
    await signUpTeacher(teacher);
    const { code, link } = await createClassroom(teacher, "Physics");
    // The join address is the server's (this test server listens on 127.0.0.1), and the classroom page's QR code carries it.
    expect(link).toBe(`${app.url}/join/${code}`);
    await expectQrOf(teacher, link);
    // Only this computer can open a loopback address: the teacher is told so, and what to change.
    expect(await teacher.getByTestId("join-loopback").textContent()).toMatch(/^Only this computer can open this address\..*PUBLIC_URL/);

    const students: Page[] = [];
    for (const name of NAMES) {
      const page = await (await newPerson(browser, app.url)).newPage();
      await joinByLink(page, link, name, "4827-river");
      students.push(page);
    }
    await teacher.getByLabel("Race name").fill("Friday sprint");
    await teacher.getByLabel("Max epochs").fill("30");
    await teacher.getByLabel("Live ranking: verify every (seconds)").fill("5");
    await teacher.getByRole("button", { name: "Create race" }).click();
    await teacher.waitForURL("**/races/*");
    const racePath = new URL(teacher.url()).pathname;

    const projector = await teacherContext.newPage();
    // The board's rows glide to new ranks; a measurement must not catch one mid-slide.
    await projector.emulateMedia({ reducedMotion: "reduce" });
    await projector.goto(`${racePath}/projector`);
    await projector.getByTestId("projector").waitFor();

    const problems: Record<string, string[]> = {};
    async function checkEverySize(state: string, extra?: (screen: (typeof SCREENS)[number]) => Promise<string[]>): Promise<void> {
      // As first drawn, before any resize: charts that appear with a state (the podium) must size themselves.
      await settle(projector);
      const firstDrawn = await chartsOutsideTheirBox(projector, '[data-testid="projector"]');
      if (firstDrawn.length) problems[`${state} as first drawn`] = firstDrawn;
      for (const screen of SCREENS) {
        await projector.setViewportSize(screen);
        await settle(projector);
        const name = `${state} at ${screen.width}×${screen.height}`;
        const found = [
          ...(await clippedElements(projector)),
          ...(await chartsOutsideTheirBox(projector, '[data-testid="projector"]')),
          ...(await axeViolations(projector)).map((v) => `axe ${v.id} (${v.impact}): ${v.help} at ${v.targets.slice(0, 3).join(", ")}`),
          ...((await extra?.(screen)) ?? []),
        ];
        if (found.length) problems[name] = found;
      }
    }

    // Full screen: the site's navigation and sign-out stay off the class's screen; the way out is there.
    expect(await projector.getByRole("navigation").count()).toBe(0);
    expect(await projector.getByRole("button", { name: "Sign out" }).count()).toBe(0);
    await projector.getByRole("link", { name: /Exit projector/ }).waitFor();

    // The lobby: the code in large type, the server's address with the code, its QR code, and the rules.
    const panel = projector.getByTestId("join-panel");
    expect(await panel.getByTestId("join-code").textContent()).toBe(code);
    await expect.poll(() => panel.getByTestId("join-link").textContent()).toBe(link);
    await expectQrOf(projector, link);
    expect(await panel.getByTestId("join-code").evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(72);
    await projector.getByTestId("race-rules").waitFor();
    await checkEverySize("lobby");

    // Esc leaves for the race page (the teacher's controls), as does the link.
    await projector.keyboard.press("Escape");
    await projector.waitForURL((url) => url.pathname === racePath);
    await projector.goto(`${racePath}/projector`);
    await projector.getByRole("link", { name: /Exit projector/ }).click();
    await projector.waitForURL((url) => url.pathname === racePath);
    await projector.goto(`${racePath}/projector`);
    await projector.getByTestId("join-panel").waitFor();

    // Running: the live board and everyone's curves, labels readable from the back of the room.
    for (const page of students) {
      await page.goto(racePath);
      await page.getByLabel("Hidden size").fill("4");
      await page.getByLabel("Epochs").fill("30");
    }
    await teacher.getByLabel("Countdown (seconds)").fill("0");
    await teacher.getByRole("button", { name: "Start race" }).click();
    for (const page of students) {
      const train = page.getByRole("button", { name: "Train" });
      await expect.poll(() => train.isEnabled(), { timeout: 30_000 }).toBe(true);
      await train.click();
    }
    await expect
      .poll(async () => (await projector.getByTestId("leaderboard-row").evaluateAll((rows) => rows.filter((row) => row.hasAttribute("data-rank")).length)), { timeout: 90_000 })
      .toBe(NAMES.length);
    expect(await projector.getByTestId("join-panel").count()).toBe(0);
    await checkEverySize("running", async (screen) => {
      if (screen.width < 1920) return [];
      const px = await smallestChartLabelPx(projector, '[data-testid="race-curves"]');
      return px >= 18 ? [] : [`the curves' smallest label is ${px} px`];
    });

    // Ended: the podium (its small charts' tick labels apart) and the verified board with every column in view.
    for (const page of students) await page.getByTestId("verdict").getByText(/Verified score/).waitFor({ timeout: 120_000 });
    await expect.poll(() => teacher.getByTestId("board-public").getByTestId("board-row").count(), { timeout: 30_000 }).toBe(NAMES.length);
    await teacher.getByRole("button", { name: "End race" }).click();
    await projector.getByTestId("podium").waitFor();
    await expect.poll(() => projector.getByTestId("podium-place").count(), { timeout: 30_000 }).toBe(3);
    const podiumChecks = async (screen: (typeof SCREENS)[number]) => {
      const found = await overlappingTickLabels(projector, '[data-testid="podium"]');
      if (screen.width >= 1920) {
        const px = await smallestChartLabelPx(projector, '[data-testid="podium"]');
        if (px < 18) found.push(`the podium charts' smallest label is ${px} px`);
      }
      // The board's last column, the self-reported losses, is there to read (not scrolled or cut away).
      const selfReported = await projector.getByTestId("self-reported").count();
      if (selfReported !== NAMES.length) found.push(`${selfReported} self-reported cells`);
      return found;
    };
    await checkEverySize("ended", podiumChecks);

    // The teacher reveals the private board (one more column: the rank change); the projector shows it big.
    await teacher.getByRole("button", { name: "Reveal private board" }).click();
    await projector.getByTestId("board-private").waitFor();
    await checkEverySize("revealed", podiumChecks);

    expect(problems).toEqual({});
  });
});
