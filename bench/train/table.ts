/**
 * Markdown tables of a bench:train run, for the README: `npm run bench:train -- --markdown`, or
 * `tsx bench/train/table.ts < run.jsonl` on saved output.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

interface Row {
  kind?: string;
  impl?: string;
  env?: string;
  backend?: string;
  cell?: string;
  msPerEpoch?: number;
  implementation?: string;
  [key: string]: unknown;
}

const CELLS = ["RNN", "LSTM", "GRU"];
const IMPLS = [
  "engine",
  "tf.layers",
  "engine/fused-wasm-relaxed-simd",
  "engine/fused-wasm-simd",
  "engine/fused-wasm",
  "engine/fused-js",
  "engine/ops",
];

export function markdownTables(rows: Row[]): string {
  const lines: string[] = [];
  const machine = rows.find((r) => r.kind === "machine");
  if (machine) {
    lines.push(
      `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB; Node ${machine.node}; ${machine.chromium}; ` +
        `load average at start ${machine.loadAverageAtStart}.`,
      "",
    );
  }
  const measured = rows.filter((r) => typeof r.msPerEpoch === "number");
  const fmt = (v: number | undefined) => (v === undefined ? "—" : v.toFixed(1));
  lines.push("| env | backend | impl | RNN | LSTM | GRU |", "|---|---|---|---|---|---|");
  const torch = CELLS.map((c) => {
    const runs = measured.filter((r) => r.impl === "pytorch" && r.cell === c).map((r) => r.msPerEpoch!);
    return runs.length ? Math.min(...runs) : undefined;
  });
  if (torch.some((v) => v !== undefined)) {
    lines.push(`| python | — | PyTorch (seed script, 1 thread; faster of 2 rounds) | ${torch.map(fmt).join(" | ")} |`);
  }
  for (const env of ["chromium", "node"]) {
    for (const backend of ["cpu", "wasm"]) {
      for (const impl of IMPLS) {
        const found = CELLS.map((c) => measured.find((r) => r.impl === impl && r.env === env && r.backend === backend && r.cell === c));
        if (found.every((r) => r === undefined)) continue;
        let label = impl;
        let cells = found.map((r) => fmt(r?.msPerEpoch));
        if (impl === "engine") {
          const picked = found.map((r) => r?.implementation ?? "—").join(" / ");
          label = `**engine** (calibrated: ${picked})`;
          cells = cells.map((v) => `**${v}**`);
        }
        lines.push(`| ${env} | ${backend} | ${label} | ${cells.join(" | ")} |`);
      }
    }
  }
  const ratios = rows.filter((r) => r.kind === "ratio");
  if (ratios.length) {
    lines.push("", "| env | backend | cell | engine ÷ PyTorch | tf.layers ÷ engine |", "|---|---|---|---|---|");
    for (const r of ratios) lines.push(`| ${r.env} | ${r.backend} | ${r.cell} | ${r.engineOverPytorch ?? "—"} | ${r.speedupOverTfLayers ?? "—"} |`);
  }
  return lines.join("\n");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = readFileSync(process.argv[2] ?? 0, "utf8");
  const rows = text.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Row);
  console.log(markdownTables(rows));
}
