/**
 * What a projector must never do: show a page wider than the screen, or cut content off inside a box (a table
 * that scrolls sideways, a name cut with an ellipsis, a chart's label past its edge), and draw tick labels on
 * top of each other. Measured in the page, on the boxes the browser laid out.
 */
import type { Page } from "playwright-core";

/** Every element that sticks out of the window or whose content is cut off (or scrolls) sideways, described. */
export function clippedElements(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const describe = (element: Element) =>
      `${element.tagName.toLowerCase()}[${element.getAttribute("data-testid") ?? element.getAttribute("aria-label") ?? element.textContent?.trim().slice(0, 40) ?? ""}]`;
    const found: string[] = [];
    const pageWidth = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
    if (pageWidth > width) found.push(`the page is ${pageWidth} px wide in a ${width} px window`);
    for (const element of Array.from(document.body.querySelectorAll("*"))) {
      const style = getComputedStyle(element);
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || style.visibility === "hidden") continue;
      // Screen-reader-only text is clipped to 1 px on purpose.
      if (style.position === "absolute" && box.width <= 1) continue;
      if (box.left < -1 || box.right > width + 1) found.push(`${describe(element)} reaches ${Math.round(box.left)}..${Math.round(box.right)} px`);
      const html = element as HTMLElement;
      if (["hidden", "auto", "scroll", "clip"].includes(style.overflowX) && html.scrollWidth > html.clientWidth + 1) {
        found.push(`${describe(element)} cuts off ${html.scrollWidth - html.clientWidth} px of its content`);
      }
    }
    return found.slice(0, 12);
  });
}

/** Charts (inside `scope`) drawn wider than their box, or with a label or grid line past its edges, described. */
export function chartsOutsideTheirBox(page: Page, scope: string): Promise<string[]> {
  return page.evaluate((scope) => {
    const found: string[] = [];
    for (const [index, chart] of Array.from(document.querySelectorAll(`${scope} [data-testid="loss-chart"]`)).entries()) {
      const box = chart.parentElement!.getBoundingClientRect();
      for (const part of Array.from(chart.querySelectorAll("text, line"))) {
        const r = part.getBoundingClientRect();
        if (r.left < box.left - 1 || r.right > box.right + 1) {
          found.push(`chart ${index}: ${part.tagName} "${part.textContent ?? ""}" spans ${Math.round(r.left)}..${Math.round(r.right)} px in a box of ${Math.round(box.left)}..${Math.round(box.right)} px`);
          break;
        }
      }
    }
    return found;
  }, scope);
}

/** Pairs of tick labels (x with x, y with y, within one chart) whose boxes overlap, described. */
export function overlappingTickLabels(page: Page, scope: string): Promise<string[]> {
  return page.evaluate((scope) => {
    const found: string[] = [];
    for (const [index, chart] of Array.from(document.querySelectorAll(`${scope} [data-testid="loss-chart"]`)).entries()) {
      for (const axis of ["x-tick", "y-tick"]) {
        const labels = Array.from(chart.querySelectorAll(`[data-testid="${axis}"]`)).map((label) => ({ text: label.textContent, box: label.getBoundingClientRect() }));
        for (let i = 0; i < labels.length; i++) {
          for (let j = i + 1; j < labels.length; j++) {
            const a = labels[i]!.box;
            const b = labels[j]!.box;
            if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) found.push(`chart ${index} ${axis}: "${labels[i]!.text}" overlaps "${labels[j]!.text}"`);
          }
        }
      }
    }
    return found;
  }, scope);
}

/** The smallest font size (px) of the tick and axis labels of the charts inside `scope`; Infinity without any. */
export function smallestChartLabelPx(page: Page, scope: string): Promise<number> {
  return page.evaluate(
    (scope) => Math.min(...Array.from(document.querySelectorAll(`${scope} [data-testid="loss-chart"] text`)).map((text) => parseFloat(getComputedStyle(text).fontSize))),
    scope,
  );
}
