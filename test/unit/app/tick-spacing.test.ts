import { describe, expect, it } from "vitest";
import { labelWidth, spacedLabels } from "@/app/components/charts/tick-spacing";

describe("tick labels that do not touch", () => {
  it("keeps every label when they are far enough apart", () => {
    expect(spacedLabels([0, 50, 100], 40)).toEqual([true, true, true]);
  });

  it("drops the labels too close to the last one kept, measured from that one", () => {
    // 25 is too close to 0; 45 is far enough from 0 (not from 25, which was dropped).
    expect(spacedLabels([0, 25, 45, 60, 100], 40)).toEqual([true, false, true, false, true]);
  });

  it("works along a y axis, where positions decrease", () => {
    expect(spacedLabels([200, 190, 150, 100, 95], 30)).toEqual([true, false, true, true, false]);
  });

  it("skips ticks without a label (NaN) and measures from the last label shown", () => {
    expect(spacedLabels([0, Number.NaN, 30, 50], 40)).toEqual([true, false, false, true]);
  });

  it("sizes labels by their length and font", () => {
    expect(labelWidth("1000", 18)).toBeGreaterThan(labelWidth("10", 18));
    expect(labelWidth("100", 18)).toBeGreaterThan(labelWidth("100", 11));
  });
});
