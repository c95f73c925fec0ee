import { describe, expect, it } from "vitest";
import { isStale, lastActivityAt, STALE_AFTER_MS } from "@/lib/history/stale";

describe("stale Playground runs", () => {
  const start = Date.parse("2026-03-01T10:00:00.000Z");

  it("counts the last stored epoch's time from the start, or the start before any epoch", () => {
    expect(lastActivityAt(start, null)).toBe(start);
    expect(lastActivityAt(start, 90_000)).toBe(start + 90_000);
  });

  it("is stale once STALE_AFTER_MS have passed since the last sign of life, not before", () => {
    expect(isStale(start, null, start + STALE_AFTER_MS - 1)).toBe(false);
    expect(isStale(start, null, start + STALE_AFTER_MS)).toBe(true);
    expect(isStale(start, 60_000, start + STALE_AFTER_MS)).toBe(false);
    expect(isStale(start, 60_000, start + 60_000 + STALE_AFTER_MS)).toBe(true);
    expect(isStale(start, 0, start + 5_000, 5_000)).toBe(true);
  });
});
