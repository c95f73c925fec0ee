/**
 * The error catalogue walked end to end: every code the server can send, every reason that narrows one
 * (lib/errors ERROR_REASONS, which AppError's types hold the server to) and every race refusal has its own
 * message in every language, worded with its values and no placeholder left, never the generic fallback.
 */
import { describe, expect, it } from "vitest";
import { ERROR_CODES, ERROR_REASONS, RACE_REFUSALS, type ErrorCode } from "@/lib/errors";
import { messagesFor, placeholders } from "@/lib/i18n";
import { describeError } from "@/lib/i18n/describe-error";
import { formatterFor } from "@/lib/i18n/format-values";
import { LOCALES } from "@/lib/i18n/locales";

const REASONS = Object.entries(ERROR_REASONS).flatMap(([code, reasons]) => reasons.map((reason) => ({ code: code as ErrorCode, reason })));

/** A value for each placeholder a message names: a number, so the reader's number format is exercised too. */
function sampleValues(template: string | undefined): Record<string, number> {
  return Object.fromEntries(placeholders(template ?? "").map((name, i) => [name, 1000 + i]));
}

describe.each(LOCALES)("the %s error catalogue", (locale) => {
  const m = messagesFor(locale);
  const en = messagesFor("en");
  const fmt = formatterFor(locale);
  const reasons = m.errorReasons as Record<string, string | undefined>;
  const raceErrors = m.race.errors as Record<string, string | undefined>;

  it("has a message for every code", () => {
    const missing = ERROR_CODES.filter((code) => !(m.errors as Record<string, string | undefined>)[code]?.trim());
    expect(missing).toEqual([]);
    for (const code of ERROR_CODES) expect(describeError(m, { code }, fmt), code).toBe(m.errors[code]);
  });

  it("has a message for every reason of every code, worded with its values", () => {
    const missing = REASONS.filter(({ code, reason }) => !reasons[`${code}.${reason}`]?.trim()).map(({ code, reason }) => `${code}.${reason}`);
    expect(missing).toEqual([]);
    for (const { code, reason } of REASONS) {
      const key = `${code}.${reason}`;
      // The English template names the values the server sends; every language must use them all.
      const text = describeError(m, { code, reason, values: sampleValues((en.errorReasons as Record<string, string>)[key]) }, fmt);
      expect(text, key).not.toBe(m.errorFallbacks.unknown);
      expect(text, key).not.toBe(m.errors[code]);
      expect(placeholders(text), key).toEqual([]);
    }
  });

  it("has a message for every race refusal", () => {
    expect(RACE_REFUSALS.filter((reason) => !raceErrors[reason]?.trim())).toEqual([]);
    for (const reason of RACE_REFUSALS.filter((r) => r !== "entry_not_allowed")) {
      const text = describeError(m, { code: "forbidden", reason, values: sampleValues((en.race.errors as Record<string, string>)[reason]) }, fmt);
      expect(text, reason).toBe(raceErrors[reason]!.replace(/\{\w+\}/g, () => fmt.integer(1000)));
    }
  });

  it("has no message for a reason the server cannot send (a stale entry)", () => {
    const known = new Set(REASONS.map(({ code, reason }) => `${code}.${reason}`));
    expect(Object.keys(reasons).filter((key) => !known.has(key))).toEqual([]);
    expect(Object.keys(raceErrors).filter((key) => !(RACE_REFUSALS as readonly string[]).includes(key))).toEqual([]);
  });
});
