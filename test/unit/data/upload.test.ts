/**
 * Reading an uploaded or pasted series: the files a teacher really has (spreadsheet exports with a header, a date
 * column, semicolons or tabs, quotes, a byte order mark, Windows line endings), and a catalogue of bad files, each
 * refused with the row a spreadsheet would show and the reason.
 */
import { describe, expect, it } from "vitest";
import { detectDelimiter, parseCsv } from "@/lib/data/csv";
import { FLOAT32_MAX, MAX_UPLOAD_PROBLEMS, readSeriesUpload, timeKey, UPLOAD_LIMITS, type UploadOptions } from "@/lib/data/upload";
import { LIMITS } from "@/lib/ml/config";
import { RACE_LIMITS } from "@/lib/race/rules";

/** `n` lines "<month>,<value>" from 2020-01, with a header. */
function monthly(n: number, value = (i: number) => String(10 + (i % 7) * 1.5)): string[] {
  return ["month,temperature", ...Array.from({ length: n }, (_, i) => `${2020 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")},${value(i)}`)];
}

const ok = (text: string, options?: UploadOptions) => {
  const result = readSeriesUpload(text, options);
  if (!result.ok) throw new Error(`expected the file to be read, got ${JSON.stringify(result.problems)}`);
  return result.series;
};

const problems = (text: string, options?: UploadOptions) => {
  const result = readSeriesUpload(text, options);
  if (result.ok) throw new Error("expected the file to be refused");
  return result.problems;
};

describe("reading a series", () => {
  it("a spreadsheet export: header, date column, values in order", () => {
    const series = ok(monthly(24).join("\n"));
    expect(series.values).toHaveLength(24);
    expect(series.values.slice(0, 3)).toEqual([10, 11.5, 13]);
    expect(series.times?.slice(0, 2)).toEqual(["2020-01", "2020-02"]);
    expect(series).toMatchObject({ hasHeader: true, delimiter: ",", valueColumn: 1, timeColumn: 0, firstRow: 2 });
    expect(series.columns.map((c) => [c.header, c.numeric])).toEqual([
      ["month", false],
      ["temperature", true],
    ]);
  });

  it("pasted values: one number a line, no header, no time column", () => {
    const series = ok(["1.5", "2", "-3e-2", "+4.25", ".5", "6.", "7", "8"].join("\n"));
    expect(series.values).toEqual([1.5, 2, -0.03, 4.25, 0.5, 6, 7, 8]);
    expect(series).toMatchObject({ hasHeader: false, delimiter: null, times: null, timeColumn: null, firstRow: 1 });
  });

  it("semicolons, tabs, CRLF, a byte order mark, quotes and spaces around cells", () => {
    const lines = monthly(10).map((l) => l.replace(",", ";"));
    expect(ok(`\uFEFF${lines.join("\r\n")}\r\n`).values).toHaveLength(10);
    expect(detectDelimiter(lines.join("\n"))).toBe(";");
    const tabbed = monthly(10).map((l) => l.replace(",", "\t"));
    expect(ok(tabbed.join("\n")).delimiter).toBe("\t");
    const quoted = ['"day","sales"', ...Array.from({ length: 9 }, (_, i) => `"Mon, week ${i + 1}", " ${100 + i} "`)];
    const series = ok(quoted.join("\n"));
    expect(series.times?.[0]).toBe("Mon, week 1");
    expect(series.values[8]).toBe(108);
  });

  it("a quoted cell may hold a line break and a doubled quote; rows keep the line they start on", () => {
    const csv = parseCsv('label,value\n"two\nlines",1\n"say ""hi""",2\n', 10);
    expect(csv).toEqual({
      ok: true,
      delimiter: ",",
      rows: [
        { line: 1, cells: ["label", "value"] },
        { line: 2, cells: ["two\nlines", "1"] },
        { line: 4, cells: ['say "hi"', "2"] },
      ],
    });
  });

  it("blank lines before the first row and after the last are not gaps", () => {
    expect(ok(`\n\n${monthly(9).join("\n")}\n\n\n`).values).toHaveLength(9);
  });

  it("a year column and a value column are two numeric columns: the caller chooses, and the other is the time", () => {
    const text = ["year,flow", ...Array.from({ length: 10 }, (_, i) => `${1871 + i},${1120 - i * 10}`)].join("\n");
    expect(problems(text)).toEqual([{ problem: "several_numeric_columns", values: { columns: "year, flow" } }]);
    const series = ok(text, { valueColumn: 1 });
    expect(series.values[0]).toBe(1120);
    expect(series.times?.[0]).toBe("1871");
    expect(ok(text, { valueColumn: 1, timeColumn: null }).times).toBeNull();
  });

  it("with a chosen value column, extra columns are left out and the time column is the first label column", () => {
    const text = ["date,station,temp,rain", ...Array.from({ length: 8 }, (_, i) => `2024-01-0${i + 1},North,${i},${i * 2}`)].join("\n");
    const series = ok(text, { valueColumn: 3 });
    expect(series.values).toEqual([0, 2, 4, 6, 8, 10, 12, 14]);
    expect(series.timeColumn).toBe(0);
    // A label column whose labels repeat is no time axis.
    expect(problems(text, { valueColumn: 2, timeColumn: 1 })[0]).toEqual({ problem: "duplicate_time", row: 3, values: { time: "North", first: 2 } });
  });

  it("the shortest series is computed from the limits: the engine's shortest, enough for a race's smallest split", () => {
    expect(UPLOAD_LIMITS.minRows).toBe(Math.max(LIMITS.seriesLength.min, LIMITS.window.min + 2 + RACE_LIMITS.hiddenLength.min));
    expect(UPLOAD_LIMITS.rows).toBe(LIMITS.seriesLength.max);
    expect(ok(Array.from({ length: UPLOAD_LIMITS.minRows }, (_, i) => String(i)).join("\n")).values).toHaveLength(UPLOAD_LIMITS.minRows);
  });

  it("orders dates and numbers, and treats other labels as names", () => {
    expect(timeKey("2020-02")!.key).toBeGreaterThan(timeKey("2020-01-31")!.key);
    expect(timeKey("2020/03/01 10:30")!.key).toBeGreaterThan(timeKey("2020-03-01T09:59:59Z")!.key);
    expect(timeKey("1950.5")).toEqual({ kind: "number", key: 1950.5 });
    expect(timeKey("2020-13")).toBeNull();
    expect(timeKey("week 3")).toBeNull();
    // Labels with no order are only checked for repeats.
    const text = ["week,sales", ...["b", "a", "c", "e", "d", "f", "h", "g"].map((w, i) => `${w},${i}`)].join("\n");
    expect(ok(text).times).toEqual(["b", "a", "c", "e", "d", "f", "h", "g"]);
  });
});

