/**
 * The one formatting module in both languages: losses with four significant digits (scientific outside
 * [0.001, 10 000)), one "no value" mark, grouped counts, dates in each language's order, clocks and spoken
 * durations.
 */
import { describe, expect, it } from "vitest";
import { formatterFor, NO_VALUE, timeZoneLabel } from "@/lib/i18n/format-values";

const en = formatterFor("en");
const ja = formatterFor("ja");

describe.each([
  ["en", en],
  ["ja", ja],
] as const)("in %s", (_, fmt) => {
  it("writes losses with four significant digits, keeping trailing zeros", () => {
    expect([0.0123, 0.012071, 1.5, 0.25, 999.95].map(fmt.loss)).toEqual(["0.01230", "0.01207", "1.500", "0.2500", "1000"]);
  });

  it("switches to scientific notation for very small and very large losses", () => {
    expect(fmt.loss(1.2345e-5)).toBe("1.235E-5");
    expect(fmt.loss(0.00099999)).toBe("1.000E-3");
    expect(fmt.loss(12_345.6)).toBe("1.235E4");
    expect(fmt.loss(0.001)).toBe("0.001000");
  });

  it("shows zero as 0, a diverged loss as ∞, and a missing one as the one no-value mark", () => {
    expect(fmt.loss(0)).toBe("0");
    expect(fmt.loss(Infinity)).toBe("∞");
    for (const missing of [null, undefined, Number.NaN]) expect(fmt.loss(missing)).toBe(NO_VALUE);
    expect([fmt.integer(null), fmt.setting(undefined), fmt.ms(null), fmt.dateTime(null), fmt.dateTime("not a date")]).toEqual(Array(5).fill(NO_VALUE));
  });

  it("groups counts and writes settings as typed", () => {
    expect(fmt.integer(20_000)).toBe("20,000");
    expect([0.001, 1e-8, 0.3, 4_294_967_295].map(fmt.setting)).toEqual(["0.001", "0.00000001", "0.3", "4294967295"]);
    expect(fmt.fixed(0.6, 2)).toBe("0.60");
    expect(fmt.axis(0.012345)).toBe("0.0123");
    expect(fmt.percent(0.456)).toBe("46%");
  });

  it("writes ms per epoch with one decimal under 10 ms", () => {
    expect([3.21, 9.96, 12.4, 1234.5].map(fmt.ms)).toEqual(["3.2", "10.0", "12", "1,235"]);
  });

  it("counts elapsed time down and time left up, as clocks", () => {
    expect(fmt.clock(125_900)).toBe("2:05");
    expect(fmt.remaining(125_100)).toBe("2:06");
    expect(fmt.remaining(0)).toBe("0:00");
    expect(fmt.clock(3_725_000)).toBe("1:02:05");
    expect(fmt.clock(-5)).toBe("0:00");
  });
});

describe("words and dates differ by language", () => {
  it("says how long ago, in the largest whole unit", () => {
    expect(en.ago(4_200)).toBe("4 seconds ago");
    expect(ja.ago(4_200)).toBe("4 秒前");
    expect(en.ago(-50)).toBe("0 seconds ago");
    expect(en.ago(125_000)).toBe("2 minutes ago");
    expect(ja.ago(7_300_000)).toBe("2 時間前");
  });

  it("says a homework's time left coarsely, in its two largest units, never 0 before the end", () => {
    const DAY = 86_400_000;
    expect(en.timeLeft(2 * DAY + 3 * 3_600_000 + 59_000)).toBe("2 days 3 hours");
    expect(ja.timeLeft(2 * DAY + 3 * 3_600_000)).toBe("2 日 3 時間");
    expect(en.timeLeft(3 * DAY)).toBe("3 days");
    expect(en.timeLeft(45 * 60_000 - 1)).toBe("45 minutes");
    expect(en.timeLeft(90 * 60_000)).toBe("1 hour 30 minutes");
    expect(en.timeLeft(1)).toBe("1 minute");
  });

  it("names a time zone with its offset at that instant (summer time included)", () => {
    const winter = Date.parse("2026-01-15T12:00:00Z");
    const summer = Date.parse("2026-07-15T12:00:00Z");
    expect(timeZoneLabel("Asia/Tokyo", winter)).toBe("Asia/Tokyo (UTC+9)");
    expect(timeZoneLabel("Europe/London", winter)).toBe("Europe/London (UTC+0)");
    expect(timeZoneLabel("Europe/London", summer)).toBe("Europe/London (UTC+1)");
    expect(timeZoneLabel("America/St_Johns", winter)).toBe("America/St_Johns (UTC-3:30)");
  });

  it("spells durations out", () => {
    expect(en.duration(125_000)).toBe("2 minutes 5 seconds");
    expect(ja.duration(125_000)).toBe("2 分 5 秒");
    expect(en.duration(3_600_000)).toBe("1 hour");
    expect(ja.duration(0)).toBe("0 秒");
  });

  it("writes dates in each language's order", () => {
    const instant = new Date(2026, 10, 28, 7, 24);
    expect(en.dateTime(instant)).toMatch(/^Nov 28, 2026, 07:24 AM$/);
    expect(ja.dateTime(instant)).toBe("2026年11月28日 07:24");
    expect(ja.dateTime(instant.toISOString())).toBe(ja.dateTime(instant));
  });
});
