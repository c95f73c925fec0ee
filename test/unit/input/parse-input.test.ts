import { z } from "zod";
import { describe, expect, it } from "vitest";
import { isWellFormed, malformedTextPath, parseInput } from "@/lib/input";

describe("well-formed text", () => {
  it("accepts any text whose surrogates come in pairs, and nothing else", () => {
    expect(isWellFormed("Anna 🦦 学習")).toBe(true);
    expect(isWellFormed("")).toBe(true);
    expect(isWellFormed("a\uD800")).toBe(false);
    expect(isWellFormed("\uDC00a")).toBe(false);
    expect(isWellFormed("\uDC00\uD800")).toBe(false);
    expect(isWellFormed("\uD83E\uDDA6")).toBe(true);
  });

  it("finds the first broken string or key, however deep", () => {
    expect(malformedTextPath({ a: ["ok", { b: "x\uD800" }] })).toEqual(["a", 1, "b"]);
    expect(malformedTextPath({ ["k\uDFFF"]: 1 })).toEqual(["k\uDFFF"]);
    expect(malformedTextPath({ a: 1, b: [null, true, "ok"] })).toBeNull();
  });
});

describe("parseInput", () => {
  const schema = z.strictObject({ name: z.string().max(5), tags: z.array(z.string()).optional() });

  it("returns the schema's output for good input", () => {
    expect(parseInput(schema, { name: "Anna" })).toEqual({ ok: true, data: { name: "Anna" } });
  });

  it("names the field holding a lone surrogate before the schema runs", () => {
    expect(parseInput(schema, { name: "\uD800", tags: ["a"] })).toEqual({ ok: false, problem: "malformed_text", field: "name" });
    expect(parseInput(schema, { name: "ok", tags: ["a", "b\uDC00"] })).toEqual({ ok: false, problem: "malformed_text", field: "tags.1" });
    // Even where the schema would have refused for another reason, and without echoing the broken key.
    expect(parseInput(schema, { ["x\uD800"]: 1 })).toEqual({ ok: false, problem: "malformed_text", field: "?" });
  });

  it("names an unknown key as the field", () => {
    expect(parseInput(schema, { name: "Anna", admin: true })).toMatchObject({ ok: false, problem: "invalid", field: "admin", message: 'Unrecognized key: "admin"' });
  });

  it("prefixes the schema's message with the field", () => {
    expect(parseInput(schema, { name: "toolong" })).toMatchObject({ ok: false, problem: "invalid", field: "name", message: expect.stringMatching(/^name: /) });
  });
});
