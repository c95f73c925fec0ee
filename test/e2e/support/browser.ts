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

/** A fresh browser profile (own cookies): one per person in a journey. */
export async function newPerson(browser: Browser, baseURL: string, viewport = { width: 1280, height: 800 }): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, viewport });
  context.setDefaultTimeout(30_000);
  return context;
}
