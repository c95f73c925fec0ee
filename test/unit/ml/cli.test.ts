/** The training CLI as users run it: a real child process, real flags, real output. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { generateSeries } from "@/lib/data/series";
import { decodeNpz } from "@/lib/ml/pytorch/npz";
import { decodeWeights } from "@/lib/ml/weights-format";

const root = fileURLToPath(new URL("../../..", import.meta.url));

function train(...args: string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/train.ts", ...args], { cwd: root, encoding: "utf8", timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("npm run train", () => {
  it("--json prints one line per epoch and the summary line", () => {
    const { code, stdout } = train("--cell", "gru", "--hidden", "4", "--epochs", "3", "--backend", "cpu", "--json");
    expect(code).toBe(0);
    const lines = stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(4);
    expect(lines.slice(0, 3).map((l) => l.epoch)).toEqual([1, 2, 3]);
    for (const l of lines.slice(0, 3)) expect(Object.keys(l)).toEqual(["epoch", "trainLoss", "valLoss", "msPerEpoch"]);
    const summary = lines[3];
    expect(Object.keys(summary)).toEqual(["cell", "hidden", "layers", "epochs", "finalTrainLoss", "msPerEpoch", "backend"]);
    expect(summary).toMatchObject({ cell: "GRU", hidden: 4, layers: 1, epochs: 3, backend: "cpu", finalTrainLoss: lines[2].trainLoss });
    expect(summary.msPerEpoch).toBeGreaterThan(0);
  });

  it("prints a summary and saves loadable weights", () => {
    const file = join(mkdtempSync(join(tmpdir(), "loss-race-")), "weights.lrw");
    const { code, stdout } = train("--cell", "lstm", "--layers", "2", "--hidden", "3", "--epochs", "2", "--optimizer", "adam", "--save", file);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Trained a 2-layer LSTM with hidden size 3 for 2 epochs on noisy-cosine/);
    // The fused builds on offer depend on the runtime (relaxed SIMD needs Node 21+ or a flag): match any of them.
    expect(stdout).toMatch(
      /backend +(cpu|wasm) \((ops|fused-[\w-]+)\); calibration: cpu\/ops [\d.]+ ms\/step, (cpu\/fused-[\w-]+ [\d.]+ ms\/step, )+wasm\/ops [\d.]+ ms\/step(, wasm\/fused-[\w-]+ [\d.]+ ms\/step)+/,
    );
    const weights = decodeWeights(readFileSync(file));
    expect(weights.config.model).toEqual({ cell: "LSTM", nonlinearity: "tanh", layers: 2, hidden: 3 });
    expect(weights.config.optimizer).toEqual({ kind: "adam", learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
  });

  it("--export-pytorch DIR writes exactly train.py, weights.npz and run.json", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "loss-race-")), "export");
    const { code, stdout } = train("--cell", "gru", "--layers", "2", "--hidden", "3", "--epochs", "2", "--validation", "0.2", "--backend", "cpu", "--export-pytorch", dir);
    expect(code).toBe(0);
    expect(stdout).toContain(`PyTorch         ${dir} (python3 ${join(dir, "train.py")} --check)`);
    expect(readdirSync(dir).sort()).toEqual(["run.json", "train.py", "weights.npz"]);
    const run = JSON.parse(readFileSync(join(dir, "run.json"), "utf8"));
    expect(run.config.model).toEqual({ cell: "GRU", nonlinearity: "tanh", layers: 2, hidden: 3 });
    expect(run.window).toBe(30);
    expect(run.trainWindows).toBe(72);
    // Shortest decimals that read back as the engine's float32 values.
    expect(run.series.map(Math.fround)).toEqual(Array.from(generateSeries(run.config.dataset)));
    expect(run.predictions).toHaveLength(90);
    expect(run.rollout).toHaveLength(90);
    const weights = decodeNpz(readFileSync(join(dir, "weights.npz")));
    expect([...weights.keys()]).toEqual(run.stateDict.map((p: { name: string }) => p.name));
    expect(weights.get("rnn.weight_hh_l1")!.shape).toEqual([9, 3]);
    const script = readFileSync(join(dir, "train.py"), "utf8");
    expect(script).toContain("self.rnn = nn.GRU(");
    expect(script).toContain("num_layers=2,");
    expect(script).toContain("train_data_num = 72");
  });

  it("--help explains the options", () => {
    const { code, stdout } = train("--help");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: npm run train -- \[options\]/);
    expect(stdout).toMatch(/--export-pytorch DIR +write train\.py, weights\.npz, run\.json into DIR/);
  });

  it.each([
    [["--bogus"], /Unknown option '--bogus'/],
    [["--hidden", "abc"], /--hidden expects a number, got "abc"/],
    [["--hidden", "300"], /model.hidden: hidden size must be between 1 and 256/],
    [["--cell", "transformer"], /--cell must be one of RNN, LSTM, GRU, got "transformer"/],
    [["--window", "200"], /window 200 is too long for a series of 120 points/],
    [["--momentum", "0.5"], /--momentum only applies to --optimizer momentum/],
    [["--backend", "webgl"], /--backend must be one of auto, cpu, wasm/],
    [["--export-pytorch", " "], /--export-pytorch expects a directory/],
  ])("rejects %j with a clear error and exit code 2", (args, message) => {
    const { code, stdout, stderr } = train(...args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stdout).toBe("");
  });

  it("exits with code 1 and the reason when training diverges", () => {
    const { code, stderr } = train("--nonlinearity", "relu", "--hidden", "16", "--lr", "10", "--epochs", "20", "--backend", "cpu", "--json");
    expect(code).toBe(1);
    expect(stderr).toMatch(/error: Training stopped at epoch \d+: the training loss became (NaN|Infinity)/);
  });
});