describe("refusing a bad file: every kind, with the row and the reason", () => {
  const lines = monthly(12);
  const replaced = (line: number, text: string) => lines.map((l, i) => (i + 1 === line ? text : l)).join("\n");
  const catalogue: { name: string; text: string; options?: UploadOptions; expected: { problem: string; row?: number; values?: Record<string, unknown> }[] }[] = [
    { name: "a word where a number should be", text: replaced(5, "2020-04,warm"), expected: [{ problem: "not_a_number", row: 5, values: { column: "temperature", cell: "warm" } }] },
    { name: "a decimal comma", text: replaced(3, '2020-02,"12,5"'), expected: [{ problem: "decimal_comma", row: 3, values: { cell: "12,5" } }] },
    { name: "a decimal comma in a semicolon file", text: lines.map((l, i) => (i + 1 === 7 ? "2020-06;3,25" : l.replace(",", ";"))).join("\n"), expected: [{ problem: "decimal_comma", row: 7 }] },
    { name: "an empty cell", text: replaced(4, "2020-03,"), expected: [{ problem: "empty_cell", row: 4, values: { column: "temperature" } }] },
    { name: "a missing-value marker", text: replaced(6, "2020-05,NA"), expected: [{ problem: "empty_cell", row: 6 }] },
    { name: "a row without the value cell", text: replaced(8, "2020-07"), expected: [{ problem: "empty_cell", row: 8 }] },
    { name: "a missing row (blank line inside the data)", text: replaced(9, ""), expected: [{ problem: "blank_row", row: 9 }] },
    { name: "NaN", text: replaced(2, "2020-01,NaN"), expected: [{ problem: "not_finite", row: 2, values: { cell: "NaN" } }] },
    { name: "Infinity", text: replaced(10, "2020-09,-inf"), expected: [{ problem: "not_finite", row: 10 }] },
    { name: "a number past float64", text: replaced(11, "2020-10,1e400"), expected: [{ problem: "not_finite", row: 11 }] },
    { name: "a number past float32", text: replaced(12, "2020-11,5e38"), expected: [{ problem: "out_of_range", row: 12, values: { cell: "5e38", max: FLOAT32_MAX } }] },
    { name: "a repeated time", text: replaced(7, "2020-05,12"), expected: [{ problem: "duplicate_time", row: 7, values: { time: "2020-05", first: 6 } }] },
    { name: "the same time written two ways", text: replaced(7, "2020-5,12"), expected: [{ problem: "duplicate_time", row: 7, values: { time: "2020-5", first: 6 } }] },
    { name: "times out of order", text: replaced(4, "2019-12,12"), expected: [{ problem: "unsorted_time", row: 4, values: { time: "2019-12", previous: "2020-02" } }] },
    { name: "an empty time", text: replaced(3, ",12"), expected: [{ problem: "empty_time", row: 3 }] },
    { name: "a time label with invisible characters", text: replaced(3, "2020\u202e-02,12"), expected: [{ problem: "time_label", row: 3 }] },
    { name: "too short", text: monthly(UPLOAD_LIMITS.minRows - 1).join("\n"), expected: [{ problem: "too_short", values: { rows: UPLOAD_LIMITS.minRows - 1, min: UPLOAD_LIMITS.minRows } }] },
    { name: "no data rows", text: "month,temperature\n", expected: [{ problem: "empty" }] },
    { name: "nothing at all", text: "  \n\n", expected: [{ problem: "empty" }] },
    { name: "no numeric column", text: ["a,b", ...Array.from({ length: 9 }, (_, i) => `x${i},y${i}`)].join("\n"), expected: [{ problem: "no_numeric_column" }] },
    { name: "a value column that does not exist", text: lines.join("\n"), options: { valueColumn: 5 }, expected: [{ problem: "unknown_column", values: { column: 6, columns: 2 } }] },
    { name: "a time column that does not exist", text: lines.join("\n"), options: { timeColumn: 2 }, expected: [{ problem: "unknown_column", values: { column: 3 } }] },
    { name: "the same column for values and times", text: lines.join("\n"), options: { valueColumn: 1, timeColumn: 1 }, expected: [{ problem: "same_columns", values: { column: "temperature" } }] },
    { name: "an unclosed quote", text: replaced(6, '"2020-05,12'), expected: [{ problem: "unclosed_quote", row: 6 }] },
    { name: "a binary file", text: `${lines.join("\n")}\u0000\u0001`, expected: [{ problem: "not_text" }] },
    {
      name: "more rows than the engine trains on",
      text: ["v", ...Array.from({ length: UPLOAD_LIMITS.rows + 1 }, (_, i) => String(i))].join("\n"),
      expected: [{ problem: "too_many_rows", row: UPLOAD_LIMITS.rows + 2, values: { max: UPLOAD_LIMITS.rows } }],
    },
    { name: "more bytes than the cap", text: `v\n${"1".repeat(UPLOAD_LIMITS.bytes)}`, expected: [{ problem: "too_large", values: { max: UPLOAD_LIMITS.bytes } }] },
  ];

  for (const c of catalogue) {
    it(c.name, () => {
      const found = problems(c.text, c.options);
      expect(found).toHaveLength(c.expected.length);
      c.expected.forEach((expected, i) => expect(found[i]).toMatchObject(expected));
    });
  }

  it("lists several problems in row order, at most MAX_UPLOAD_PROBLEMS", () => {
    const text = monthly(12).map((l, i) => (i === 3 ? "2020-03,x" : i === 9 ? "2020-09," : l)).join("\n");
    expect(problems(text).map((p) => [p.problem, p.row])).toEqual([
      ["not_a_number", 4],
      ["empty_cell", 10],
    ]);
    const allBad = ["v", ...Array.from({ length: 100 }, () => "oops"), ...Array.from({ length: 200 }, (_, i) => String(i))].join("\n");
    const many = problems(allBad);
    expect(many).toHaveLength(MAX_UPLOAD_PROBLEMS);
    expect(many[0]).toMatchObject({ problem: "not_a_number", row: 2 });
  });
});
