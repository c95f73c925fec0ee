/**
 * npm run bench:train — training speed of the seed workload, in one run:
 *   engine (fused kernels) and tf.layers + model.fit, on tfjs's cpu and wasm backends, for RNN, LSTM and GRU,
 *   in Node (this process) and in headless Chromium; and the seed's PyTorch script when `import torch` works.
 * Prints one JSON line per measurement, then one per (env, backend, cell) with the ratios to PyTorch and to
 * tf.layers. Timings on shared machines are noisy: compare ratios within one run.
 *
 * Options: --quick (fewer epochs), --only=node|chromium|python (repeatable), --cells=LSTM,GRU, --no-variants,
 * --markdown (also print the README tables at the end).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { cpus, totalmem } from "node:os";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import "@tensorflow/tfjs-backend-wasm";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import type { CellType } from "@/lib/ml/recurrent";
import { runTfjsSuite, type Measurement } from "./suite";
import { markdownTables } from "./table";
import { CELLS } from "./workload";

const root = fileURLToPath(new URL("../..", import.meta.url));
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string) => args.filter((a) => a.startsWith(`--${name}=`)).map((a) => a.slice(name.length + 3));
const only = option("only");
const runs = (what: string) => only.length === 0 || only.includes(what);
const cells = (option("cells")[0]?.split(",") as CellType[] | undefined) ?? CELLS;
const quick = flag("quick");
const suite = {
  backends: ["cpu", "wasm"],
  cells,
  engineEpochs: quick ? 5 : 15,
  layersEpochs: quick ? 2 : 3,
  variants: !flag("no-variants"),
};
const PYTHON = "/usr/bin/python3";
const PYTORCH_EPOCHS = quick ? 30 : 100;
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const results: Measurement[] = [];
const printed: Record<string, unknown>[] = [];
function report(m: Measurement | Record<string, unknown>): void {
  if ("msPerEpoch" in m) results.push(m as Measurement);
  printed.push(m);
  console.log(JSON.stringify(m));
}

function machine() {
  const cpu = cpus();
  const chromiumVersion = existsSync(CHROMIUM) ? spawnSync(CHROMIUM, ["--version"], { encoding: "utf8" }).stdout.trim() : null;
  return {
    kind: "machine",
    cpu: cpu[0]?.model,
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    chromium: chromiumVersion,
    loadAverageAtStart: readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" "),
  };
}

function pytorchAvailable(): string | null {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  const probe = spawnSync(PYTHON, ["-c", "import torch"], { encoding: "utf8" });
  return probe.status === 0 ? null : "python3-torch is not installed (apt-get install -y python3-torch)";
}

function runPytorch(round: number): void {
  for (const cell of cells) {
    const out = execFileSync(
      PYTHON,
      [join(root, "bench/train/seed_pytorch_bench.py"), "--cell", cell, "--epochs", String(PYTORCH_EPOCHS), "--threads", "1"],
      // One thread like the browser's training worker; OpenBLAS would otherwise start its own pool.
      { encoding: "utf8", env: { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1" } },
    );
    const line = JSON.parse(out.trim().split("\n").pop()!) as { msPerEpoch: number; version: string; finalLoss: number };
    report({ impl: "pytorch", env: "python", backend: `torch-${line.version}-cpu`, cell, msPerEpoch: line.msPerEpoch, round, finalLoss: line.finalLoss });
  }
}

const CONTENT_TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".map": "application/json" };

async function runChromium(): Promise<void> {
  const bundle = await build({
    entryPoints: [join(root, "bench/train/browser.ts")],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "chrome110",
    write: false,
    minify: false,
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "silent",
  });
  const script = bundle.outputFiles[0]!.text;
  const wasmDir = join(root, "node_modules/@tensorflow/tfjs-backend-wasm/dist");
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === "/") {
      res.writeHead(200, { "content-type": CONTENT_TYPES[".html"] });
      res.end('<!doctype html><meta charset="utf-8"><title>bench:train</title><script type="module" src="/bench.js"></script>');
    } else if (url.pathname === "/bench.js") {
      res.writeHead(200, { "content-type": CONTENT_TYPES[".js"] });
      res.end(script);
    } else if (url.pathname.startsWith("/tfjs-wasm/") && existsSync(join(wasmDir, url.pathname.slice(11)))) {
      res.writeHead(200, { "content-type": CONTENT_TYPES[extname(url.pathname)] ?? "application/octet-stream" });
      res.end(readFileSync(join(wasmDir, url.pathname.slice(11))));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
  try {
    const page = await browser.newPage();
    const done = new Promise<void>((resolve, reject) => {
      void page.exposeFunction("benchReport", (m: Measurement) => report(m));
      void page.exposeFunction("benchDone", (error: string | null) => (error ? reject(new Error(error)) : resolve()));
      page.on("pageerror", (e) => reject(e));
    });
    page.setDefaultTimeout(0);
    await page.goto(`http://127.0.0.1:${port}/?options=${encodeURIComponent(JSON.stringify(suite))}`);
    await done;
  } finally {
    await browser.close();
    server.close();
  }
}

function ratios(): void {
  const pytorch = new Map<CellType, number>();
  for (const m of results.filter((r) => r.impl === "pytorch")) {
    // Against the faster of the PyTorch rounds: the stricter comparison for us.
    pytorch.set(m.cell, Math.min(pytorch.get(m.cell) ?? Infinity, m.msPerEpoch));
  }
  for (const e of results.filter((r) => r.impl === "engine")) {
    const layers = results.find((r) => r.impl === "tf.layers" && r.env === e.env && r.backend === e.backend && r.cell === e.cell);
    const torch = pytorch.get(e.cell);
    report({
      kind: "ratio",
      env: e.env,
      backend: e.backend,
      cell: e.cell,
      engineMs: e.msPerEpoch,
      pytorchMs: torch ?? null,
      engineOverPytorch: torch ? round2(e.msPerEpoch / torch) : null,
      tfLayersMs: layers?.msPerEpoch ?? null,
      speedupOverTfLayers: layers ? round2(layers.msPerEpoch / e.msPerEpoch) : null,
    });
  }
}

const round2 = (v: number) => Math.round(v * 100) / 100;

async function main(): Promise<void> {
  report(machine());
  const torchMissing = runs("python") ? pytorchAvailable() : "not requested";
  if (torchMissing) report({ kind: "skipped", impl: "pytorch", reason: torchMissing });
  else runPytorch(1);
  if (runs("node")) await runTfjsSuite({ ...suite, env: "node", now: () => performance.now(), report });
  if (runs("chromium")) {
    if (existsSync(CHROMIUM)) await runChromium();
    else report({ kind: "skipped", env: "chromium", reason: `${CHROMIUM} not found (apt-get install -y chromium)` });
  }
  if (!torchMissing) runPytorch(2);
  ratios();
  if (flag("markdown")) console.log(`\n${markdownTables(printed)}`);
}

await main();
