/**
 * Data for the parallel-coordinates chart of a classroom or race: each run is a line through its
 * hyperparameters to its score, so the class's runs read as one crowd-sourced hyperparameter sweep.
 * Pure shaping: axes with their kind and domain, lines with one value per axis; the chart only draws.
 */
import type { RunColumns } from "./views";

/** The settings a sweep compares runs on: the chart's axes before the score. */
export const HYPERPARAMETER_KEYS = ["cell", "layers", "hidden", "optimizer", "learningRate", "batchSize", "epochs"] as const;
export type HyperparameterKey = (typeof HYPERPARAMETER_KEYS)[number];

export function pickHyperparameters(run: Pick<RunColumns<unknown>, HyperparameterKey>): Pick<RunColumns<unknown>, HyperparameterKey> {
  return Object.fromEntries(HYPERPARAMETER_KEYS.map((key) => [key, run[key]])) as Pick<RunColumns<unknown>, HyperparameterKey>;
}

export interface ParallelRun extends Pick<RunColumns<unknown>, HyperparameterKey> {
  id: string;
  label: string;
  /** Verified score when the run has one, else its final validation or training loss. */
  score: number | null;
  /** True when `score` is a verified score, false for a self-reported final loss. */
  verified: boolean;
}

export type AxisKey = HyperparameterKey | "score";

export type ParallelAxis =
  | { key: AxisKey; kind: "category"; domain: string[] }
  | { key: AxisKey; kind: "linear" | "log"; domain: [number, number] };

export interface ParallelLine {
  id: string;
  label: string;
  verified: boolean;
  values: Record<AxisKey, string | number>;
  score: number;
}

export interface ParallelData {
  axes: ParallelAxis[];
  lines: ParallelLine[];
  /** Runs without any loss (failed before their first epoch): they have no place on the score axis. */
  omitted: number;
}

const CATEGORY_ORDER: Record<string, string[]> = { cell: ["RNN", "LSTM", "GRU"], optimizer: ["sgd", "momentum", "adam"] };

function numericDomain(values: number[], log: boolean): [number, number] {
  const usable = log ? values.filter((v) => v > 0) : values;
  if (usable.length === 0) return log ? [1e-3, 1] : [0, 1];
  let lo = Math.min(...usable);
  let hi = Math.max(...usable);
  // A single value still needs an axis with some length; log axes widen by a factor, linear ones by ±1.
  if (lo === hi) [lo, hi] = log ? [lo / 2, hi * 2] : [lo - 1, hi + 1];
  return [lo, hi];
}

export function parallelCoordinates(runs: readonly ParallelRun[]): ParallelData {
  const scored = runs.filter((run): run is ParallelRun & { score: number } => run.score !== null && Number.isFinite(run.score));
  const categories = (key: "cell" | "optimizer") => {
    const present = new Set(scored.map((run) => run[key]));
    return [...CATEGORY_ORDER[key]!.filter((c) => present.has(c)), ...[...present].filter((c) => !CATEGORY_ORDER[key]!.includes(c)).sort()];
  };
  const numeric = (key: "layers" | "hidden" | "learningRate" | "batchSize" | "epochs" | "score", log: boolean): ParallelAxis => ({
    key,
    kind: log ? "log" : "linear",
    domain: numericDomain(
      scored.map((run) => run[key]),
      log,
    ),
  });
  // Learning rate, batch size and losses span decades: log axes keep them readable.
  const axes: ParallelAxis[] = [
    { key: "cell", kind: "category", domain: categories("cell") },
    numeric("layers", false),
    numeric("hidden", false),
    { key: "optimizer", kind: "category", domain: categories("optimizer") },
    numeric("learningRate", true),
    numeric("batchSize", true),
    numeric("epochs", false),
    numeric("score", scored.every((run) => run.score > 0)),
  ];
  const lines = scored.map((run) => ({
    id: run.id,
    label: run.label,
    verified: run.verified,
    score: run.score,
    values: {
      cell: run.cell,
      layers: run.layers,
      hidden: run.hidden,
      optimizer: run.optimizer,
      learningRate: run.learningRate,
      batchSize: run.batchSize,
      epochs: run.epochs,
      score: run.score,
    },
  }));
  return { axes, lines, omitted: runs.length - scored.length };
}

/** Lines whose every value lies inside the brushed ranges (numeric: [lo, hi]; category: one of the values). */
export function brushFilter(lines: readonly ParallelLine[], brushes: Partial<Record<AxisKey, [number, number] | string[]>>): ParallelLine[] {
  return lines.filter((line) =>
    Object.entries(brushes).every(([key, range]) => {
      const value = line.values[key as AxisKey];
      if (!range) return true;
      if (typeof value === "string") return (range as string[]).includes(value);
      const [lo, hi] = range as [number, number];
      return value >= Math.min(lo, hi) && value <= Math.max(lo, hi);
    }),
  );
}
