/** Debian's Chromium driven by playwright-core, with the flags this offline machine needs. */
import { chromium, type Browser, type BrowserContext } from "playwright-core";
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
 * A fresh browser profile (own cookies): one per person in a journey. `locale` is the browser's language (its
 * Accept-Language): English by default, which the journeys' labels are written in.
 */
export async function newPerson(browser: Browser, baseURL: string, viewport = { width: 1280, height: 800 }, locale = "en-US"): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, viewport, locale });
  context.setDefaultTimeout(30_000);
  return context;
}
