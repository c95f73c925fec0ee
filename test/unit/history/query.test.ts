import { describe, expect, it } from "vitest";
import { dateBounds, historySearchParams, pageCount, pageWindow, parseHistoryQuery } from "@/lib/history/query";

describe("history query", () => {
  it("applies defaults and treats empty parameters as unset", () => {
    const result = parseHistoryQuery(new URLSearchParams("cell=&q="));
    expect(result).toEqual({ ok: true, query: { sort: "startedAt", dir: "desc", page: 1, pageSize: 25 } });
  });

  it("parses every filter", () => {
    const result = parseHistoryQuery({
      classroomId: "c1",
      cell: "LSTM",
      kind: "race",
      from: "2026-03-01",
      to: "2026-03-02",
      minScore: "0.01",
      maxScore: "0.5",
      q: " adam ",
      tag: "Best",
      sort: "verifiedScore",
      dir: "asc",
      page: "3",
      pageSize: "50",
    });
    expect(result).toEqual({
      ok: true,
      query: {
        classroomId: "c1",
        cell: "LSTM",
        kind: "race",
        from: "2026-03-01",
        to: "2026-03-02",
        minScore: 0.01,
        maxScore: 0.5,
        q: "adam",
        tag: "best",
        sort: "verifiedScore",
        dir: "asc",
        page: 3,
        pageSize: 50,
      },
    });
  });

  it.each([
    [{ cell: "CNN" }, "cell"],
    [{ sort: "password" }, "sort"],
    [{ pageSize: "1000" }, "pageSize"],
    [{ page: "0" }, "page"],
    [{ page: "1.5" }, "page"],
    [{ from: "2026-02-30" }, "from"],
    [{ from: "yesterday" }, "from"],
    [{ from: "2026-03-02", to: "2026-03-01" }, "to"],
    [{ minScore: "abc" }, "minScore"],
    [{ minScore: "-1" }, "minScore"],
    [{ minScore: "2", maxScore: "1" }, "maxScore"],
    [{ tag: "no spaces" }, "tag"],
    [{ q: "x".repeat(101) }, "q"],
    [{ userId: "someone-else" }, ""],
  ])("refuses %o naming the field", (params, field) => {
    const result = parseHistoryQuery(params);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.field).toBe(field);
      expect(result.message.length).toBeGreaterThan(3);
    }
  });

  it("round-trips through search parameters, leaving defaults out", () => {
    const parsed = parseHistoryQuery({ cell: "GRU", page: "2", sort: "startedAt" });
    if (!parsed.ok) throw new Error(parsed.message);
    const params = historySearchParams(parsed.query);
    expect(params.toString()).toBe("cell=GRU&page=2");
    expect(parseHistoryQuery(params)).toEqual(parsed);
  });

  it("turns an inclusive day range into [start, next midnight)", () => {
    expect(dateBounds({ from: "2026-03-01", to: "2026-03-01" })).toEqual({
      gte: new Date("2026-03-01T00:00:00.000Z"),
      lt: new Date("2026-03-02T00:00:00.000Z"),
    });
    expect(dateBounds({})).toEqual({});
  });

  it("pages by offset", () => {
    expect(pageWindow({ page: 3, pageSize: 25 })).toEqual({ skip: 50, take: 25 });
    expect(pageCount(0, 25)).toBe(1);
    expect(pageCount(51, 25)).toBe(3);
  });
});
