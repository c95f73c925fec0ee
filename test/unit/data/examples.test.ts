/**
 * The built-in example series: real values with their source and licence recorded, and never bundled into the
 * pages (a race on an example holds back its tail on the server, so no page may import the values).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EXAMPLE_DATASETS, exampleDataset } from "@/lib/data/examples/index";
import { EXAMPLE_NAMES, exampleId, exampleNameOf } from "@/lib/data/examples/names";
import { readSeriesUpload } from "@/lib/data/upload";
import { DATASET_ID_PATTERN } from "@/lib/ml/config";

const root = path.resolve(__dirname, "../../..");

describe("example datasets", () => {
  it("ship the values of their source, with times, a licence and a README entry", () => {
    const readme = readFileSync(path.join(root, "lib/data/examples/README.md"), "utf8");
    expect(EXAMPLE_DATASETS.map((e) => e.example)).toEqual([...EXAMPLE_NAMES]);
    for (const example of EXAMPLE_DATASETS) {
      expect(example.id).toMatch(DATASET_ID_PATTERN);
      expect(exampleDataset(example.id)).toBe(example);
      expect(exampleNameOf(exampleId(example.example))).toBe(example.example);
      expect(example.times).toHaveLength(example.values.length);
      expect(example.values.every(Number.isFinite)).toBe(true);
      expect(example.licence).toBe("public domain");
      expect(readme).toContain(`example:${example.example}`);
      // An example reads back through the upload checks like any teacher's file.
      const csv = [`${example.timeColumn},${example.valueColumn}`, ...example.values.map((v, i) => `${example.times[i]},${v}`)].join("\n");
      const read = readSeriesUpload(csv, { valueColumn: 1 });
      expect(read.ok && read.series.values).toEqual([...example.values]);
    }
    expect(exampleDataset("example:nope")).toBeNull();
    expect(exampleDataset("3f1b2c")).toBeNull();
  });

  it("sunspots: 309 yearly values 1700–2008 with the known first and last values", () => {
    const sunspots = exampleDataset("example:sunspots")!;
    expect(sunspots.values).toHaveLength(309);
    expect([sunspots.times[0], sunspots.times.at(-1)]).toEqual(["1700", "2008"]);
    expect(sunspots.values.slice(0, 5)).toEqual([5, 11, 16, 23, 36]);
    expect(sunspots.values.at(-1)).toBe(2.9);
  });

  it("sea surface temperature: 732 monthly values 1950-01 to 2010-12 in °C", () => {
    const sst = exampleDataset("example:sea-surface-temperature")!;
    expect(sst.values).toHaveLength(732);
    expect([sst.times[0], sst.times[1], sst.times[12], sst.times.at(-1)]).toEqual(["1950-01", "1950-02", "1951-01", "2010-12"]);
    expect(sst.values.slice(0, 3)).toEqual([23.11, 24.2, 25.37]);
    expect(Math.min(...sst.values)).toBeGreaterThan(15);
    expect(Math.max(...sst.values)).toBeLessThan(30);
  });
});

/** Every module a file imports (static or dynamic, "@/…" or relative), resolved to a file of the repository. */
function importsOf(file: string): string[] {
  const source = readFileSync(file, "utf8");
  const specifiers = [...source.matchAll(/(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|^import\s+["']([^"']+)["']/gm)].map(
    (m) => m[1] ?? m[2] ?? m[3]!,
  );
  const out: string[] = [];
  for (const spec of specifiers) {
    const base = spec.startsWith("@/") ? path.join(root, spec.slice(2)) : spec.startsWith(".") ? path.resolve(path.dirname(file), spec) : null;
    if (!base) continue;
    const resolved = ["", ".ts", ".tsx", "/index.ts", "/index.tsx"].map((ext) => base + ext).find((p) => existsSync(p) && statSync(p).isFile());
    if (resolved) out.push(resolved);
  }
  return out;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

describe("pages never bundle the example values", () => {
  it("no module reachable from app/ imports lib/data/examples beyond its names", () => {
    const seen = new Set<string>();
    const stack = filesUnder(path.join(root, "app"));
    while (stack.length > 0) {
      const file = stack.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      stack.push(...importsOf(file));
    }
    const examples = [...seen].filter((f) => f.includes(`${path.sep}lib${path.sep}data${path.sep}examples${path.sep}`)).map((f) => path.relative(root, f));
    expect(seen.size).toBeGreaterThan(100);
    expect(examples.every((f) => f === path.join("lib", "data", "examples", "names.ts"))).toBe(true);
  });

  it("the walk does find a page's imports (the check above can fail)", () => {
    const seen = new Set<string>();
    const stack = [path.join(root, "app/playground/Playground.tsx")];
    while (stack.length > 0) {
      const file = stack.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      stack.push(...importsOf(file));
    }
    expect([...seen].some((f) => f.endsWith(path.join("lib", "ml", "config.ts")))).toBe(true);
    expect([...seen].some((f) => f.endsWith(path.join("lib", "data", "series.ts")))).toBe(true);
  });
});
