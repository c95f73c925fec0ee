/**
 * The PyTorch round trip with real PyTorch (Debian's python3-torch; required when CI=true):
 * - export: runs of every cell trained briefly by the engine are exported (run.json, weights.npz, train.py), and
 *   `python3 train.py --check` loads the weights into the tutorial's Model and must agree with the engine's
 *   predictions and rollout within 1e-4; the zip the run page downloads and the CLI's folder are checked the same way;
 * - import: models trained in PyTorch and saved with the app's snippet predict the same in the engine.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSeries } from "@/lib/data/series";
import { makeWindows } from "@/lib/data/windows";
import { withOverrides, type TrainingConfigOverrides } from "@/lib/ml/config";
import { predictWindows, rollout } from "@/lib/ml/evaluate";
import { fusedRecurrentLayer } from "@/lib/ml/kernels/index";
import { createModel } from "@/lib/ml/model";
import { EXPORT_FILE_NAMES, exportModel, zipExport, type RunJson } from "@/lib/ml/pytorch/export";
import { importedModel, IMPORT_SNIPPET, readStateDictUpload } from "@/lib/ml/pytorch/import";
import { CHECK_TOLERANCE } from "@/lib/ml/pytorch/train-py";
import { Trainer } from "@/lib/ml/trainer";
import { PYTHON_PATH, requireService } from "../../support/services";

const pytorch = await requireService("pytorch");
const root = fileURLToPath(new URL("../../..", import.meta.url));
const TOLERANCE = 1e-4;
const PYTHON_TIMEOUT_MS = 120_000;

function python(args: string[], cwd: string, input?: string) {
  const result = spawnSync(PYTHON_PATH, args, { cwd, input, encoding: "utf8", timeout: PYTHON_TIMEOUT_MS });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs `train.py --check` in `dir` and reads the two differences it prints. */
function check(dir: string) {
  const { code, stdout, stderr } = python(["train.py", "--check"], dir);
  const match = stdout.match(/largest absolute difference: predictions ([\d.e+-]+), rollout ([\d.e+-]+)/);
  if (!match) throw new Error(`train.py --check printed no differences (exit ${code}):\n${stdout}\n${stderr}`);
  return { code, predictions: Number(match[1]), rollout: Number(match[2]), stdout };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return max;
}

const measured: string[] = [];

