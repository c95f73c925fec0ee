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

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [header.map(csvCell).join(",")];
  for (const row of rows) {
    if (row.length !== header.length) throw new Error(`CSV row has ${row.length} cells, the header ${header.length}`);
    lines.push(row.map(csvCell).join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}
