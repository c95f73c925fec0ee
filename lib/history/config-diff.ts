/**
 * The configuration diff of a comparison: every setting of every run as a dotted path ("model.hidden"), one row
 * per path, flagged when the runs disagree, so the table can show differences first.
 */
export interface DiffRow {
  path: string;
  /** One entry per run, in the runs' order; "" when a run has no such setting (e.g. Adam's beta1 under SGD). */
  values: string[];
  differs: boolean;
}

function flatten(value: unknown, prefix: string, out: Map<string, string>): void {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) flatten(inner, prefix ? `${prefix}.${key}` : key, out);
    return;
  }
  out.set(prefix, value === null || value === undefined ? "" : Array.isArray(value) ? JSON.stringify(value) : String(value));
}

/** Rows in the order settings first appear; `onlyDifferences` drops the rows where every run agrees. */
export function configDiff(configs: readonly unknown[], onlyDifferences = false): DiffRow[] {
  const flat = configs.map((config) => {
    const out = new Map<string, string>();
    flatten(config, "", out);
    return out;
  });
  const paths: string[] = [];
  const seen = new Set<string>();
  for (const map of flat) {
    for (const path of map.keys()) {
      if (seen.has(path)) continue;
      seen.add(path);
      paths.push(path);
    }
  }
  const rows = paths.map((path) => {
    const values = flat.map((map) => map.get(path) ?? "");
    return { path, values, differs: values.some((v) => v !== values[0]) };
  });
  return onlyDifferences ? rows.filter((row) => row.differs) : rows;
}
