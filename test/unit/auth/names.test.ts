import { describe, expect, it } from "vitest";
import { DISPLAY_NAME_MAX_LENGTH, nameKey, parseClassroomName, parseDisplayName, parseEmail } from "@/lib/auth/names";

describe("display names", () => {
  it("trims, collapses inner whitespace and normalises to NFC", () => {
    expect(parseDisplayName("  Anna   Lee ")).toEqual({ ok: true, value: "Anna Lee", key: "anna lee" });
    expect(parseDisplayName("Zoe\u0308")).toMatchObject({ ok: true, value: "Zoë" });
  });

  it("refuses empty and whitespace-only names", () => {
    expect(parseDisplayName("")).toEqual({ ok: false, problem: "empty" });
    expect(parseDisplayName("   \t ")).toEqual({ ok: false, problem: "empty" });
  });

  it("counts characters, not UTF-16 units, against the limit", () => {
    expect(parseDisplayName("🦊".repeat(DISPLAY_NAME_MAX_LENGTH)).ok).toBe(true);
    expect(parseDisplayName("a".repeat(DISPLAY_NAME_MAX_LENGTH + 1))).toEqual({ ok: false, problem: "too_long" });
  });

  it.each([
    ["a newline", "Anna\nLee"],
    ["a NUL", "An\u0000na"],
    ["a bidi override", "Anna\u202Eeel"],
    ["a zero-width space", "An\u200Bna"],
    ["a BOM", "\uFEFFAnna"],
  ])("refuses %s", (_, name) => {
    expect(parseDisplayName(name)).toEqual({ ok: false, problem: "control_characters" });
  });

  it("keeps emoji sequences that need the zero-width joiner", () => {
    expect(parseDisplayName("👩‍🏫 Ms R").ok).toBe(true);
  });

  it("folds case and full-width forms into one identity", () => {
    expect(nameKey("ＡＮＮＡ")).toBe(nameKey("anna"));
    expect(nameKey(" Anna  Lee")).toBe(nameKey("anna lee"));
    expect(nameKey("Anna")).not.toBe(nameKey("Anne"));
  });

  it("allows longer classroom names", () => {
    expect(parseClassroomName("Period 3 Physics — Thursday afternoon group").ok).toBe(true);
    expect(parseClassroomName("x".repeat(61))).toEqual({ ok: false, problem: "too_long" });
  });
});

describe("e-mail addresses", () => {
  it("lower-cases and trims", () => {
    expect(parseEmail("  Ms.Rivera@School.ORG ")).toEqual({ ok: true, value: "ms.rivera@school.org" });
  });

  it.each(["", "rivera", "rivera@", "@school.org", "ri vera@school.org", "rivera@school", `${"a".repeat(250)}@b.org`])(
    "refuses %j",
    (email) => {
      expect(parseEmail(email).ok).toBe(false);
    },
  );
});
