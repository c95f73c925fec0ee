/**
 * The seed workload, reproduced for timing: 120 points of cos(x) on 0..4π plus Gaussian noise σ 0.3, windows of 30
 * predicting the next value (90 windows), batches of 8 reshuffled every epoch (PyTorch's DataLoader(shuffle=True)),
 * SGD lr 0.01, MSE, one recurrent layer of 64 units and a linear head on the last step.
 */
import type { CellType } from "@/lib/ml/recurrent";

export const SEED_WORKLOAD = {
  points: 120,
  noise: 0.3,
  window: 30,
  batchSize: 8,
  learningRate: 0.01,
  hidden: 64,
} as const;

export const CELLS: CellType[] = ["RNN", "LSTM", "GRU"];

/** mulberry32: a tiny seeded generator, so every run and runtime trains on the same numbers. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

export interface WindowedSeries {
  /** [count][window] flattened */
  x: Float32Array;
  y: Float32Array;
  count: number;
  window: number;
}

export function seedData(seed = 0): WindowedSeries {
  const { points, noise, window } = SEED_WORKLOAD;
  const normal = gaussian(seededRandom(seed));
  const series = Array.from({ length: points }, (_, i) => Math.cos((4 * Math.PI * i) / (points - 1)) + noise * normal());
  const count = points - window;
  const x = new Float32Array(count * window);
  const y = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    for (let t = 0; t < window; t++) x[i * window + t] = series[i + t]!;
    y[i] = series[i + window]!;
  }
  return { x, y, count, window };
}

/** Fisher–Yates with the given generator. */
export function shuffled(count: number, random: () => number): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
