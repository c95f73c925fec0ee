/**
 * Reading a series a teacher or student uploads (a CSV file) or pastes: one numeric column, optionally a time
 * column of dates or labels, a header row or none, comma/semicolon/tab separated, numbers with a decimal point.
 * The page runs this for its preview and the server runs it again before storing anything, so both refuse the
 * same files with the same problems. A problem is a code, the row (the file's line, as a spreadsheet or editor
 * numbers it) and values: the app writes the sentence in the reader's language (lib/i18n).
 */
import { hasInvisibleCharacters } from "@/lib/auth/names";
import { LIMITS } from "@/lib/ml/config";
import { RACE_LIMITS } from "@/lib/race/rules";
import { parseCsv, type CsvDelimiter, type CsvRow } from "./csv";

export const UPLOAD_LIMITS = {
  /** A file or paste larger than this is refused before it is read (4096 rows of a date and a number need ~100 KB). */
  bytes: 512 * 1024,
  /** Data rows: the longest series the engine trains on. */
  rows: LIMITS.seriesLength.max,
  /**
   * The shortest series worth storing: the engine's shortest series, and at least what a race needs with the
   * smallest window (a training window, a validation window, the value each predicts, the held-back part).
   */
  minRows: Math.max(LIMITS.seriesLength.min, LIMITS.window.min + 2 + RACE_LIMITS.hiddenLength.min),
  /** Characters of a time label (a date or a name like "week 12"). */
  timeLabel: 40,
} as const;

/** Problems reported at most (a file with one problem per row would otherwise answer with thousands). */
export const MAX_UPLOAD_PROBLEMS = 20;

/** 3.4028234663852886e38: a larger value becomes Infinity when the engine converts it to float32. */
export const FLOAT32_MAX = 3.4028234663852886e38;

export type UploadProblemCode =
  | "too_large"
  | "not_text"
  | "unclosed_quote"
  | "too_many_rows"
  | "empty"
  | "no_numeric_column"
  | "several_numeric_columns"
  | "unknown_column"
  | "same_columns"
  | "blank_row"
  | "empty_cell"
  | "not_a_number"
  | "decimal_comma"
  | "not_finite"
  | "out_of_range"
  | "too_short"
  | "empty_time"
  | "time_label"
  | "duplicate_time"
  | "unsorted_time";

export interface UploadProblem {
  problem: UploadProblemCode;
  /** The file's line (1-based) the problem is on; absent for problems of the whole file. */
  row?: number;
  values: Record<string, string | number>;
}

export interface UploadOptions {
  /** The column holding the series (0-based); chosen automatically when there is exactly one numeric column. */
  valueColumn?: number;
  /** The time column (0-based), null for none; automatic when absent. */
  timeColumn?: number | null;
}

export interface UploadColumn {
  index: number;
  /** The header cell, when the file has a header row. */
  header: string | null;
  /** Most of its cells are numbers. */
  numeric: boolean;
}

export interface UploadedSeries {
  values: number[];
  /** One label per value, from the time column. */
  times: string[] | null;
  delimiter: CsvDelimiter | null;
  hasHeader: boolean;
  columns: UploadColumn[];
  valueColumn: number;
  timeColumn: number | null;
  /** Line of the first value. */
  firstRow: number;
}

/** A refusal keeps the columns when the table could be read, so the page can offer a choice of column. */
export type UploadResult = { ok: true; series: UploadedSeries } | { ok: false; problems: UploadProblem[]; columns?: UploadColumn[] };

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;
const NOT_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;
const DECIMAL_COMMA = /^[+-]?\d{1,3}(?:[,.]\d{3})*,\d+$|^[+-]?\d+,\d+$/;
/** What spreadsheets and statistics programs write for a missing value: a gap like an empty cell. */
const MISSING = new Set(["na", "n/a", "#n/a", "null", "none", "nil", "-", "?", "."]);

const clip = (text: string) => (text.length > 40 ? `${text.slice(0, 39)}…` : text);

/** Looks like a number, a non-finite number or a decimal-comma number (header detection, column kinds). */
function looksNumeric(cell: string): boolean {
  const t = cell.trim();
  return NUMBER.test(t) || NOT_FINITE.test(t) || DECIMAL_COMMA.test(t);
}

