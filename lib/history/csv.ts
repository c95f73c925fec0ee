/**
 * CSV building (RFC 4180: comma separated, CRLF, quotes doubled). Text cells that a spreadsheet would run as a
 * formula (=, +, -, @ first) are prefixed with an apostrophe: run notes and names are typed by students.
 */
export type CsvCell = string | number | boolean | null | undefined | Date;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n']/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header row in the reader's language: each column's label. */
export function csvHeader<C extends string>(columns: readonly C[], labels: Readonly<Record<C, string>>): string[] {
  return columns.map((column) => labels[column]);
}

/**
 * Spreadsheets (Excel above all, the one schools use) read a CSV as UTF-8 only when it starts with a byte order
 * mark; without it Japanese headers and names turn into mojibake. Prepended to downloads.
 */
export const CSV_BOM = "\ufeff";

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [header.map(csvCell).join(",")];
  for (const row of rows) {
    if (row.length !== header.length) throw new Error(`CSV row has ${row.length} cells, the header ${header.length}`);
    lines.push(row.map(csvCell).join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}
