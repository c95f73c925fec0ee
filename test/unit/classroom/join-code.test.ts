import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { formatJoinCode, generateJoinCode, JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, normalizeJoinCode } from "@/lib/classroom/join-code";

describe("join codes", () => {
  it("use no look-alike characters", () => {
    for (const ambiguous of "01ILO") expect(JOIN_CODE_ALPHABET).not.toContain(ambiguous);
  });

  it("are six characters from the alphabet, formatted K7Q-4PX", () => {
    const code = generateJoinCode((n) => randomBytes(n));
    expect(code).toMatch(new RegExp(`^[${JOIN_CODE_ALPHABET}]{${JOIN_CODE_LENGTH}}$`));
    expect(formatJoinCode("K7Q4PX")).toBe("K7Q-4PX");
  });

  it("skip biased bytes instead of folding them onto the first characters", () => {
    // 255 is above the largest multiple of 31 below 256 and must be skipped; 0 and 30 map to the ends.
    const bytes = [255, 0, 30, 255, 1, 2, 3, 4];
    let offset = 0;
    const source = (count: number) => {
      const out = new Uint8Array(count);
      for (let i = 0; i < count; i++) out[i] = bytes[(offset + i) % bytes.length]!;
      offset += count;
      return out;
    };
    expect(generateJoinCode(source)).toBe("2Z3456");
  });

  it("spread evenly over the alphabet", () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 3000; i++) for (const c of generateJoinCode((n) => randomBytes(n))) counts.set(c, (counts.get(c) ?? 0) + 1);
    const expected = (3000 * JOIN_CODE_LENGTH) / JOIN_CODE_ALPHABET.length;
    expect(counts.size).toBe(JOIN_CODE_ALPHABET.length);
    for (const n of counts.values()) expect(Math.abs(n - expected) / expected).toBeLessThan(0.25);
  });

  it.each([
    ["k7q-4px", "K7Q4PX"],
    [" K7Q 4PX ", "K7Q4PX"],
    ["K7Q–4PX", "K7Q4PX"],
    ["K7Q4PX", "K7Q4PX"],
  ])("normalise %j", (input, code) => {
    expect(normalizeJoinCode(input)).toBe(code);
  });

  it.each(["", "K7Q-4P", "K7Q-4PXX", "K0Q-4PX", "K7Q-4P!"])("refuse %j", (input) => {
    expect(normalizeJoinCode(input)).toBeNull();
  });
});
