/** Debian's Chromium driven by playwright-core, with the flags this offline machine needs. */
import { chromium, type Browser, type BrowserContext, type ConsoleMessage } from "playwright-core";
import { CHROMIUM_PATH } from "../../support/services";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/**
 * Content-Security-Policy violations seen by any page or Web Worker of any person in this test file. Every e2e
 * file ends by checking it is empty (test/e2e/support/csp-check.ts): each journey doubles as a CSP test.
 */
export const cspViolations: string[] = [];

function watchConsole(message: ConsoleMessage): void {
  const text = message.text();
  // Chromium reports a blocked script, style, connection, worker or wasm compile as a console error naming
  // the Content Security Policy (for workers too); pages also re-report the DOM's violation events.
  if (/Content Security Policy|^\[csp\]/.test(text)) cspViolations.push(`${message.page()?.url() ?? "?"}: ${text}`);
}

/**
 * A fresh browser profile (own cookies): one per person in a journey. `locale` is the browser's language (its
 * Accept-Language): English by default, which the journeys' labels are written in. `timezoneId`: the computer's
 * time zone (the machine's by default).
 */
export async function newPerson(browser: Browser, baseURL: string, viewport = { width: 1280, height: 800 }, locale = "en-US", timezoneId?: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, viewport, locale, ...(timezoneId ? { timezoneId } : {}) });
  context.setDefaultTimeout(30_000);
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(`[csp] ${event.effectiveDirective} blocked ${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber}`);
    });
  });
  context.on("console", watchConsole);
  return context;
}
