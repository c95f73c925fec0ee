import { describe, expect, it } from "vitest";
import { ERROR_CODES } from "@/lib/errors";
import { en, format } from "@/lib/i18n";

describe("messages", () => {
  it("exist for every error code", () => {
    for (const code of ERROR_CODES) expect(en.errors[code], code).toMatch(/\S/);
  });

  it("name only error codes that exist in their reasons", () => {
    for (const key of Object.keys(en.errorReasons)) expect(ERROR_CODES).toContain(key.split(".")[0]);
  });

  it("fill placeholders and leave unknown ones visible", () => {
    expect(format("{a} and {b}", { a: 1 })).toBe("1 and {b}");
  });
});
