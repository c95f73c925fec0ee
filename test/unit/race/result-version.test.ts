import { describe, expect, it } from "vitest";
import { compareResultVersions, mayReplaceResult, storedResultVersion, type ResultVersion } from "@/lib/race/result-version";

const v = (revealed: boolean, submissions: number): ResultVersion => ({ revealed, submissions });

describe("result versions", () => {
  it("order by reveal first, then by submission count", () => {
    expect(compareResultVersions(v(false, 3), v(false, 2))).toBeGreaterThan(0);
    expect(compareResultVersions(v(false, 2), v(false, 3))).toBeLessThan(0);
    expect(compareResultVersions(v(true, 2), v(false, 2))).toBeGreaterThan(0);
    expect(compareResultVersions(v(false, 2), v(true, 2))).toBeLessThan(0);
    expect(compareResultVersions(v(true, 4), v(true, 4))).toBe(0);
  });

  it("refuse standings older than the stored ones, accept equal or newer ones and any over unversioned standings", () => {
    expect(mayReplaceResult(v(false, 1), v(false, 2))).toBe(false);
    expect(mayReplaceResult(v(false, 9), v(true, 2))).toBe(false);
    expect(mayReplaceResult(v(false, 2), v(false, 2))).toBe(true);
    expect(mayReplaceResult(v(false, 3), v(false, 2))).toBe(true);
    expect(mayReplaceResult(v(true, 2), v(false, 2))).toBe(true);
    expect(mayReplaceResult(v(false, 0), null)).toBe(true);
  });

  it("read the version stored with a result; none for a missing, unversioned or malformed result", () => {
    expect(storedResultVersion(JSON.stringify({ version: v(true, 5), standings: [] }))).toEqual(v(true, 5));
    expect(storedResultVersion(null)).toBeNull();
    expect(storedResultVersion(JSON.stringify({ standings: [] }))).toBeNull();
    expect(storedResultVersion(JSON.stringify({ version: { revealed: "yes", submissions: 1 } }))).toBeNull();
    expect(storedResultVersion(JSON.stringify({ version: v(false, -1) }))).toBeNull();
    expect(storedResultVersion("{not json")).toBeNull();
  });
});
