/**
 * Realistic synthetic runs for development and benchmarks: configurations drawn the way a class explores them
 * (mostly the lesson's defaults, then cell, size, optimiser and learning-rate changes), loss curves shaped like
 * real training (a fast exponential drop to a floor that depends on the settings, multiplicative noise, the odd
 * divergence with too high a learning rate), validation above training, and "Correct vs Predicted" rollouts that
 * approach the series as epochs pass. Deterministic for a seed.
 */
import { datasetSeries } from "@/lib/data/source";
import { DEFAULT_TRAINING_CONFIG, isUploadedDataset, withOverrides, type TrainingConfig } from "@/lib/ml/config";
import { rolloutEpochs } from "@/lib/ml/schedule";
import type { Rng } from "@/lib/random";
import type { CurvePoint } from "@/lib/runs/curve";

export interface SyntheticRun {
  config: TrainingConfig;
  curve: CurvePoint[];
  rollouts: { epoch: number; mse: number; predicted: number[] }[];
  status: "finished" | "stopped" | "failed";
  finalTrainLoss: number | null;
  finalValLoss: number | null;
  msPerEpoch: number;
  backend: string;
  durationMs: number;
}

const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.int(items.length)]!;
const BACKENDS = ["wasm/fused-wasm-simd", "wasm/fused-wasm", "webgl/ops", "cpu/fused-js"] as const;
const SPEED: Record<string, number> = { RNN: 1, GRU: 2.6, LSTM: 3.3 };

export function syntheticConfig(rng: Rng, maxEpochs = 1000): TrainingConfig {
  const cell = pick(rng, ["RNN", "RNN", "LSTM", "LSTM", "GRU"] as const);
  const optimizer = pick(rng, ["sgd", "sgd", "momentum", "adam", "adam"] as const);
  const baseLr = optimizer === "adam" ? 0.001 : 0.01;
  return withOverrides({
    model: { cell, nonlinearity: rng.next() < 0.85 ? "tanh" : "relu", layers: pick(rng, [1, 1, 1, 2, 2, 3]), hidden: pick(rng, [8, 16, 32, 64, 64, 64, 128]) },
    optimizer: { kind: optimizer, learningRate: Number((baseLr * 10 ** rng.uniform(-1, 1)).toPrecision(2)) },
    dataset: { ...DEFAULT_TRAINING_CONFIG.dataset, preset: rng.next() < 0.7 ? "noisy-cosine" : pick(rng, ["sine-trend", "damped-oscillation", "two-frequencies"]) },
    batchSize: pick(rng, [4, 8, 8, 8, 16, 32]),
    epochs: Math.min(maxEpochs, pick(rng, [100, 200, 300, 500, 1000, 1000])),
    validationFraction: rng.next() < 0.5 ? 0 : 0.2,
    seed: rng.int(1000),
  });
}

/** `stored`: an uploaded dataset's values, when the config trains on one. */
export function syntheticRun(rng: Rng, config: TrainingConfig = syntheticConfig(rng), stored?: ArrayLike<number>): SyntheticRun {
  const lr = config.optimizer.learningRate;
  const adam = config.optimizer.kind === "adam";
  // The floor: the series' noise (σ 0.3 → MSE ≈ 0.09) plus what a small or badly tuned model leaves on the table;
  // a real series' own unpredictability is of that order once standardised.
  const noiseFloor = isUploadedDataset(config.dataset) ? 0.1 : config.dataset.noise ** 2;
  const capacityGap = 0.02 * (64 / config.model.hidden) ** 0.5;
  const lrGap = 0.05 * Math.abs(Math.log10(lr / (adam ? 0.001 : 0.01)));
  const floor = noiseFloor + capacityGap + lrGap + rng.uniform(0, 0.02);
  const start = rng.uniform(0.4, 0.9);
  const tau = (adam ? 60 : 150) * (0.01 / Math.max(lr, 1e-4)) ** 0.3 * rng.uniform(0.7, 1.3);
  const diverges = lr > (adam ? 0.008 : 0.08) && rng.next() < 0.5;
  const stoppedAt = rng.next() < 0.1 ? Math.max(5, Math.floor(config.epochs * rng.uniform(0.1, 0.9))) : config.epochs;
  const validate = config.validationFraction > 0;
  const ms = SPEED[config.model.cell]! * config.model.layers * (0.5 + config.model.hidden / 64) * rng.uniform(4, 9);

  const curve: CurvePoint[] = [];
  let tMs = 0;
  let failedAt: number | null = null;
  for (let epoch = 1; epoch <= stoppedAt; epoch++) {
    let trainLoss = floor + (start - floor) * Math.exp(-epoch / tau);
    if (diverges && epoch > tau) trainLoss *= Math.exp((epoch - tau) / (tau / 3));
    trainLoss *= Math.exp(0.08 * rng.normal());
    if (!Number.isFinite(trainLoss) || trainLoss > 1e6) {
      failedAt = epoch;
      break;
    }
    const msPerEpoch = ms * Math.exp(0.1 * rng.normal());
    tMs += Math.round(msPerEpoch + (epoch % config.rolloutEvery === 0 ? 3 * msPerEpoch : 0));
    curve.push({
      epoch,
      trainLoss,
      valLoss: validate ? trainLoss * (1.1 + 0.2 * (1 - Math.exp(-epoch / 400))) * Math.exp(0.1 * rng.normal()) : null,
      msPerEpoch,
      tMs,
    });
  }

  const series = Array.from(datasetSeries(config.dataset, stored));
  const truth = series.slice(config.window);
  const last = curve.at(-1)?.epoch ?? 0;
  const rollouts = rolloutEpochs(config)
    .filter((epoch) => epoch <= last)
    .map((epoch) => {
      const quality = Math.exp(-epoch / tau);
      // A young model's rollout is flat and damped; a trained one follows the wave with some drift.
      const predicted = truth.map((value, i) => value * (1 - quality) * (1 - 0.002 * i) + 0.05 * rng.normal());
      const mse = predicted.reduce((sum, p, i) => sum + (p - truth[i]!) ** 2, 0) / truth.length;
      return { epoch, mse, predicted };
    });

  const lastPoint = curve.at(-1) ?? null;
  return {
    config,
    curve,
    rollouts,
    status: failedAt !== null ? "failed" : stoppedAt < config.epochs ? "stopped" : "finished",
    finalTrainLoss: lastPoint?.trainLoss ?? null,
    finalValLoss: lastPoint?.valLoss ?? null,
    msPerEpoch: curve.length ? curve.reduce((s, p) => s + p.msPerEpoch, 0) / curve.length : ms,
    backend: pick(rng, BACKENDS),
    durationMs: tMs,
  };
}
