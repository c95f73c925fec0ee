import { describe, expect, it } from "vitest";
import { checkPassword, PASSWORD_MAX_LENGTH } from "@/lib/auth/password";

describe("teacher passwords", () => {
  it("accepts a long, uncommon password", () => {
    expect(checkPassword("correct horse battery", "teacher", ["rivera@school.org", "Ms Rivera"])).toBeNull();
  });

  it.each([
    ["too_short", "short1!"],
    ["too_common", "password1"],
    ["too_common", "aaaaaaaaaa"],
    ["too_long", "x".repeat(PASSWORD_MAX_LENGTH + 1)],
  ])("reports %s for %j", (problem, password) => {
    expect(checkPassword(password, "teacher")).toBe(problem);
  });

  it("refuses passwords containing the e-mail's name or the display name", () => {
    expect(checkPassword("rivera2026!", "teacher", ["rivera@school.org"])).toBe("contains_name");
    expect(checkPassword("i-am-anna-lee", "teacher", ["Anna-Lee"])).toBe("contains_name");
  });

  it("does not accept a PIN", () => {
    expect(checkPassword("4827", "teacher")).toBe("too_short");
  });
});

describe("student passwords and PINs", () => {
  it("accepts a PIN of four digits or more that is not a trivial pattern", () => {
    expect(checkPassword("4827", "student")).toBeNull();
    expect(checkPassword("90210", "student")).toBeNull();
  });

  it.each(["1234", "4321", "0000", "7777", "0123", "98765"])("refuses the trivial PIN %s", (pin) => {
    expect(checkPassword(pin, "student")).toBe("pin_too_simple");
  });

  it("refuses PINs shorter than four digits", () => {
    expect(checkPassword("482", "student")).toBe("too_short");
  });

  it("accepts a short password of six characters, but not five", () => {
    expect(checkPassword("otter7", "student")).toBeNull();
    expect(checkPassword("otter", "student")).toBe("too_short");
  });

  it("refuses the student's own name as password", () => {
    expect(checkPassword("annalee", "student", ["Annalee"])).toBe("contains_name");
  });
});