describe.skipIf(!pytorch.available)("PyTorch round trip", () => {
  let work: string;
  beforeAll(async () => {
    // The run page exports on the cpu backend with the fused JS kernels (no WebAssembly to prepare on the page).
    await tf.setBackend("cpu");
    work = mkdtempSync(join(tmpdir(), "loss-race-pytorch-"));
  });
  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
    if (measured.length > 0) console.info(`[pytorch] largest differences:\n${measured.join("\n")}`);
  });

  const EXPORT_CASES: { label: string; overrides: TrainingConfigOverrides }[] = [
    { label: "RNN tanh", overrides: { model: { cell: "RNN", nonlinearity: "tanh", hidden: 16 }, optimizer: { kind: "sgd", learningRate: 0.05 } } },
    { label: "RNN relu", overrides: { model: { cell: "RNN", nonlinearity: "relu", hidden: 16 }, optimizer: { kind: "momentum", learningRate: 0.01 } } },
    { label: "LSTM", overrides: { model: { cell: "LSTM", hidden: 16 }, optimizer: { kind: "adam", learningRate: 0.01 } } },
    { label: "GRU", overrides: { model: { cell: "GRU", hidden: 16 }, optimizer: { kind: "adam", learningRate: 0.01 }, validationFraction: 0.2 } },
    { label: "2-layer LSTM", overrides: { model: { cell: "LSTM", layers: 2, hidden: 12 }, optimizer: { kind: "adam", learningRate: 0.01 } } },
    { label: "3-layer RNN relu", overrides: { model: { cell: "RNN", nonlinearity: "relu", layers: 3, hidden: 8 }, optimizer: { kind: "sgd", learningRate: 0.02 } } },
  ];

  it.each(EXPORT_CASES)("export of a trained $label agrees with PyTorch's predictions within 1e-4 (train.py --check), and train.py trains", async ({ label, overrides }) => {
    const config = withOverrides({ ...overrides, epochs: 25, seed: 7 });
    const trainer = new Trainer({ config, layer: fusedRecurrentLayer, now: () => 0, yieldControl: () => Promise.resolve() });
    try {
      const outcome = await trainer.run();
      expect(outcome.status).toBe("finished");
      const files = exportModel(trainer.model, config, trainer.data.series, "run-1");
      const dir = join(work, label.replace(/\W+/g, "-"));
      mkdirSync(dir);
      for (const name of EXPORT_FILE_NAMES) writeFileSync(join(dir, name), files[name]);
      const result = check(dir);
      measured.push(`  ${label}: predictions ${result.predictions.toExponential(2)}, rollout ${result.rollout.toExponential(2)}`);
      expect(result.code, result.stdout).toBe(0);
      expect(result.predictions).toBeLessThanOrEqual(TOLERANCE);
      expect(result.rollout).toBeLessThanOrEqual(TOLERANCE);
      // And train.py trains with the run's optimiser, as the lesson does (PyTorch's own numbers, so only that it runs).
      const trained = python(["train.py"], dir);
      expect(trained.code, trained.stderr).toBe(0);
      expect(trained.stdout).toMatch(config.validationFraction > 0 ? /エポック 1: 学習の損失 [\d.]+、検証の損失 [\d.]+/ : /エポック 1: 学習の損失 [\d.]+\n/);
      // The model really learned something: an untrained copy would not pass for it.
      const runJson = JSON.parse(new TextDecoder().decode(files["run.json"])) as RunJson;
      const untrained = createModel(config.model, { layer: fusedRecurrentLayer, seed: config.seed });
      try {
        expect(maxAbsDiff(predictWindows(untrained, makeWindows(runJson.series, config.window)), runJson.predictions)).toBeGreaterThan(1e-3);
      } finally {
        untrained.dispose();
      }
    } finally {
      trainer.dispose();
    }
  });

  it("the downloaded zip unpacks to the folder with exactly the three files, and its check passes", async () => {
    const config = withOverrides({ model: { cell: "GRU", layers: 2, hidden: 10 }, epochs: 10, validationFraction: 0.1 });
    const trainer = new Trainer({ config, layer: fusedRecurrentLayer, now: () => 0, yieldControl: () => Promise.resolve() });
    try {
      await trainer.run();
      const zip = zipExport(exportModel(trainer.model, config, trainer.data.series, "run-2"), "run-2-pytorch");
      writeFileSync(join(work, "export.zip"), zip);
      const listing = python(["-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print('\\n'.join(z.namelist())); z.extractall(sys.argv[2])", "export.zip", "unzipped"], work);
      expect(listing.code, listing.stderr).toBe(0);
      expect(listing.stdout.trim().split("\n").sort()).toEqual(["run-2-pytorch/run.json", "run-2-pytorch/train.py", "run-2-pytorch/weights.npz"]);
      const result = check(join(work, "unzipped", "run-2-pytorch"));
      measured.push(`  2-layer GRU (zip): predictions ${result.predictions.toExponential(2)}, rollout ${result.rollout.toExponential(2)}`);
      expect(result.code).toBe(0);
      expect(Math.max(result.predictions, result.rollout)).toBeLessThanOrEqual(TOLERANCE);
    } finally {
      trainer.dispose();
    }
  });

  it("--check fails (exit 1) when the predictions do not match, and says by how much", () => {
    const config = withOverrides({ model: { hidden: 4 } });
    const model = createModel(config.model, { layer: fusedRecurrentLayer, seed: 1 });
    const dir = join(work, "tampered");
    mkdirSync(dir);
    try {
      const files = exportModel(model, config, generateSeries(config.dataset));
      for (const name of EXPORT_FILE_NAMES) writeFileSync(join(dir, name), files[name]);
    } finally {
      model.dispose();
    }
    expect(check(dir).code).toBe(0);
    const runJson = JSON.parse(readFileSync(join(dir, "run.json"), "utf8")) as RunJson;
    runJson.predictions[3] = (runJson.predictions[3] as number) + 10 * CHECK_TOLERANCE;
    writeFileSync(join(dir, "run.json"), JSON.stringify(runJson));
    const result = check(dir);
    expect(result.code).toBe(1);
    expect(result.predictions).toBeGreaterThan(9 * CHECK_TOLERANCE);
    expect(result.stdout).toMatch(/NG/);
  });

  it("the CLI's --export-pytorch folder passes the check, and train.py trains and saves a model the app imports", () => {
    const dir = join(work, "cli");
    const cli = spawnSync(
      process.execPath,
      ["--import", "tsx", "scripts/train.ts", "--cell", "lstm", "--hidden", "6", "--epochs", "4", "--rollout-every", "2", "--export-pytorch", dir],
      { cwd: root, encoding: "utf8", timeout: PYTHON_TIMEOUT_MS },
    );
    expect(cli.status, cli.stderr).toBe(0);
    const result = check(dir);
    expect(result.code).toBe(0);
    measured.push(`  1-layer LSTM (CLI, calibrated backend): predictions ${result.predictions.toExponential(2)}, rollout ${result.rollout.toExponential(2)}`);
    expect(Math.max(result.predictions, result.rollout)).toBeLessThanOrEqual(TOLERANCE);

    const trained = python(["train.py"], dir);
    expect(trained.code, trained.stderr).toBe(0);
    expect(trained.stdout).toMatch(/エポック 1: 学習の損失 [\d.]+/);
    expect(trained.stdout).toMatch(/エポック 3: 学習の損失 [\d.]+/);
    const upload = readStateDictUpload(readFileSync(join(dir, "model.npz")));
    expect(upload.inferred).toEqual({ cell: "LSTM", layers: 1, hidden: 6 });
  });

  const IMPORT_CASES = [
    { label: "2-layer LSTM, float32", cell: "LSTM", layers: 2, hidden: 8, nonlinearity: "tanh", dtype: "float32", compressed: false },
    { label: "GRU, np.savez_compressed", cell: "GRU", layers: 1, hidden: 12, nonlinearity: "tanh", dtype: "float32", compressed: true },
    { label: "RNN relu, float64 model", cell: "RNN", layers: 1, hidden: 10, nonlinearity: "relu", dtype: "float64", compressed: false },
    { label: "3-layer RNN tanh", cell: "RNN", layers: 3, hidden: 6, nonlinearity: "tanh", dtype: "float32", compressed: false },
  ] as const;

  it.each(IMPORT_CASES)("a $label trained in PyTorch predicts the same in the engine within 1e-4", (spec) => {
    const dir = join(work, `import-${spec.label.replace(/\W+/g, "-")}`);
    mkdirSync(dir);
    const series = Array.from(generateSeries({ preset: "noisy-cosine", length: 120, noise: 0.3, seed: 3 }));
    const window = 30;
    const input = JSON.stringify({ ...spec, series, window, epochs: 15, seed: 11, snippet: IMPORT_SNIPPET });
    const trained = python([join(root, "test/integration/pytorch/train_tutorial_model.py")], dir, input);
    expect(trained.code, trained.stderr).toBe(0);
    const torch = JSON.parse(readFileSync(join(dir, "torch-predictions.json"), "utf8")) as { predictions: number[]; rollout: number[] };

    const upload = readStateDictUpload(readFileSync(join(dir, "model.npz")));
    expect(upload.inferred).toEqual({ cell: spec.cell, layers: spec.layers, hidden: spec.hidden });
    const { model: modelConfig, params } = importedModel(upload, spec.nonlinearity);
    const model = createModel(modelConfig, { layer: fusedRecurrentLayer, initialValues: params });
    try {
      const predictions = predictWindows(model, makeWindows(series, window));
      const rolled = rollout(model, series.slice(0, window), window, series.length - window);
      const diff = { predictions: maxAbsDiff(predictions, torch.predictions), rollout: maxAbsDiff(rolled, torch.rollout) };
      measured.push(`  import ${spec.label}: predictions ${diff.predictions.toExponential(2)}, rollout ${diff.rollout.toExponential(2)}`);
      expect(diff.predictions).toBeLessThanOrEqual(TOLERANCE);
      expect(diff.rollout).toBeLessThanOrEqual(TOLERANCE);
      // Trained, not left at its initialisation: the predictions follow the series.
      expect(Math.max(...torch.predictions) - Math.min(...torch.predictions)).toBeGreaterThan(0.1);
    } finally {
      model.dispose();
    }
  });
});
