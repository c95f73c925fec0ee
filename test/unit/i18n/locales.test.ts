/** Which language a request gets: the person's choice first, then the browser's Accept-Language, then English. */
import { describe, expect, it } from "vitest";
import { isLocale, negotiateLocale, resolveLocale } from "@/lib/i18n/locales";

describe("negotiateLocale", () => {
  it.each([
    [undefined, "en"],
    ["", "en"],
    ["ja", "ja"],
    ["ja-JP,ja;q=0.9,en-US;q=0.8,en;q=0.7", "ja"],
    ["en-US,en;q=0.9,ja;q=0.8", "en"],
    ["fr-FR,fr;q=0.9,ja;q=0.5", "ja"],
    ["fr-FR,de;q=0.9", "en"],
    ["en;q=0.5,ja;q=0.8", "ja"],
    ["ja;q=0,en", "en"],
    ["JA-jp", "ja"],
    ["*", "en"],
    ["zh-CN,*;q=0.5,ja;q=0.4", "en"],
    [";;,,ja;q=bogus,  ", "en"],
    ["en;q=2,ja", "ja"],
    ["en;q=1.000,ja;q=0.999", "en"],
    ["ja-JP;q=0.5,en;q=0.25", "ja"],
  ])("%j → %s", (header, expected) => {
    expect(negotiateLocale(header)).toBe(expected);
  });

  it("keeps the browser's order between equal preferences", () => {
    expect(negotiateLocale("ja,en")).toBe("ja");
    expect(negotiateLocale("en,ja")).toBe("en");
  });

  it("reads only the start of an absurdly long header", () => {
    expect(negotiateLocale(`${"x-y;q=0.1,".repeat(10_000)}ja`)).toBe("en");
  });
});

describe("resolveLocale", () => {
  it("prefers a valid cookie over the browser", () => {
    expect(resolveLocale({ cookie: "ja", acceptLanguage: "en-US" })).toBe("ja");
    expect(resolveLocale({ cookie: "en", acceptLanguage: "ja" })).toBe("en");
  });

  it("ignores a cookie that names no supported language", () => {
    expect(resolveLocale({ cookie: "fr", acceptLanguage: "ja" })).toBe("ja");
    expect(resolveLocale({ cookie: "", acceptLanguage: null })).toBe("en");
  });

  it("knows its locales", () => {
    expect(isLocale("ja")).toBe(true);
    expect(isLocale("ja-JP")).toBe(false);
    expect(isLocale(undefined)).toBe(false);
  });
});
