/**
 * Checks a journey runs on every page it visits: axe-core's accessibility rules (the library injected through
 * the DevTools protocol, which the page's Content-Security-Policy does not govern, so the page runs exactly as a
 * person's does) and horizontal overflow (a phone must never scroll the whole page sideways).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Every axe-core violation on the page as it stands (WCAG 2.x A and AA rules and axe's best practices). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== "undefined");
  if (!loaded) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(" ")) }));
  });
}

/** How far the page is wider than the window, in CSS pixels (0: nothing scrolls sideways). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - document.documentElement.clientWidth);
}

/** The widest elements that stick out past the window's right edge: what to fix when a page overflows. */
export function overflowCulprits(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const limit = document.documentElement.clientWidth;
    const out: string[] = [];
    for (const element of Array.from(document.body.querySelectorAll("*"))) {
      const box = element.getBoundingClientRect();
      if (box.right > limit + 1 && box.width > 0) {
        const id = element.getAttribute("data-testid") ?? element.getAttribute("aria-label") ?? (element.getAttribute("class") ?? "").slice(0, 60);
        out.push(`${element.tagName.toLowerCase()}[${id}] right=${Math.round(box.right)}`);
      }
    }
    return out.slice(0, 8);
  });
}

/** Collects findings page by page, so one journey reports every page's problems at once. */
export class PageAudit {
  readonly violations: Record<string, string[]> = {};
  readonly overflow: Record<string, string> = {};

  async axe(name: string, page: Page): Promise<void> {
    const found = await axeViolations(page);
    if (found.length > 0) this.violations[name] = found.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.targets.slice(0, 3).join(", ")}`);
  }

  async width(name: string, page: Page): Promise<void> {
    const extra = await horizontalOverflow(page);
    if (extra > 0) this.overflow[name] = `${extra} px too wide: ${(await overflowCulprits(page)).join("; ")}`;
  }

  /** Both checks (the width one only means something on a narrow window). */
  async both(name: string, page: Page): Promise<void> {
    await this.axe(name, page);
    await this.width(name, page);
  }
}