/** A value cell read as a number, or why it cannot be. */
function readValue(cell: string): { ok: true; value: number } | { ok: false; problem: UploadProblemCode } {
  const t = cell.trim();
  if (t === "" || MISSING.has(t.toLowerCase())) return { ok: false, problem: "empty_cell" };
  if (NOT_FINITE.test(t)) return { ok: false, problem: "not_finite" };
  if (!NUMBER.test(t)) return { ok: false, problem: DECIMAL_COMMA.test(t) ? "decimal_comma" : "not_a_number" };
  const value = Number(t);
  if (!Number.isFinite(value)) return { ok: false, problem: "not_finite" };
  if (Math.abs(value) > FLOAT32_MAX) return { ok: false, problem: "out_of_range" };
  return { ok: true, value };
}

/**
 * An order key for a time cell: a number (years, decimal years, indices) or a date (YYYY-MM, YYYY-MM-DD, with
 * "/" or "." too, and an optional time of day). Null: a label with no order (its order is not checked).
 */
export function timeKey(cell: string): { kind: "number" | "date"; key: number } | null {
  const t = cell.trim();
  if (NUMBER.test(t)) return { kind: "number", key: Number(t) };
  const m = /^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/i.exec(t);
  if (!m) return null;
  const [year, month, day = 1, hour = 0, minute = 0, second = 0] = m.slice(1).map((part) => (part === undefined ? undefined : Number(part))) as number[];
  if (month! < 1 || month! > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  return { kind: "date", key: ((((year! * 13 + month!) * 32 + day) * 24 + hour) * 60 + minute) * 61 + second };
}

class Problems {
  readonly list: UploadProblem[] = [];
  add(problem: UploadProblemCode, row: number | undefined, values: Record<string, string | number> = {}): void {
    if (this.list.length < MAX_UPLOAD_PROBLEMS) this.list.push(row === undefined ? { problem, values } : { problem, row, values });
  }
  get full(): boolean {
    return this.list.length >= MAX_UPLOAD_PROBLEMS;
  }
}

type UploadFailure = Extract<UploadResult, { ok: false }>;

const fail = (problem: UploadProblemCode, row?: number, values: Record<string, string | number> = {}): UploadFailure => ({
  ok: false,
  problems: [row === undefined ? { problem, values } : { problem, row, values }],
});

/** Which columns hold the series and the times: the caller's choice, or the only numeric one and the first other. */
function chooseColumns(columns: UploadColumn[], options: UploadOptions): { value: number; time: number | null } | UploadFailure {
  const name = (c: UploadColumn) => c.header ?? `#${c.index + 1}`;
  const exists = (i: number) => Number.isInteger(i) && i >= 0 && i < columns.length;
  let value = options.valueColumn;
  if (value !== undefined && !exists(value)) return fail("unknown_column", undefined, { column: value + 1, columns: columns.length });
  if (value === undefined) {
    const numeric = columns.filter((c) => c.numeric);
    if (numeric.length === 0) return fail("no_numeric_column");
    if (numeric.length > 1) return fail("several_numeric_columns", undefined, { columns: numeric.map(name).join(", ") });
    value = numeric[0]!.index;
  }
  let time = options.timeColumn;
  if (time !== undefined && time !== null && !exists(time)) return fail("unknown_column", undefined, { column: time + 1, columns: columns.length });
  if (time === value) return fail("same_columns", undefined, { column: name(columns[value]!) });
  if (time === undefined) {
    const others = columns.filter((c) => c.index !== value);
    time = (others.find((c) => !c.numeric) ?? (others.length === 1 ? others[0] : undefined))?.index ?? null;
  }
  return { value, time };
}

/** Reads and checks an uploaded or pasted series. `bytes` is the upload's size (UTF-8), checked before anything else. */
export function readSeriesUpload(text: string, options: UploadOptions = {}): UploadResult {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > UPLOAD_LIMITS.bytes) return fail("too_large", undefined, { max: UPLOAD_LIMITS.bytes, size: bytes });
  if (text.includes("\u0000")) return fail("not_text");
  // One row more than the limit may be the header.
  const csv = parseCsv(text, UPLOAD_LIMITS.rows + 1);
  if (!csv.ok) {
    return csv.problem === "unclosed_quote" ? fail("unclosed_quote", csv.line) : fail("too_many_rows", csv.line, { max: UPLOAD_LIMITS.rows });
  }
  // Blank lines before the first row and after the last are not gaps.
  const rows = csv.rows;
  let start = rows.findIndex((r) => r.cells.length > 0);
  if (start < 0) return fail("empty");
  let end = rows.length;
  while (end > start && rows[end - 1]!.cells.length === 0) end--;
  const first = rows[start]!;
  const hasHeader = !first.cells.some(looksNumeric);
  if (hasHeader) start++;
  const data: CsvRow[] = rows.slice(start, end);
  while (data.length > 0 && data[0]!.cells.length === 0) data.shift();
  if (data.length === 0) return fail("empty");
  const dataRows = data.filter((r) => r.cells.length > 0);
  if (dataRows.length > UPLOAD_LIMITS.rows) return fail("too_many_rows", dataRows[UPLOAD_LIMITS.rows]!.line, { max: UPLOAD_LIMITS.rows });

  const width = Math.max(hasHeader ? first.cells.length : 0, ...dataRows.map((r) => r.cells.length));
  const columns: UploadColumn[] = Array.from({ length: width }, (_, index) => {
    const cells = dataRows.map((r) => r.cells[index]?.trim() ?? "").filter((c) => c !== "" && !MISSING.has(c.toLowerCase()));
    const numbers = cells.filter(looksNumeric).length;
    return { index, header: hasHeader ? (first.cells[index]?.trim() ?? "") || null : null, numeric: cells.length > 0 && numbers * 2 > cells.length };
  });
  const chosen = chooseColumns(columns, options);
  if ("ok" in chosen) return { ...chosen, columns };

  const problems = new Problems();
  const values: number[] = [];
  const times: string[] | null = chosen.time === null ? null : [];
  const timeRows: number[] = [];
  const columnName = columns[chosen.value]!.header ?? `#${chosen.value + 1}`;
  for (const row of data) {
    if (problems.full) break;
    if (row.cells.length === 0) {
      problems.add("blank_row", row.line);
      continue;
    }
    const cell = row.cells[chosen.value] ?? "";
    const read = readValue(cell);
    if (read.ok) values.push(read.value);
    else problems.add(read.problem, row.line, { column: columnName, cell: clip(cell.trim()), ...(read.problem === "out_of_range" ? { max: FLOAT32_MAX } : {}) });
    if (times && chosen.time !== null) {
      const label = (row.cells[chosen.time] ?? "").trim();
      if (label === "") problems.add("empty_time", row.line);
      else if ([...label].length > UPLOAD_LIMITS.timeLabel || hasInvisibleCharacters(label)) problems.add("time_label", row.line, { time: clip(label), max: UPLOAD_LIMITS.timeLabel });
      times.push(label);
      timeRows.push(row.line);
    }
  }
  if (times && !problems.full) checkTimes(times, timeRows, problems);
  if (problems.list.length > 0) return { ok: false, problems: problems.list.sort((a, b) => (a.row ?? 0) - (b.row ?? 0)), columns };
  if (values.length < UPLOAD_LIMITS.minRows) return { ...fail("too_short", undefined, { rows: values.length, min: UPLOAD_LIMITS.minRows }), columns };
  return {
    ok: true,
    series: {
      values,
      times,
      delimiter: csv.delimiter,
      hasHeader,
      columns,
      valueColumn: chosen.value,
      timeColumn: chosen.time,
      firstRow: data[0]!.line,
    },
  };
}

/** Times are unique and, when every one of them is a number or every one a date, strictly increasing. */
function checkTimes(times: readonly string[], rows: readonly number[], problems: Problems): void {
  const firstRowOf = new Map<string, number>();
  times.forEach((time, i) => {
    if (time === "") return;
    const first = firstRowOf.get(time);
    if (first === undefined) firstRowOf.set(time, rows[i]!);
    else problems.add("duplicate_time", rows[i], { time: clip(time), first });
  });
  const keys = times.map(timeKey);
  const kind = keys[0]?.kind;
  if (!kind || keys.some((k) => k?.kind !== kind)) return;
  for (let i = 1; i < keys.length; i++) {
    const [key, previous] = [keys[i]!.key, keys[i - 1]!.key];
    if (key < previous) problems.add("unsorted_time", rows[i], { time: clip(times[i]!), previous: clip(times[i - 1]!) });
    // The same time written two ways ("1950-1" after "1950-01"); the same text twice was reported above.
    else if (key === previous && times[i] !== times[i - 1]) problems.add("duplicate_time", rows[i], { time: clip(times[i]!), first: rows[i - 1]! });
  }
}
