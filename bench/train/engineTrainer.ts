/**
 * "engine" in the benchmark: the training engine itself (lib/ml/trainer.ts) on the seed's configuration, with the
 * layer implementation its calibration picks for the backend — exactly what the Playground's worker and the CLI run.
 */
import { calibrate, type CalibrationEntry } from "@/lib/ml/calibration";
import { DEFAULT_TRAINING_CONFIG, withOverrides, type TrainingConfig } from "@/lib/ml/config";
import { candidatesFor, type BackendName, type LayerImplementation } from "@/lib/ml/implementations";
import type { CellType } from "@/lib/ml/recurrent";
import { Trainer } from "@/lib/ml/trainer";
import { median } from "./workload";

const WARMUP_EPOCHS = 3;
const ROUNDS = 3;

export function seedConfig(cell: CellType, epochs: number): TrainingConfig {
  // The seed: noisy cosine, window 30, batch 8, SGD lr 0.01, hidden 64, one layer, no validation split.
  return withOverrides({ model: { cell }, epochs, rolloutEvery: epochs }, DEFAULT_TRAINING_CONFIG);
}

export async function calibrateEngine(cell: CellType, backend: BackendName, now: () => number): Promise<{ best: LayerImplementation; entries: CalibrationEntry[] }> {
  const { best, entries } = await calibrate(candidatesFor([backend]), { config: seedConfig(cell, 1), now });
  return { best: best.implementation, entries };
}

/** Median over three rounds of `epochs` epochs (after warm-up) of the trainer's own ms/epoch. */
export async function timeEngine(cell: CellType, implementation: LayerImplementation, epochs: number, now: () => number) {
  const ms: number[] = [];
  const trainer = new Trainer({
    config: seedConfig(cell, WARMUP_EPOCHS + ROUNDS * epochs),
    layer: implementation.layer,
    now,
    yieldControl: () => Promise.resolve(),
    onSnapshot: (s) => ms.push(s.msPerEpoch),
  });
  try {
    const outcome = await trainer.run();
    if (outcome.status !== "finished") throw new Error(`training ${outcome.status}: ${outcome.message}`);
    const rounds = Array.from({ length: ROUNDS }, (_, r) => {
      const round = ms.slice(WARMUP_EPOCHS + r * epochs, WARMUP_EPOCHS + (r + 1) * epochs);
      return round.reduce((a, b) => a + b, 0) / round.length;
    });
    return { msPerEpoch: median(rounds), rounds, loss: outcome.finalTrainLoss ?? NaN };
  } finally {
    trainer.dispose();
  }
}
