/**
 * Picks the fastest way to train on this device: each (backend, implementation) candidate trains a few steps of
 * the configured model on random data, and the one with the lowest time per step wins. Which backend is fastest
 * depends on the device (wasm SIMD, a real GPU or software GL) and on the model size, so it is measured, not
 * guessed.
 */
import * as tf from "@tensorflow/tfjs";
import { createRng } from "@/lib/random";
import type { TrainingConfig } from "./config";
import type { BackendName, Candidate } from "./implementations";
import { createModel } from "./model";
import { createOptimizer, disposeOptimizer, trainStep } from "./training";

export interface CalibrationEntry {
  backend: BackendName;
  implementation: string;
  /** Mean time of one training step on a full batch; null when the candidate could not run. */
  msPerStep: number | null;
  error: string | null;
}

export interface CalibrationResult {
  best: Candidate;
  entries: CalibrationEntry[];
}

export interface CalibrationOptions {
  config: TrainingConfig;
  now: () => number;
  /** Activates a backend; resolves false when it is unavailable (tf.setBackend's contract). */
  setBackend?: (backend: BackendName) => Promise<boolean>;
  /** Untimed steps first: they include one-off costs (WebGL shader compilation, wasm warm-up). */
  warmupSteps?: number;
  /** Timed steps are taken in rounds until at least this many are done… */
  minSteps?: number;
  /** …and this much time has passed (or maxSteps is reached). */
  minMs?: number;
  maxSteps?: number;
  /** Checked between candidates and rounds: a background calibration gives way to a Train press. */
  shouldStop?: () => boolean;
}

/** A calibration abandoned because `shouldStop` said so. */
export class CalibrationStopped extends Error {
  override name = "CalibrationStopped";
}

async function measure(candidate: Candidate, options: CalibrationOptions): Promise<number> {
  const { config, now, warmupSteps = 2, minSteps = 3, minMs = 150, maxSteps = 50 } = options;
  const rng = createRng(config.seed);
  const batch = Math.min(config.batchSize, 64);
  const inputs = Float32Array.from({ length: batch * config.window }, () => rng.normal());
  const targets = Float32Array.from({ length: batch }, () => rng.normal());
  const model = createModel(config.model, { layer: candidate.implementation.layer, seed: config.seed });
  const optimizer = createOptimizer(config.optimizer);
  const x = tf.tensor3d(inputs, [batch, config.window, 1]);
  const y = tf.tensor2d(targets, [batch, 1]);
  try {
    // Steps run back to back with one read at the end of each round, as the trainer reads once per epoch: GPU
    // backends queue work, so only a read makes the clock honest, and a read per step would stall them.
    const runSteps = async (n: number) => {
      let loss: tf.Scalar | null = null;
      for (let i = 0; i < n; i++) {
        loss?.dispose();
        loss = trainStep(model, optimizer, { x, y });
      }
      await loss?.data();
      loss?.dispose();
    };
    await runSteps(warmupSteps);
    const start = now();
    let steps = 0;
    let round = minSteps;
    for (;;) {
      if (options.shouldStop?.()) throw new CalibrationStopped("calibration stopped");
      await runSteps(round);
      steps += round;
      const elapsed = now() - start;
      if (elapsed >= minMs || steps >= maxSteps) return elapsed / steps;
      round = Math.min(steps, maxSteps - steps);
    }
  } finally {
    tf.dispose([x, y]);
    disposeOptimizer(optimizer);
    model.dispose();
  }
}

export async function calibrate(candidates: readonly Candidate[], options: CalibrationOptions): Promise<CalibrationResult> {
  const setBackend = options.setBackend ?? ((name: BackendName) => tf.setBackend(name));
  const entries: CalibrationEntry[] = [];
  let best: { candidate: Candidate; ms: number } | null = null;
  for (const candidate of candidates) {
    if (options.shouldStop?.()) throw new CalibrationStopped("calibration stopped");
    const entry: CalibrationEntry = { backend: candidate.backend, implementation: candidate.implementation.name, msPerStep: null, error: null };
    entries.push(entry);
    try {
      if (!(await setBackend(candidate.backend))) {
        entry.error = `the ${candidate.backend} backend is not available here`;
        continue;
      }
      entry.msPerStep = await measure(candidate, options);
      if (best === null || entry.msPerStep < best.ms) best = { candidate, ms: entry.msPerStep };
    } catch (error) {
      if (error instanceof CalibrationStopped) throw error;
      entry.error = error instanceof Error ? error.message : String(error);
    }
  }
  if (best === null) {
    throw new Error(`no training backend works here: ${entries.map((e) => `${e.backend}/${e.implementation}: ${e.error}`).join("; ")}`);
  }
  if (!(await setBackend(best.candidate.backend))) throw new Error(`the ${best.candidate.backend} backend stopped working`);
  return { best: best.candidate, entries };
}
