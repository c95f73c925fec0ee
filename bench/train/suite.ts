/**
 * The tfjs half of `npm run bench:train`, identical in Node and in the browser: for each backend and cell, the
 * engine's fused path (kernels chosen by calibration, plus each kernel variant on its own for comparison) and the
 * tf.layers + model.fit baseline, timed per epoch of the seed workload.
 */
import * as tf from "@tensorflow/tfjs";
import { FusedRecurrentRunner } from "@/lib/ml/kernels/fusedRecurrent";
import { calibrateKernels, createKernels, supportedKernelVariants } from "@/lib/ml/kernels/index";
import type { KernelVariant } from "@/lib/ml/kernels/layout";
import type { CellType } from "@/lib/ml/recurrent";
import { createEngineTrainer } from "./engineLoop";
import { createLayersTrainer } from "./layersLoop";
import { CELLS, SEED_WORKLOAD, median, seedData } from "./workload";

export interface Measurement {
  impl: string;
  env: "node" | "chromium" | "python";
  backend: string;
  cell: CellType;
  msPerEpoch: number;
  [extra: string]: unknown;
}

export interface SuiteOptions {
  env: "node" | "chromium";
  backends: string[];
  cells?: CellType[];
  /** Epochs per timed round of the engine (three rounds, median reported). */
  engineEpochs: number;
  /** Timed epochs of tf.layers (median reported). */
  layersEpochs: number;
  /** Also time every kernel variant, not only the calibrated choice. */
  variants: boolean;
  now: () => number;
  report: (m: Measurement) => void;
}

async function timeEngine(cell: CellType, variant: KernelVariant, epochs: number, now: () => number) {
  const runner = new FusedRecurrentRunner(await createKernels(variant));
  const trainer = createEngineTrainer(cell, runner, seedData());
  for (let i = 0; i < 3; i++) trainer.epoch();
  const rounds: number[] = [];
  let loss = NaN;
  for (let r = 0; r < 3; r++) {
    const start = now();
    for (let e = 0; e < epochs; e++) loss = trainer.epoch();
    rounds.push((now() - start) / epochs);
  }
  trainer.dispose();
  return { msPerEpoch: median(rounds), rounds, loss };
}

export async function runTfjsSuite(o: SuiteOptions): Promise<void> {
  const data = seedData();
  for (const backend of o.backends) {
    if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} failed to initialise`);
    await tf.ready();
    for (const cell of o.cells ?? CELLS) {
      const dims = { cell, relu: false, batch: SEED_WORKLOAD.batchSize, steps: SEED_WORKLOAD.window, inputSize: 1, hiddenSize: SEED_WORKLOAD.hidden };
      const calibration = await calibrateKernels(dims, o.now);
      const chosen = calibration[0]!.variant;
      const engine = await timeEngine(cell, chosen, o.engineEpochs, o.now);
      o.report({
        impl: "engine", env: o.env, backend, cell, msPerEpoch: round(engine.msPerEpoch),
        kernels: chosen, rounds: engine.rounds.map(round), finalLoss: round(engine.loss),
        calibrationMs: Object.fromEntries(calibration.map((c) => [c.variant, round(c.best)])),
      });
      if (o.variants) {
        for (const variant of supportedKernelVariants()) {
          // JS kernels are ~10× slower; fewer epochs keep the run short without changing what is measured.
          const epochs = variant === "js" ? Math.max(2, Math.round(o.engineEpochs / 5)) : o.engineEpochs;
          const v = await timeEngine(cell, variant, epochs, o.now);
          o.report({ impl: `engine/${variant}`, env: o.env, backend, cell, msPerEpoch: round(v.msPerEpoch), rounds: v.rounds.map(round) });
        }
      }
      const layers = createLayersTrainer(cell, data);
      await layers.epoch();
      const epochs: number[] = [];
      let loss = NaN;
      for (let e = 0; e < o.layersEpochs; e++) {
        const start = o.now();
        loss = await layers.epoch();
        epochs.push(o.now() - start);
      }
      layers.dispose();
      o.report({ impl: "tf.layers", env: o.env, backend, cell, msPerEpoch: round(median(epochs)), epochs: epochs.map(round), finalLoss: round(loss) });
    }
  }
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
