/**
 * A CSV tokenizer for the data a teacher uploads or pastes: comma, semicolon or tab separated (detected), RFC 4180
 * quotes (a quoted cell may hold the separator, a line break or a doubled quote), any line ending, a leading byte
 * order mark. Every row keeps the line it starts on, so a later check can say "row 12" exactly as a spreadsheet or
 * text editor numbers it. Blank lines are kept as rows without cells: inside the data they are a gap.
 */

export const CSV_DELIMITERS = ["\t", ";", ","] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

export interface CsvRow {
  /** 1-based line of the file on which the row starts. */
  line: number;
  /** Empty for a blank line. */
  cells: string[];
}

export type CsvResult =
  | { ok: true; delimiter: CsvDelimiter | null; rows: CsvRow[] }
  | { ok: false; problem: "unclosed_quote"; line: number }
  | { ok: false; problem: "too_many_rows"; line: number };

/** Lines looked at to find the separator. */
const SAMPLE_LINES = 50;

/** Drops a byte order mark, which spreadsheet programs write at the start of UTF-8 exports. */
function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * The separator: the first of tab, semicolon, comma (in that order, because a semicolon file may hold decimal
 * commas and a tab file may hold either in its labels) found outside quotes on at least half of the first
 * non-blank lines. None: one column.
 */
export function detectDelimiter(text: string): CsvDelimiter | null {
  const counts = new Map<CsvDelimiter, number>(CSV_DELIMITERS.map((d) => [d, 0]));
  const seen = new Set<CsvDelimiter>();
  let lines = 0;
  let quoted = false;
  let blank = true;
  const endLine = () => {
    if (!blank) {
      lines++;
      for (const d of seen) counts.set(d, counts.get(d)! + 1);
    }
    seen.clear();
    blank = true;
  };
  for (let i = 0; i < text.length && lines < SAMPLE_LINES; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === "\n" || c === "\r")) endLine();
    else if (!quoted && (CSV_DELIMITERS as readonly string[]).includes(c)) seen.add(c as CsvDelimiter);
    if (c.trim() !== "") blank = false;
  }
  endLine();
  if (lines === 0) return null;
  return CSV_DELIMITERS.find((d) => counts.get(d)! * 2 >= lines) ?? null;
}

/**
 * Splits `text` into rows of cells. Stops with `too_many_rows` past `maxRows` non-blank rows, so a huge paste costs
 * no more than the cap.
 */
export function parseCsv(input: string, maxRows: number): CsvResult {
  const text = withoutBom(input);
  const delimiter = detectDelimiter(text);
  const rows: CsvRow[] = [];
  let line = 1;
  let rowLine = 1;
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let quoteLine = 0;
  let filled = 0;

  const endRow = (): boolean => {
    cells.push(cell);
    const blank = cells.length === 1 && cells[0]!.trim() === "";
    rows.push({ line: rowLine, cells: blank ? [] : cells });
    if (!blank) filled++;
    cells = [];
    cell = "";
    return filled <= maxRows;
  };

  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === "\n" || (c === "\r" && text[i + 1] !== "\n")) line++;
        cell += c;
      }
      continue;
    }
    if (c === '"' && cell.trim() === "") {
      // A quote opens a quoted cell only at its start (spaces before it are dropped); elsewhere it is text.
      cell = "";
      quoted = true;
      quoteLine = line;
    } else if (c === delimiter) {
      cells.push(cell);
      cell = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      if (!endRow()) return { ok: false, problem: "too_many_rows", line: rowLine };
      line++;
      rowLine = line;
    } else cell += c;
  }
  if (quoted) return { ok: false, problem: "unclosed_quote", line: quoteLine };
  // The last line has no line break after it, or is the empty string after the final one.
  if (cell !== "" || cells.length > 0) {
    if (!endRow()) return { ok: false, problem: "too_many_rows", line: rowLine };
  }
  return { ok: true, delimiter, rows };
}
