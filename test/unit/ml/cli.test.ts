/** The training CLI as users run it: a real child process, real flags, real output. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { applyScaling, scalingParams } from "@/lib/data/scaling";
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

  it("--lang ja writes the summary in Japanese from the catalogue; an unknown language is refused", () => {
    const { code, stdout } = train("--cell", "gru", "--hidden", "3", "--epochs", "2", "--backend", "cpu", "--implementation", "ops", "--lang", "ja");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^1 層の GRU（中間層のニューロン数 3）を 2 エポック学習しました。データ: noisy-cosine（120 点、与えるデータ数 30）、sgd 学習率 0.01、バッチサイズ 8/);
    expect(stdout).toMatch(/\n {2}最終損失 +学習 [\d.]+\n {2}予測の MSE +[\d.]+\n {2}速度 +[\d.]+ ms\/エポック/);
    const refused = train("--lang", "fr");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--lang must be one of en, ja, got "fr"/);
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

  it("--data FILE trains on a CSV, exports its scaled values with the scaling, and names the data by its content", () => {
    const dir = mkdtempSync(join(tmpdir(), "loss-race-"));
    const values = Array.from({ length: 40 }, (_, i) => Number((15 + 8 * Math.sin(i / 2) + (i % 5) * 0.3).toFixed(2)));
    const csv = join(dir, "temps.csv");
    writeFileSync(csv, ["date;temp", ...values.map((v, i) => `2024-${String(Math.floor(i / 28) + 1).padStart(2, "0")}-${String((i % 28) + 1).padStart(2, "0")};${v}`)].join("\r\n"));
    const out = join(dir, "export");
    const { code, stdout, stderr } = train("--data", csv, "--scaling", "standardise", "--window", "6", "--hidden", "3", "--epochs", "2", "--backend", "cpu", "--export-pytorch", out);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const params = scalingParams("standardise", values);
    expect(stdout).toContain(`on ${csv} (scaling standardise) (40 points, window 6)`);
    expect(stdout).toContain(`scaling         standardise; losses are in scaled units, value = prediction × ${(params as { std: number }).std} + ${(params as { mean: number }).mean}`);
    const run = JSON.parse(readFileSync(join(out, "run.json"), "utf8"));
    expect(run.config.dataset).toEqual({ source: "upload", datasetId: expect.stringMatching(/^file:[0-9a-f]{32}$/), length: 40, scaling: "standardise" });
    expect(run.series.map(Math.fround)).toEqual(Array.from(applyScaling(params, values)));
    expect(run.scaling).toEqual(params);
    expect(readFileSync(join(out, "train.py"), "utf8")).toContain(`元の単位に戻すには: 予測 × ${(params as { std: number }).std} + ${(params as { mean: number }).mean}`);
    // --length takes the first values; the same file gives the same id.
    const again = train("--data", csv, "--length", "30", "--window", "6", "--hidden", "3", "--epochs", "1", "--backend", "cpu", "--export-pytorch", join(dir, "again"));
    expect(again.code).toBe(0);
    const second = JSON.parse(readFileSync(join(dir, "again", "run.json"), "utf8"));
    expect(second.config.dataset).toEqual({ ...run.config.dataset, length: 30, scaling: "none" });
    expect(second.series).toEqual(values.slice(0, 30));
    expect(second.scaling).toEqual({ kind: "none" });
  });

  it("--data refuses a bad file with each row and reason, and flags that do not go with it", () => {
    const dir = mkdtempSync(join(tmpdir(), "loss-race-"));
    const csv = join(dir, "bad.csv");
    writeFileSync(csv, ["value", "1", "2", "x", "4", "", "6", "7", "8", "9"].join("\n"));
    const good = join(dir, "good.csv");
    writeFileSync(good, Array.from({ length: 12 }, (_, i) => String(i * i)).join("\n"));
    const bad = train("--data", csv);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`--data ${csv} cannot be used:\n  Row 4: "x" in column value is not a number.\n  Row 6 is empty`);
    for (const [args, message] of [
      [["--data", join(dir, "missing.csv")], /cannot read .*missing\.csv \(ENOENT\)/],
      [["--data", good, "--noise", "0.1"], /--noise describes a generated series; it cannot be combined with --data/],
      [["--scaling", "standardise"], /--scaling only applies with --data FILE/],
      [["--data", good, "--column", "0"], /--column expects a column number from 1/],
    ] as const) {
      const result = train(...args);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
    }
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
